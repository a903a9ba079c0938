import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Netns, cleanEnv, netnsUnavailable, startInNetns, waitFor, type Child } from '@uptime/test-lab';
import { CLIS } from './helpers/clis.js';

/** `uptime-sensor` as a user runs it: real processes, real files, the appliance running in a namespace. */
const run = (args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}) =>
  spawnSync(process.execPath, [CLIS.appliance, ...args], { encoding: 'utf8', input: options.input, cwd: options.cwd, env: cleanEnv(options.env) });

const HASH = '$scrypt$ln=15,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';
const SUBCOMMANDS = [
  ['events'], ['queue'], ['user'], ['start'], ['monitor'], ['mta'], ['viewer'], ['check-config'], ['status'], ['events', 'list'], ['events', 'export'],
  ['queue', 'list'], ['queue', 'flush'], ['queue', 'delete'], ['user', 'add'], ['user', 'list'], ['user', 'delete'],
  ['dkim'], ['dns-records'], ['test-alert'], ['hash-password'], ['silence'], ['silence', 'add'], ['silence', 'list'], ['silence', 'delete'], ['ack'],
];

describe('uptime-sensor without a running appliance', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uptime-cli-'));

  it('prints the version of the package with --version', () => {
    const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };
    const out = run(['--version']);
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toBe(version);
  });

  it.each(SUBCOMMANDS.map((words) => words.join(' ')))('has --help with examples, --config and --data-dir: %s', (command) => {
    const words = command.split(' ');
    const out = run([...words, '--help']);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain(`Usage: uptime-sensor ${words.join(' ')}`);
    expect(out.stdout).toMatch(/--config <file>/);
    expect(out.stdout).toMatch(/--data-dir <dir>/);
    expect(out.stdout).toMatch(/Examples:\n  \$ uptime-sensor /);
  });

  it('check-config prints the effective config with every layer and secrets as ***, exit 0', () => {
    const config = join(dir, 'good.yaml');
    writeFileSync(config, ['monitor:', '  interval: 5s', '  targets: [{ name: gw, host: 127.0.0.1 }]', 'viewer:', `  auth: { user: admin, passwordHash: "${HASH}" }`].join('\n'));
    const out = run(['check-config', '--config', config, '--interval', '7'], { cwd: dir, env: { SMTP_PASSWORD: 'hunter2-secret', NOTIFICATION_EMAIL: 'ops@localhost' } });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain('interval: 7000'); // the flag wins over the file
    expect(out.stdout).toMatch(/to:\n\s+- ops@localhost/); // the environment wins over the default
    expect(out.stdout).toContain('listen: 127.0.0.1:2525'.split(':')[0]); // defaults filled in
    expect(out.stdout).toContain('failureThreshold: 3');
    expect(out.stdout).toMatch(/passwordHash: "\*\*\*"/);
    expect(out.stdout).toContain('SMTP_PASSWORD=***');
    expect(out.stdout).not.toContain(HASH);
    expect(out.stdout).not.toContain('hunter2-secret');
  });

  it('check-config refuses a bad config like the start: exit 2, the key named, nothing on stdout', () => {
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'monitor:\n  targets:\n    - { name: a, host: 127.0.0.1 }\n    - { name: b, host: 10.0.0.300 }\n  colour: blue\n');
    const out = run(['check-config', '-c', config]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('monitor.targets[1].host: "10.0.0.300" is not an IP address or host name');
    expect(out.stderr).toContain('monitor.colour: unknown key');
    expect(out.stdout).toBe('');
  });

  it('passes arguments after pnpm\'s -- as meant: pnpm start -- check-config --target ...', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const out = spawnSync('pnpm', ['start', '--', 'check-config', '--target', '127.0.0.9', '--data-dir', join(dir, 'pdata')], { cwd: root, encoding: 'utf8', env: cleanEnv() });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain('host: 127.0.0.9');
    expect(out.stdout).toContain(`dataDir: ${join(dir, 'pdata')}`);
  });

  it('dns-records prints A, SPF, the DKIM key of the MTA and DMARC for the sender domain', () => {
    const config = join(dir, 'mx.yaml');
    writeFileSync(config, ['alerts: { from: uptime@lab.example }', 'mta:', '  hostname: sensor.lab.example', '  relay: { mode: mx, dkim: { domain: lab.example, selector: uptime } }'].join('\n'));
    const args = ['--config', config, '--data-dir', join(dir, 'mxdata')];
    const out = run(['dns-records', '--address', '192.0.2.10', ...args]);
    expect(out.status, out.stderr).toBe(0);
    const records = out.stdout.split('\n').filter((l) => l && !l.startsWith(';'));
    expect(records[0]).toMatch(/^sensor\.lab\.example\. +IN A +192\.0\.2\.10$/);
    expect(records).toContainEqual(expect.stringMatching(/^lab\.example\. +IN TXT +"v=spf1 a:sensor\.lab\.example -all"$/));
    expect(records).toContain(run(['dkim', ...args]).stdout.trim()); // the key the MTA signs with
    expect(records).toContainEqual(expect.stringMatching(/^_dmarc\.lab\.example\. +IN TXT +"v=DMARC1; p=quarantine;/));
    expect(run(['dns-records', '--address', 'not-an-ip', ...args]).status).toBe(2);
  });

  it('status says the appliance is not running (exit 1) on an empty data directory', () => {
    const out = run(['status', '--data-dir', join(dir, 'empty')]);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/no status yet: .*status\.json does not exist/);
  });
});

const unavailable = netnsUnavailable();
if (unavailable) console.warn(`SKIPPED uptime-sensor with a running appliance: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('uptime-sensor beside a running appliance', () => {
  let ns: Netns;
  let appliance: Child;
  const children: Child[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'uptime-cli-run-'));
  const dataDir = join(dir, 'data');
  const config = join(dir, 'uptime.config.yaml');

  beforeAll(async () => {
    ns = new Netns();
    writeFileSync(
      config,
      [`dataDir: ${dataDir}`, 'monitor:', '  interval: 300ms', '  timeout: 200ms', '  targets: [{ name: loop, host: 127.0.0.1 }]', 'mta:', '  relay: { dkim: { domain: lab.test, selector: uptime } }'].join('\n'),
    );
    appliance = startInNetns(ns, CLIS.appliance, ['--config', config], { cwd: dir });
    children.push(appliance);
    await appliance.waitForOutput(/all parts are running/, 'the appliance to start');
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    ns?.delete();
  });

  it('status --json and status show the target and the parts', async () => {
    const status = await waitFor('the target to be up', () => {
      const out = run(['status', '--json', '--config', config]);
      const doc = out.status === 0 ? (JSON.parse(out.stdout) as { targets: Array<{ name: string; status: string; rttMs: number | null }>; parts: Array<{ part: string; up: boolean }> }) : undefined;
      return doc?.targets[0]?.status === 'up' ? doc : undefined;
    });
    expect(status.targets).toMatchObject([{ name: 'loop', host: '127.0.0.1', status: 'up', silenced: false, acknowledged: false }]);
    expect(status.parts.map((p) => `${p.part}:${p.up}`).sort()).toEqual(['monitor:true', 'mta:true', 'viewer:true']);
    const table = run(['--config', config, 'status']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^TARGET\s+HOST\s+STATUS\s+SINCE\s+RTT\s+NOTES$/m);
    expect(table.stdout).toMatch(/^loop\s+127\.0\.0\.1\s+up\s+\S+\s+\d+\.\d ms\s+-$/m);
  });

  it('events list, queue list, user add/list/delete, dkim and hash-password reach the parts\' CLIs', () => {
    const events = run(['events', 'list', '--code', 'MONITOR_STARTED', '--json', '--config', config]);
    expect(events.status, events.stderr).toBe(0);
    expect((JSON.parse(events.stdout) as Array<{ code: string }>).map((e) => e.code)).toEqual(['MONITOR_STARTED']);

    const queue = run(['queue', 'list', '--json', '--config', config]);
    expect(queue.status, queue.stderr).toBe(0);
    expect(JSON.parse(queue.stdout)).toHaveProperty('messages');

    expect(run(['user', 'add', 'printer', '--password-stdin', '--config', config], { input: 'pw-of-the-printer\n' }).status).toBe(0);
    expect(run(['user', 'list', '--config', config]).stdout).toContain('printer');
    expect(run(['user', 'delete', 'printer', '--config', config]).status).toBe(0);
    expect(run(['user', 'list', '--config', config]).stdout).not.toContain('printer');
    expect(readFileSync(join(dataDir, 'secrets', 'mta-users.json'), 'utf8')).not.toContain('pw-of-the-printer');

    const dkim = run(['dkim', '--config', config]);
    expect(dkim.status, dkim.stderr).toBe(0);
    expect(dkim.stdout).toMatch(/^uptime\._domainkey\.lab\.test\.\s+IN\s+TXT/m);

    const hash = run(['hash-password'], { input: 'correct horse\n' });
    expect(hash.status, hash.stderr).toBe(0);
    expect(hash.stdout).toMatch(/^\$scrypt\$ln=\d+,r=8,p=1\$/);
  });

  it('runs one part alone and passes SIGTERM on to it: uptime-sensor viewer', async () => {
    const other = new Netns();
    try {
      const viewer = startInNetns(other, CLIS.appliance, ['viewer', '--config', config], { cwd: dir });
      children.push(viewer);
      await viewer.waitForOutput(/viewer: listening on http:\/\/127\.0\.0\.1:8025/, 'the viewer alone to listen');
      expect(other.fetchText('http://127.0.0.1:8025/api/health')).toContain('"ok"');
      expect(await viewer.stop('SIGTERM', 15_000)).toBe(0);
      expect(viewer.output()).toContain('viewer: SIGTERM, stopping');
    } finally {
      other.delete();
    }
  });
});
