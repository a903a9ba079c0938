/** @module ICMP through the system `ping` command, for when raw sockets are not allowed; tried once at start. */
import { execFile, type ExecFileException } from 'node:child_process';
import { isIP } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';

/** How the probe says it works (`monitor: ICMP by ...`). */
export const PING_COMMAND_METHOD = 'the system ping command (no CAP_NET_RAW for raw sockets)';

/** What one `ping` run gave: its failure (exit, or exec refused) and what it printed. */
interface PingRun {
  error: ExecFileException | null;
  stdout: string;
  stderr: string;
}

/** The arguments of one check: iputils-ping's, one echo request waiting at most the timeout. */
function pingArgs(address: string, timeoutMs: number): string[] {
  const seconds = Math.max(timeoutMs / 1000, 0.2).toFixed(3);
  return ['-n', '-q', '-c', '1', '-W', seconds, ...(isIP(address) === 6 ? ['-6'] : []), address];
}

function execPing(address: string, timeoutMs: number): Promise<PingRun> {
  return new Promise((resolve) => {
    try {
      execFile('ping', pingArgs(address, timeoutMs), { timeout: Math.ceil(timeoutMs) + 1000, encoding: 'utf8' }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
    } catch (err) {
      // exec itself can be refused, e.g. ping's file capability outside the bounding set
      resolve({ error: err as ExecFileException, stdout: '', stderr: '' });
    }
  });
}

async function runPing(address: string, timeoutMs: number): Promise<ProbeResult> {
  const { error, stdout, stderr } = await execPing(address, timeoutMs);
  const rtt = /= [\d.]+\/([\d.]+)\//.exec(stdout);
  if (!error) return { ok: true, address, rttMs: rtt ? Number(rtt[1]) : undefined };
  const reason =
    error.code === 'ENOENT'
      ? 'no raw-socket permission and no ping command: install iputils-ping or grant CAP_NET_RAW'
      : typeof error.code === 'string'
        ? `cannot run ping: ${error.code}`
        : stderr.trim().split('\n')[0] || 'no echo reply';
  return { ok: false, address, error: reason };
}

/** Why a ping run failed, in words, with ping's own first line when it printed one. */
function whyPingFailed({ error, stderr }: PingRun, address: string): string {
  const said = stderr.trim().split('\n')[0];
  const quoted = said ? `: "${said}"` : '';
  if (error?.code === 'ENOENT') return 'there is no ping command on PATH';
  if (typeof error?.code === 'string') return `ping cannot be run (${error.code})`;
  if (/usage|invalid option|unrecognized option|unknown option/i.test(stderr)) {
    return `ping does not take the options the monitor passes (${pingArgs(address, 1000).join(' ')}), as BusyBox ping does not${quoted}`;
  }
  if (/not permitted|permission denied/i.test(stderr)) return `ping is not allowed to send ICMP${quoted}`;
  return `ping ${address} got no answer${quoted}`;
}

/**
 * Pings 127.0.0.1 (and ::1 when `ipv6`) once, as a check does; answers why the system ping cannot be used
 * and what to do, or undefined when it works.
 */
export async function verifyPingCommand(ipv6 = false): Promise<string | undefined> {
  for (const address of ipv6 ? ['127.0.0.1', '::1'] : ['127.0.0.1']) {
    const run = await execPing(address, 1000);
    if (!run.error) continue;
    return (
      `no way to ping: raw ICMP sockets are not allowed (this process lacks CAP_NET_RAW) and the system ping does not work: ${whyPingFailed(run, address)}. ` +
      'Grant node CAP_NET_RAW (setcap cap_net_raw+ep $(command -v node)) or install iputils-ping.'
    );
  }
  return undefined;
}

/** Creates the probe that runs `ping -c 1` once per check. */
export function createPingCommandProbe(): Probe {
  return {
    kind: 'icmp',
    method: PING_COMMAND_METHOD,
    async check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      const deadline = performance.now() + timeoutMs;
      const { address, failed } = await resolveForCheck(target.host, timeoutMs);
      if (failed) return failed;
      return runPing(address, Math.max(deadline - performance.now(), 1));
    },
    close() {},
  };
}
