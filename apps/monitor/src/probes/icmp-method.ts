/** @module Says at start how ICMP is probed, and refuses to start when no way of pinging works. */
import { isIP } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import type { Probe } from './probe.js';
import { PING_COMMAND_METHOD, verifyPingCommand } from './ping-command-probe.js';

/** The start-up line naming the ICMP method; throws, saying what to do, when it is the system ping and that does not work. */
export async function icmpMethodLine(icmp: Probe, targets: readonly TargetConfig[]): Promise<string> {
  if (icmp.method === PING_COMMAND_METHOD) {
    const problem = await verifyPingCommand(targets.some((t) => t.probe === 'icmp' && isIP(t.host) === 6));
    if (problem) throw new Error(problem);
  }
  return `monitor: ICMP by ${icmp.method}\n`;
}
