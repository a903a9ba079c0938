/** @module ICMP echo: one raw socket per family shared by all targets, else the system ping command. */
import { isIP } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';
import { createPingCommandProbe } from './ping-command-probe.js';
import { EchoSocket } from './icmp/echo-socket.js';

/** True when this process may open raw ICMP sockets (root or CAP_NET_RAW). */
function canOpenRawSocket(): boolean {
  try {
    new EchoSocket(4).close();
    return true;
  } catch {
    return false;
  }
}

/** Creates the ICMP probe: raw sockets when allowed, else the system ping command. */
export function createIcmpProbe(onProblem?: (message: string) => void): Probe {
  return canOpenRawSocket() ? createRawIcmpProbe(onProblem) : createPingCommandProbe();
}

/** The probe on raw sockets; throws when they are not allowed. */
export function createRawIcmpProbe(onProblem?: (message: string) => void): Probe {
  const sockets: Partial<Record<4 | 6, EchoSocket>> = {};
  const socketFor = (family: 4 | 6): EchoSocket => (sockets[family] ??= new EchoSocket(family, onProblem));

  const ping = (address: string, timeoutMs: number): Promise<ProbeResult> => {
    let socket: EchoSocket;
    try {
      socket = socketFor(isIP(address) === 6 ? 6 : 4);
    } catch (err) {
      return Promise.resolve({ ok: false, address, error: `cannot open an ICMP socket: ${(err as Error).message}` });
    }
    return socket.ping(address, timeoutMs);
  };

  return {
    kind: 'icmp',
    method: 'raw ICMP sockets',
    check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      if (isIP(target.host)) return ping(target.host, timeoutMs); // no promise more than needed: thousands a second
      return resolveForCheck(target.host, timeoutMs).then(({ address, failed }) => failed ?? ping(address, timeoutMs));
    },
    close() {
      for (const socket of Object.values(sockets)) socket.close();
      delete sockets[4];
      delete sockets[6];
    },
  };
}
