import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Netns, netnsUnavailable, startInNetns, waitFor } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const unavailable = netnsUnavailable() ?? (spawnSync('dnsmasq', ['--version']).status === 0 ? undefined : 'needs dnsmasq');
if (unavailable) console.warn(`SKIPPED name resolution test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('host names', () => {
  it('probes the resolved IP, and a name that does not resolve is a failed check with the reason', async () => {
    const ns = new Netns();
    ns.addAddress('127.0.0.51');
    ns.setResolvConf('nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    const dir = mkdtempSync(join(tmpdir(), 'uptime-names-'));
    const config = join(dir, 'uptime.config.yaml');
    writeFileSync(
      config,
      'monitor:\n  interval: 300ms\n  timeout: 200ms\n  targets:\n    - { name: web, host: web.lab.test }\n    - { name: ghost, host: nx.lab.test }\n',
    );
    const dns = spawn('ip', ns.wrap([
      'dnsmasq', '--no-daemon', '--port=53', '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts',
      '--local=/test/', '--host-record=web.lab.test,127.0.0.51',
    ]).slice(1), { stdio: 'ignore' });
    const dnsExited = new Promise((r) => dns.on('exit', r));
    const child = startInNetns(ns, cli, ['--config', config, '--data-dir', join(dir, 'data')]);
    try {
      await waitFor('checks of both names', () => child.output().includes('Network Active to 127.0.0.51') && child.output().includes('Network Inactive to nx.lab.test'));
      const reason = /Network Inactive to nx\.lab\.test \(cannot resolve nx\.lab\.test: .*ENOTFOUND/;
      await waitFor('the reason in monitor.log', () => reason.test(readFileSync(join(dir, 'data', 'logs', 'monitor.log'), 'utf8')));
      await waitFor('the HOST_UP event with the IP', () => readFileSync(join(dir, 'data', 'run', 'status.json'), 'utf8').includes('"host":"127.0.0.51"'));
    } finally {
      dns.kill('SIGTERM');
      try {
        await Promise.all([child.stop(), dnsExited]);
      } finally {
        ns.delete(); // also when a check above failed
      }
    }
    expect(await child.exited).toBe(0);
  });
});
