/** @module TLS probe: up when a TLS handshake with host:port completes within the timeout and (unless turned off) the certificate is valid. */
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';
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
      const started = performance.now();
      return new Promise((resolve) => {
        // the name is checked against the certificate (and sent as SNI); an IP is checked against its IP entries
        const servername = isIP(target.host) ? undefined : target.host;
        const socket = connect({ host: address, port: target.port ?? 0, servername, ...tlsOptionsFor(target) });
        const finish = (result: ProbeResult) => {
          clearTimeout(timer);
          socket.destroy();
          resolve(result);
        };
        const timer = setTimeout(() => finish({ ok: false, address, error: `no TLS handshake within ${timeoutMs} ms` }), Math.max(deadline - started, 1));
        socket.once('secureConnect', () => {
          const notAfter = certificateEnd(socket);
          finish({ ok: true, address, rttMs: performance.now() - started, ...(notAfter ? { notAfter } : {}) });
        });
        socket.once('error', (err: NodeJS.ErrnoException) => finish({ ok: false, address, error: isCertificateError(err) ? tlsFailure(err) : err.message }));
      });
    },
    close() {},
  };
}
