import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Netns, netnsUnavailable, startInNetns, waitFor } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const realPing = spawnSync('sh', ['-c', 'command -v ping'], { encoding: 'utf8' }).stdout.trim();
const unavailable =
  netnsUnavailable() ??
  (process.getuid?.() === 0 ? undefined : 'needs root to drop to an unprivileged user') ??
  (realPing ? undefined : 'needs the ping command (Debian package iputils-ping)');
if (unavailable) console.warn(`SKIPPED ping fallback test: ${unavailable}`);

/** A directory for PATH holding only `ping` (a script, or a link to the real one), or nothing. */
function pathWith(ping?: { script?: string; link?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'uptime-path-'));
  chmodSync(dir, 0o755);
  if (ping?.script) writeFileSync(join(dir, 'ping'), ping.script, { mode: 0o755 });
  if (ping?.link) symlinkSync(ping.link, join(dir, 'ping'));
  return dir;
}

const BUSYBOX_PING = `#!/bin/sh
echo "ping: unrecognized option '-W'" >&2
echo "BusyBox v1.36.1 (Debian 1:1.36.1-9) multi-call binary." >&2
echo "Usage: ping [OPTIONS] HOST" >&2
exit 2
`;

/** Runs the monitor as nobody (no CAP_NET_RAW) with only `pathDir` on PATH, checking 127.0.0.1. */
function startUnprivileged(ns: Netns, pathDir: string) {
  const dir = mkdtempSync(join(tmpdir(), 'uptime-ping-'));
  chmodSync(dir, 0o777);
  mkdirSync(join(dir, 'data'), { mode: 0o777 });
  chmodSync(join(dir, 'data'), 0o777);
  const prefix = ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '/usr/bin/env', `PATH=${pathDir}`];
  const args = ['--data-dir', join(dir, 'data'), '--interval', '300ms', '--timeout', '200ms', '--target', '127.0.0.1'];
  return { child: startInNetns(ns, cli, args, { cwd: dir, prefix }), dataDir: join(dir, 'data') };
}

describe.skipIf(unavailable !== undefined)('the system ping fallback, tried at start', () => {
  it('refuses to start, saying what to do, when ping is BusyBox or missing', async () => {
    const ns = new Netns();
    try {
      for (const [pathDir, why] of [
        [pathWith({ script: BUSYBOX_PING }), /ping does not take the options the monitor passes \(-n -q -c 1 -W 1\.000 127\.0\.0\.1\), as BusyBox ping does not: "ping: unrecognized option '-W'"/],
        [pathWith(), /there is no ping command on PATH/],
      ] as const) {
        const { child, dataDir } = startUnprivileged(ns, pathDir);
        const code = await Promise.race([child.exited, waitFor('the monitor to exit', () => undefined, 30_000)]);
        expect(code).not.toBe(0);
        expect(child.output()).toMatch(/monitor: cannot start: no way to ping: raw ICMP sockets are not allowed/);
        expect(child.output()).toMatch(why);
        expect(child.output()).toContain('setcap cap_net_raw+ep $(command -v node)');
        expect(child.output()).toContain('install iputils-ping');
        expect(child.output()).not.toMatch(/Network (Active|Inactive)|monitor: checking/);
        expect(existsSync(join(dataDir, 'logs', 'monitor.log'))).toBe(false);
      }
    } finally {
      ns.delete();
    }
  });

  it('starts with the real ping', async () => {
    const ns = new Netns();
    const { child } = startUnprivileged(ns, pathWith({ link: realPing }));
    try {
      await child.waitForOutput(/Network (Active|Inactive) to 127\.0\.0\.1/, 'a check of 127.0.0.1'); // up or down: the rest is other tests'
      expect(child.output()).toContain('monitor: ICMP by the system ping command');
      expect(child.output()).toContain('monitor: checking 127.0.0.1');
      expect(child.output()).not.toContain('cannot start');
    } finally {
      try {
        await child.stop();
      } finally {
        ns.delete();
      }
    }
    expect(await child.exited).toBe(0);
  });
});
