import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Netns, netnsUnavailable, waitFor } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const unavailable = netnsUnavailable() ?? (process.getuid?.() === 0 ? undefined : 'needs root to drop to an unprivileged user');
if (unavailable) console.warn(`SKIPPED unprivileged ICMP test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('the monitor without CAP_NET_RAW', () => {
  it('says it falls back to the system ping, and still sees up and down', async () => {
    const ns = new Netns();
    ns.addAddress('127.0.0.51');
    const dir = mkdtempSync(join(tmpdir(), 'uptime-unpriv-'));
    chmodSync(dir, 0o777);
    const args = [
      'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all',
      process.execPath, cli, '--data-dir', join(dir, 'data'), '--interval', '300ms', '--timeout', '200ms',
      '--target', '127.0.0.51', '--target', '127.0.0.52',
    ];
    const child = spawn('ip', ns.wrap(args).slice(1), { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, env: { ...process.env, INIT_CWD: dir } });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await waitFor('a check of each target', () => out.includes('Network Active to 127.0.0.51') && out.includes('Network Inactive to 127.0.0.52'));
      expect(out).toContain('monitor: ICMP by the system ping command');
      expect(out).not.toMatch(/Network Inactive to 127\.0\.0\.51/);
    } finally {
      child.kill('SIGTERM');
      try {
        await exited;
      } finally {
        ns.delete(); // also when a check above failed
      }
    }
    expect(await exited).toBe(0);
  });
});
