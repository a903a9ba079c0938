/** @module ICMP echo with net-ping: one echo request per check, one raw socket per family and timeout shared by all targets. */
import { isIP } from 'node:net';
import { endianness } from 'node:os';
import netPing, { type Session } from 'net-ping';
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';
import { createPingCommandProbe } from './ping-command-probe.js';

/** True when this process may open raw ICMP sockets (root or CAP_NET_RAW). */
function canOpenRawSocket(): boolean {
  try {
    netPing.createSession({ retries: 0 }).close();
    return true;
  } catch {
    return false;
  }
}

/** Creates the ICMP probe: net-ping on raw sockets, else the system ping command. */
export function createIcmpProbe(): Probe {
  return canOpenRawSocket() ? createRawIcmpProbe() : createPingCommandProbe();
}

/**
 * Linux: asks the kernel not to hand the session echo requests, which net-ping reads and drops. A raw
 * socket gets every ICMP packet the host receives, so on loopback it would read each of its own requests
 * besides the reply: half the packets, wakeups and reads of a check. A socket without the filter still works.
 */
function dropEchoRequests(session: Session, family: 4 | 6): void {
  if (process.platform !== 'linux') return;
  const [level, option, bytes, type] = family === 4 ? [255, 1, 4, 8] : [58, 1, 32, 128]; // SOL_RAW ICMP_FILTER; IPPROTO_ICMPV6 ICMP6_FILTER
  const filter = Buffer.alloc(bytes); // a set bit drops that type, in 32-bit words of host byte order
  const word = Math.floor(type / 32) * 4;
  if (endianness() === 'LE') filter.writeUInt32LE(2 ** (type % 32), word);
  else filter.writeUInt32BE(2 ** (type % 32), word);
  try {
    session.getSocket().setOption(level, option, filter, bytes);
  } catch {
    // an older kernel or another system: net-ping drops the requests itself
  }
}

function createRawIcmpProbe(): Probe {
  const sessions = new Map<number, Session>();

  const sessionFor = (family: 4 | 6, timeoutMs: number): Session => {
    const key = timeoutMs * 10 + family;
    let session = sessions.get(key);
    if (!session) {
      session = netPing.createSession({
        networkProtocol: family === 6 ? netPing.NetworkProtocol.IPv6 : netPing.NetworkProtocol.IPv4,
        retries: 0,
        timeout: timeoutMs,
        packetSize: 56,
      });
      session.on('error', () => undefined);
      dropEchoRequests(session, family);
      sessions.set(key, session);
    }
    return session;
  };

  const ping = (address: string, timeoutMs: number): Promise<ProbeResult> =>
    new Promise((resolve) => {
      sessionFor(isIP(address) === 6 ? 6 : 4, timeoutMs).pingHost(address, (error, _target, sent, rcvd) => {
        if (error) resolve({ ok: false, address, error: error.message || error.name });
        else resolve({ ok: true, address, rttMs: sent && rcvd ? rcvd.getTime() - sent.getTime() : undefined });
      });
    });

  return {
    kind: 'icmp',
    method: 'raw ICMP sockets (net-ping)',
    check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      if (isIP(target.host)) return ping(target.host, timeoutMs); // no promise more than needed: thousands a second
      return resolveForCheck(target.host).then(({ address, failed }) => failed ?? ping(address, timeoutMs));
    },
    close() {
      for (const session of sessions.values()) session.close();
      sessions.clear();
    },
  };
}
