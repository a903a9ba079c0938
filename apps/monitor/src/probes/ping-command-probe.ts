/** @module ICMP through the system `ping` command, for when raw sockets are not allowed. */
import { execFile, type ExecFileException } from 'node:child_process';
import { isIP } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import type { Probe, ProbeResult } from './probe.js';
import { resolveForCheck } from './resolve-address.js';

function runPing(address: string, timeoutMs: number): Promise<ProbeResult> {
  const seconds = Math.max(timeoutMs / 1000, 0.2).toFixed(3);
  const args = ['-n', '-q', '-c', '1', '-W', seconds, ...(isIP(address) === 6 ? ['-6'] : []), address];
  return new Promise((resolve) => {
    const onExit = (error: ExecFileException | null, stdout: string, stderr: string) => {
      const rtt = /= [\d.]+\/([\d.]+)\//.exec(stdout);
      if (!error) return resolve({ ok: true, address, rttMs: rtt ? Number(rtt[1]) : undefined });
      const reason =
        error.code === 'ENOENT'
          ? 'no raw-socket permission and no ping command: install iputils-ping or grant CAP_NET_RAW'
          : stderr.trim().split('\n')[0] || 'no echo reply';
      resolve({ ok: false, address, error: reason });
    };
    try {
      execFile('ping', args, { timeout: timeoutMs + 1000, encoding: 'utf8' }, onExit);
    } catch (err) {
      // exec itself can be refused, e.g. ping's file capability outside the bounding set
      resolve({ ok: false, address, error: `cannot run ping: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
    }
  });
}

/** Creates the probe that runs `ping -c 1` once per check. */
export function createPingCommandProbe(): Probe {
  return {
    kind: 'icmp',
    method: 'the system ping command (no CAP_NET_RAW for raw sockets)',
    async check(target: TargetConfig, timeoutMs: number): Promise<ProbeResult> {
      const deadline = performance.now() + timeoutMs;
      const { address, failed } = await resolveForCheck(target.host, timeoutMs);
      if (failed) return failed;
      return runPing(address, Math.max(deadline - performance.now(), 1));
    },
    close() {},
  };
}
