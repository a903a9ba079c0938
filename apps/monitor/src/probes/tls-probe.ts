/** @module TLS probe: up when a TLS handshake with host:port completes within the timeout and (unless turned off) the certificate is valid. */
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';
import { runSocketCheck } from './socket-check.js';
import type { NameResolver } from './names/name-resolver.js';
import { certificateEnd } from './http/http-get.js';
import { isCertificateError, tlsFailure, tlsOptionsFor } from './tls-trust.js';

/** Creates the TLS handshake probe, names resolved by the system's name servers. */
export function createTlsProbe(): Probe {
  return createTlsProbeWith();
}

/** The TLS handshake probe with `names` resolving host names (a test's name server); default the system's. */
export function createTlsProbeWith(names?: NameResolver): Probe {
  return {
    kind: 'tls',
    async check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      const deadline = performance.now() + timeoutMs;
      const { address, failed } = await resolveForCheck(target.host, timeoutMs, names);
      if (failed) return failed;
      // the name is checked against the certificate (and sent as SNI); an IP is checked against its IP entries
      const servername = isIP(target.host) ? undefined : target.host;
      return runSocketCheck(address, deadline, {
        open: () => connect({ host: address, port: target.port ?? 0, servername, ...tlsOptionsFor(target) }),
        ready: 'secureConnect',
        onReady: (socket, rttMs) => {
          const notAfter = certificateEnd(socket);
          return { ok: true, address, rttMs, ...(notAfter ? { notAfter } : {}) };
        },
        reason: (err) => (isCertificateError(err) ? tlsFailure(err) : err.message),
        timeoutReason: `no TLS handshake within ${timeoutMs} ms`,
      });
    },
    close() {},
  };
}
