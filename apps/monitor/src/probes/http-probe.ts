/** @module HTTP probe: up when a GET of the URL answers with a status below 500 within the timeout. */
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';

/** Creates the HTTP(S) GET probe. */
export function createHttpProbe(): Probe {
  return {
    kind: 'http',
    async check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      const { address, failed } = await resolveForCheck(target.host);
      if (failed) return failed;
      const started = performance.now();
      try {
        const response = await fetch(target.url ?? `http://${target.host}/`, {
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        const rttMs = performance.now() - started;
        if (response.status >= 500) return { ok: false, address, rttMs, error: `HTTP ${response.status}` };
        return { ok: true, address, rttMs };
      } catch (err) {
        const e = err as Error & { cause?: Error };
        const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.message ?? e.message);
        return { ok: false, address, error: reason };
      }
    },
    close() {},
  };
}
