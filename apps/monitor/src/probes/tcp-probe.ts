/** @module TCP probe: up when a connection to host:port is accepted within the timeout. */
import { connect } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';
import { runSocketCheck } from './socket-check.js';
import type { NameResolver } from './names/name-resolver.js';

/** Creates the TCP connect probe, names resolved by the system's name servers. */
export function createTcpProbe(): Probe {
  return createTcpProbeWith();
}

/** The TCP connect probe with `names` resolving host names (a test's name server); default the system's. */
export function createTcpProbeWith(names?: NameResolver): Probe {
  return {
    kind: 'tcp',
    async check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      const deadline = performance.now() + timeoutMs;
      const { address, failed } = await resolveForCheck(target.host, timeoutMs, names);
      if (failed) return failed;
      return runSocketCheck(address, deadline, {
        open: () => connect({ host: address, port: target.port ?? 0 }),
        ready: 'connect',
        onReady: (_socket, rttMs) => ({ ok: true, address, rttMs }),
        reason: (err) => err.message,
        timeoutReason: `no connection within ${timeoutMs} ms`,
      });
    },
    close() {},
  };
}
