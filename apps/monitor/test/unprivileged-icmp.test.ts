import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Netns, netnsUnavailable, startInNetns, waitFor } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const unavailable = netnsUnavailable() ?? (process.getuid?.() === 0 ? undefined : 'needs root to drop to an unprivileged user');
if (unavailable) console.warn(`SKIPPED unprivileged ICMP test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('the monitor without CAP_NET_RAW', () => {
  it('says it falls back to the system ping, and still sees up and down', async () => {
    const ns = new Netns();
    ns.addAddress('127.0.0.51');
    const dir = mkdtempSync(join(tmpdir(), 'uptime-unpriv-'));
    chmodSync(dir, 0o777);
    const unprivileged = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'];
    const args = ['--data-dir', join(dir, 'data'), '--interval', '300ms', '--timeout', '200ms', '--target', '127.0.0.51', '--target', '127.0.0.52'];
    const child = startInNetns(ns, cli, args, { cwd: dir, prefix: unprivileged });
    try {
      await waitFor('a check of each target', () => child.output().includes('Network Active to 127.0.0.51') && child.output().includes('Network Inactive to 127.0.0.52'));
      expect(child.output()).toContain('monitor: ICMP by the system ping command');
      expect(child.output()).not.toMatch(/Network Inactive to 127\.0\.0\.51/);
    } finally {
      try {
        await child.stop();
      } finally {
        ns.delete(); // also when a check above failed
      }
    }
    expect(await child.exited).toBe(0);
  });
});
