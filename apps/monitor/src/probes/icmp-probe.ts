/** @module ICMP echo with net-ping: one echo request per check, raw sockets shared by all targets. */
import { isIP } from 'node:net';
import netPing, { type Session } from 'net-ping';
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveAddress } from './resolve-address.js';
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

function createRawIcmpProbe(): Probe {
  const sessions = new Map<string, Session>();

  const sessionFor = (family: 4 | 6, timeoutMs: number): Session => {
    const key = `${family}/${timeoutMs}`;
    let session = sessions.get(key);
    if (!session) {
      session = netPing.createSession({
        networkProtocol: family === 6 ? netPing.NetworkProtocol.IPv6 : netPing.NetworkProtocol.IPv4,
        retries: 0,
        timeout: timeoutMs,
        packetSize: 56,
      });
      session.on('error', () => undefined);
      sessions.set(key, session);
    }
    return session;
  };

  return {
    kind: 'icmp',
    method: 'raw ICMP sockets (net-ping)',
    async check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      let address = target.host;
      try {
        address = await resolveAddress(target.host);
      } catch (err) {
        return { ok: false, address, error: `cannot resolve ${target.host}: ${(err as Error).message}` };
      }
      const session = sessionFor(isIP(address) === 6 ? 6 : 4, timeoutMs);
      return new Promise((resolve) => {
        session.pingHost(address, (error, _target, sent, rcvd) => {
          if (error) resolve({ ok: false, address, error: error.message || error.name });
          else resolve({ ok: true, address, rttMs: sent && rcvd ? rcvd.getTime() - sent.getTime() : undefined });
        });
      });
    },
    close() {
      for (const session of sessions.values()) session.close();
      sessions.clear();
    },
  };
}
