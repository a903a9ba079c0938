/** @module HTTP probe: a GET of the URL within the timeout; up for a status below 500, or as the target's `expect` says. */
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';
import type { NameResolver } from './names/name-resolver.js';
import { httpGet } from './http/http-get.js';
import { expectationFailure, needsBody } from './http/http-expect.js';
import { isCertificateError, tlsFailure, tlsOptionsFor } from './tls-trust.js';

/** Creates the HTTP(S) GET probe, names resolved by the system's name servers. */
export function createHttpProbe(): Probe {
  return createHttpProbeWith();
}

/** The HTTP(S) GET probe with `names` resolving host names (a test's name server); default the system's. */
export function createHttpProbeWith(names?: NameResolver): Probe {
  return {
    kind: 'http',
    async check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      const deadline = performance.now() + timeoutMs;
      const { address, failed } = await resolveForCheck(target.host, timeoutMs, names);
      if (failed) return failed;
      const url = new URL(target.url ?? `http://${target.host}/`);
      const started = performance.now();
      try {
        const tls = url.protocol === 'https:' ? tlsOptionsFor(target) : {};
        const answer = await httpGet(url, address, Math.max(deadline - started, 1), needsBody(target.expect), tls);
        const rttMs = performance.now() - started;
        const error = expectationFailure(target.expect, answer, rttMs);
        const certificate = answer.notAfter ? { notAfter: answer.notAfter } : {};
        return error ? { ok: false, address, rttMs, error, ...certificate } : { ok: true, address, rttMs, ...certificate };
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.name === 'TimeoutError') return { ok: false, address, error: `no answer within ${timeoutMs} ms` };
        return { ok: false, address, error: isCertificateError(e) ? tlsFailure(e) : e.message };
      }
    },
    close() {},
  };
}
