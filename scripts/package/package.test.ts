/** @module `pnpm package` (issue 14): the .deb and the tarball, installed into throwaway hosts with no network and no Node.js. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '../../packages/test-lab/dist/index.js';
import { SYSTEM_PATH, ThrowawayHost, systemdUnavailable, throwawayUnavailable } from './throwaway-host.js';

const root = resolve(import.meta.dirname, '../..');
const version = (JSON.parse(readFileSync(join(root, 'apps/appliance/package.json'), 'utf8')) as { version: string }).version;
const release = join(root, 'release');
const deb = join(release, `uptime-sensor_${version}_${execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim()}.deb`);
const upgradeDeb = join(release, 'test-upgrade.deb');
const tarball = join(release, `uptime-sensor-${version}-linux-${process.arch}.tar.gz`);
const unit = '/lib/systemd/system/uptime-sensor.service';
const monitorLog = '/var/lib/uptime-sensor/logs/monitor.log';
const mailNew = '/var/lib/uptime-sensor/mail/admin/new';
const node = '/opt/uptime-sensor/bin/node';
/** The service's config in the tests: 127.0.0.1 answers, 127.0.0.51 does not exist in the namespace. */
const testConfig = `monitor:
  interval: 500ms
  timeout: 300ms
  retryInterval: 100ms
  targets:
    - { name: loopback, host: 127.0.0.1 }
    - { name: gone, host: 127.0.0.51 }
alerts:
  to: [admin@localhost]
  groupWait: 0
`;

const why = throwawayUnavailable() ?? (existsSync(join(root, 'apps/appliance/dist/cli.js')) ? undefined : 'needs pnpm build first');
if (why) console.warn(`SKIPPED package tests: ${why}`);
const whyNoSystemd = why ?? systemdUnavailable();
if (whyNoSystemd && !why) console.warn(`SKIPPED package tests under systemd: ${whyNoSystemd}`);

/** Runs a command without blocking the test worker (a build takes minutes); rejects with its stderr on failure. */
const run = promisify(execFile);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const checkedLoopback = (text: string) => /Network Active to 127\.0\.0\.1$/m.test(text);

/** The parts of the installed unit that say how systemd would start the service. */
function serviceOf(unitText: string) {
  const values = (key: string) => [...unitText.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1] ?? '');
  const [user] = values('User');
  const [cwd] = values('WorkingDirectory');
  const [exec] = values('ExecStart');
  const caps = values('AmbientCapabilities').join(' ').toLowerCase().split(/\s+/).filter(Boolean);
  if (!user || !cwd || !exec) throw new Error(`unit without User=, WorkingDirectory= or ExecStart=:\n${unitText}`);
  return { user, cwd, exec: exec.split(' '), env: values('Environment'), caps };
}

/** The first message in the Maildir folder, once there is one. */
function firstMail(host: ThrowawayHost): string | undefined {
  const dir = host.path(mailNew);
  const [file] = existsSync(dir) ? readdirSync(dir) : [];
  return file ? readFileSync(join(dir, file), 'utf8') : undefined;
}

function expectInstalledFiles(host: ThrowawayHost): void {
  expect(host.sh('getent passwd uptime-sensor').stdout).toMatch(/^uptime-sensor:x:\d+:\d+:.*:\/var\/lib\/uptime-sensor:\/usr\/sbin\/nologin$/m);
  expect(statSync(host.path('/etc/uptime-sensor/secrets.env')).mode & 0o777).toBe(0o600);
  expect(statSync(host.path('/var/lib/uptime-sensor')).mode & 0o777).toBe(0o750);
  expect(host.sh('stat -c %U /var/lib/uptime-sensor').stdout.trim()).toBe('uptime-sensor');
  const printed = host.sh('cd / && uptime-sensor --version');
  expect(printed.status, printed.stderr).toBe(0);
  expect(printed.stdout.trim()).toBe(version);
}

describe.skipIf(why)('pnpm package', () => {
  beforeAll(async () => {
    for (const file of [deb, tarball, upgradeDeb]) rmSync(file, { force: true });
    const started = Date.now();
    const built = await run('bash', [join(root, 'scripts/package/build.sh')], { cwd: root, timeout: 900_000 });
    console.log(`pnpm package (after pnpm build): ${seconds(started)}\n${built.stdout}`);
    // the "previous package" for the upgrade: the same files, an older version number
    const tree = mkdtempSync(join(tmpdir(), 'uptime-upgrade-'));
    try {
      await run('dpkg-deb', ['-R', deb, tree]);
      const control = join(tree, 'DEBIAN/control');
      writeFileSync(control, readFileSync(control, 'utf8').replace(/^Version: .*$/m, `Version: ${version}~previous1`));
      await run('dpkg-deb', ['--root-owner-group', '-Znone', '-b', tree, upgradeDeb]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }, 900_000);

  afterAll(() => rmSync(upgradeDeb, { force: true }));

  /** lintian takes minutes: it runs beside the install tests and its test comes last. */
  let lintian: Promise<{ out: string; code: number | null; seconds: string }>;
  beforeAll(() => {
    const started = Date.now();
    lintian = new Promise((done) => {
      const child = spawn('lintian', ['--tag-display-limit', '0', deb], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('close', (code) => done({ out, code, seconds: seconds(started) }));
    });
  });

  describe('on a host where systemd does not run', () => {
    let host: ThrowawayHost;
    let service: ChildProcess | undefined;
    let serviceOut = '';
    beforeAll(async () => (host = await ThrowawayHost.start()), 120_000);
    afterAll(async () => {
      service?.kill('SIGKILL');
      await host?.stop();
    });

    it('installs with dpkg -i, with no Node.js on the PATH and no network', () => {
      expect(host.sh('command -v node || command -v npm || command -v pnpm').stdout).toBe('');
      expect(host.sh('ip -o link show').stdout.trim().split('\n')).toEqual([expect.stringMatching(/^1: lo: /)]);
      const started = Date.now();
      const installed = host.sh(`dpkg -i ${deb}`);
      expect(installed.status, installed.stdout + installed.stderr).toBe(0);
      console.log(`dpkg -i without systemd: ${seconds(started)}`);
      expectInstalledFiles(host);
      expect(host.sh('dpkg-query -W -f="\\${Conffiles}" uptime-sensor').stdout).toContain('/etc/uptime-sensor/uptime.config.yaml');
      expect(host.sh('readlink -f /usr/bin/uptime-sensor').stdout.trim()).toBe('/opt/uptime-sensor/bin/uptime-sensor');
    });

    it("runs the unit's ExecStart as its user on the bundled runtime: raw ICMP to 127.0.0.1, a DOWN alert in the Maildir", async () => {
      writeFileSync(host.path('/etc/uptime-sensor/uptime.config.yaml'), testConfig);
      const s = serviceOf(readFileSync(host.path(unit), 'utf8'));
      const caps = s.caps.map((c) => `+${c.replace(/^cap_/, '')}`).join(',');
      service = host.spawn(
        ['setpriv', `--reuid=${s.user}`, `--regid=${s.user}`, '--init-groups', `--inh-caps=${caps}`, `--ambient-caps=${caps}`,
          'env', '-i', `PATH=${SYSTEM_PATH}`, ...s.env, ...s.exec],
        s.cwd,
      );
      service.stdout?.on('data', (chunk: Buffer) => (serviceOut += chunk.toString()));
      service.stderr?.on('data', (chunk: Buffer) => (serviceOut += chunk.toString()));
      const log = host.path(monitorLog);
      await waitFor('a check line for 127.0.0.1', () => existsSync(log) && checkedLoopback(readFileSync(log, 'utf8')), 60_000).catch((err: Error) => {
        throw new Error(`${err.message}\nservice output:\n${serviceOut}`);
      });
      expect(serviceOut).toContain('monitor: ICMP by raw ICMP sockets');
      const alert = await waitFor('the DOWN alert in the Maildir', () => firstMail(host), 60_000);
      expect(alert).toMatch(/^Subject: \[uptime\] gone 127\.0\.0\.51 is DOWN$/m);

      // the commands an administrator runs beside the service work as installed: as root, from root's home,
      // with nothing set (the command finds the service's config and data, and writes as the service user)
      const asInstalled = (args: string) => host.sh(`cd /root && env -i PATH=${SYSTEM_PATH} HOME=/root uptime-sensor ${args}`);
      type Listed = { targets: Array<{ name: string; status: string; silenced: boolean }> };
      const targets = () => {
        const status = asInstalled('status --json');
        expect(status.status, status.stderr).toBe(0);
        return (JSON.parse(status.stdout) as Listed).targets;
      };
      expect(targets()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'gone', status: 'down', silenced: false })]));
      const queue = asInstalled('queue list');
      expect(queue.status, queue.stderr).toBe(0);
      const checked = asInstalled('check-config');
      expect(checked.status, checked.stderr).toBe(0);
      expect(checked.stdout).toContain('127.0.0.51');
      const silenced = asInstalled("silence add --target gone --for 1h --comment 'cable pulled'");
      expect(silenced.status, silenced.stderr).toBe(0);
      await waitFor('the running monitor to apply the silence', () => targets().find((t) => t.name === 'gone')?.silenced === true, 30_000, 200);
      expect(asInstalled('silence list').stdout).toMatch(/gone\s+.*cable pulled/);
      expect(host.sh('find /var/lib/uptime-sensor ! -user uptime-sensor').stdout).toBe('');

      const executables = host.executables().filter((exe) => !/\/(sleep|nsenter|setpriv|env)$/.test(exe));
      expect(executables.length, executables.join(', ')).toBeGreaterThanOrEqual(4); // supervisor, MTA, viewer, monitor
      expect(new Set(executables)).toEqual(new Set([node]));

      const exited = new Promise((r) => service?.once('exit', r));
      // SIGTERM to the supervisor (nsenter's child, which setpriv and env exec'd), as systemctl stop sends it
      const [supervisor] = readFileSync(`/proc/${service.pid}/task/${service.pid}/children`, 'utf8').trim().split(/\s+/);
      process.kill(Number(supervisor), 'SIGTERM');
      await exited;
      expect(service.exitCode, serviceOut).toBe(0);
    });

    it('dpkg -r keeps config and data; dpkg -P removes them', () => {
      const removed = host.sh('dpkg -r uptime-sensor');
      expect(removed.status, removed.stdout + removed.stderr).toBe(0);
      expect(existsSync(host.path('/opt/uptime-sensor'))).toBe(false);
      expect(existsSync(host.path('/usr/bin/uptime-sensor'))).toBe(false);
      expect(readFileSync(host.path('/etc/uptime-sensor/uptime.config.yaml'), 'utf8')).toBe(testConfig);
      expect(existsSync(host.path('/etc/uptime-sensor/secrets.env'))).toBe(true);
      expect(readdirSync(host.path(mailNew)).length).toBeGreaterThan(0);

      const purged = host.sh('dpkg -P uptime-sensor');
      expect(purged.status, purged.stdout + purged.stderr).toBe(0);
      expect(existsSync(host.path('/etc/uptime-sensor'))).toBe(false);
      expect(existsSync(host.path('/var/lib/uptime-sensor'))).toBe(false);
      expect(host.sh('dpkg-query -W uptime-sensor').status).not.toBe(0);
    });

    it("the tarball's install.sh does what the .deb does, and --uninstall --purge undoes it", () => {
      const installed = host.sh(`mkdir -p /run/tarball && tar -C /run/tarball -xzf ${tarball} && /run/tarball/*/install.sh`);
      expect(installed.status, installed.stdout + installed.stderr).toBe(0);
      expectInstalledFiles(host);
      expect(readFileSync(host.path('/etc/systemd/system/uptime-sensor.service'), 'utf8')).toContain(`ExecStart=${node} `);
      expect(host.sh('systemctl is-enabled uptime-sensor').stdout.trim()).toBe('enabled');

      const purged = host.sh('/run/tarball/*/install.sh --uninstall --purge');
      expect(purged.status, purged.stdout + purged.stderr).toBe(0);
      for (const path of ['/opt/uptime-sensor', '/usr/bin/uptime-sensor', '/etc/systemd/system/uptime-sensor.service', '/etc/uptime-sensor', '/var/lib/uptime-sensor']) {
        expect(existsSync(host.path(path)), path).toBe(false);
      }
    });
  });

  describe.skipIf(whyNoSystemd)('under systemd, PID 1 of the throwaway host', () => {
    let host: ThrowawayHost;
    beforeAll(async () => (host = await ThrowawayHost.start({ systemd: true })), 120_000);
    afterAll(async () => await host?.stop());

    const systemctl = (...args: string[]) => host.sh(`systemctl ${args.join(' ')}`).stdout.trim();
    const mainPid = () => systemctl('show', '-p', 'MainPID', '--value', 'uptime-sensor');
    const journal = () => host.sh('journalctl -u uptime-sensor -o cat --no-pager').stdout;

    it('dpkg -i of the previous package enables and starts the service; its first check line follows', async () => {
      const started = Date.now();
      const installed = host.sh(`dpkg -i ${upgradeDeb}`);
      expect(installed.status, installed.stdout + installed.stderr).toBe(0);
      console.log(`dpkg -i under systemd: ${seconds(started)}`);
      expect(systemctl('is-enabled', 'uptime-sensor')).toBe('enabled');
      await waitFor('the first check line', () => existsSync(host.path(monitorLog)) && checkedLoopback(readFileSync(host.path(monitorLog), 'utf8')), 60_000);
      console.log(`dpkg -i to the first check line: ${seconds(started)}`);
      expect(systemctl('is-active', 'uptime-sensor')).toBe('active');
    });

    it('runs in its sandbox with a seccomp filter that kills: raw ICMP, alerts in the Maildir, only the bundled runtime', async () => {
      writeFileSync(host.path('/etc/uptime-sensor/uptime.config.yaml'), testConfig);
      // a system call outside the unit's filter kills the service instead of failing with EPERM
      mkdirSync(host.path('/run/systemd/system/uptime-sensor.service.d'), { recursive: true });
      writeFileSync(host.path('/run/systemd/system/uptime-sensor.service.d/filter-kills.conf'), '[Service]\nSystemCallErrorNumber=\n');
      host.sh('systemctl daemon-reload && systemctl restart uptime-sensor');
      const alert = await waitFor('the DOWN alert in the Maildir', () => firstMail(host), 60_000).catch((err: Error) => {
        throw new Error(`${err.message}\n${host.sh('systemctl status uptime-sensor --no-pager -n 40').stdout}`);
      });
      expect(alert).toMatch(/^Subject: \[uptime\] gone 127\.0\.0\.51 is DOWN$/m);
      expect(journal()).toContain('monitor: ICMP by raw ICMP sockets');
      expect(systemctl('show', '-p', 'NRestarts', '--value', 'uptime-sensor')).toBe('0');
      expect(systemctl('is-active', 'uptime-sensor')).toBe('active');
      const exes = host.sh('for p in $(cat /sys/fs/cgroup/systemd/system.slice/uptime-sensor.service/cgroup.procs); do readlink /proc/$p/exe; done');
      const executables = exes.stdout.trim().split('\n');
      expect(executables.length).toBeGreaterThanOrEqual(4);
      expect(new Set(executables)).toEqual(new Set([node]));
      const exposure = host.sh('systemd-analyze security uptime-sensor --no-pager').stdout.match(/Overall exposure level for uptime-sensor\.service: ([\d.]+)/);
      expect(Number(exposure?.[1])).toBeLessThanOrEqual(2.0);
    });

    it('an upgrade keeps the edited config and the data, and restarts the service', async () => {
      const before = mainPid();
      const mailBefore = readdirSync(host.path(mailNew));
      const upgraded = host.sh(`dpkg -i ${deb}`);
      expect(upgraded.status, upgraded.stdout + upgraded.stderr).toBe(0);
      expect(host.sh('dpkg-query -W -f="\\${Version}" uptime-sensor').stdout).toBe(version);
      expect(readFileSync(host.path('/etc/uptime-sensor/uptime.config.yaml'), 'utf8')).toBe(testConfig);
      expect(readdirSync(host.path(mailNew))).toEqual(expect.arrayContaining(mailBefore));
      expect(mainPid()).not.toBe(before);
      expect(systemctl('is-active', 'uptime-sensor')).toBe('active');
      const lines = readFileSync(host.path(monitorLog), 'utf8').split('\n').length;
      await waitFor('a check line after the upgrade', () => readFileSync(host.path(monitorLog), 'utf8').split('\n').length > lines + 2, 60_000);
    });

    it('systemctl reload sends SIGHUP to the supervisor, which re-reads the config and keeps running', async () => {
      const before = mainPid();
      const reloaded = host.sh('systemctl reload uptime-sensor');
      expect(reloaded.status, reloaded.stderr).toBe(0);
      await waitFor('the supervisor to read the config again', () => journal().includes('SIGHUP: reading the configuration again'), 30_000);
      expect(mainPid()).toBe(before);
      expect(systemctl('is-active', 'uptime-sensor')).toBe('active');
    });

    it('dpkg -r stops it and keeps config and data; dpkg -P removes them', () => {
      const removed = host.sh('dpkg -r uptime-sensor');
      expect(removed.status, removed.stdout + removed.stderr).toBe(0);
      expect(systemctl('is-active', 'uptime-sensor')).not.toBe('active');
      expect(readFileSync(host.path('/etc/uptime-sensor/uptime.config.yaml'), 'utf8')).toBe(testConfig);
      expect(readdirSync(host.path(mailNew)).length).toBeGreaterThan(0);
      const purged = host.sh('dpkg -P uptime-sensor');
      expect(purged.status, purged.stdout + purged.stderr).toBe(0);
      expect(existsSync(host.path('/etc/uptime-sensor'))).toBe(false);
      expect(existsSync(host.path('/var/lib/uptime-sensor'))).toBe(false);
    });
  });

  it('lintian finds no errors in the .deb (warnings are printed)', async () => {
    const lint = await lintian;
    const tags = lint.out.split('\n').filter((line) => /^[EWO]: /.test(line));
    console.log(`lintian (${lint.seconds}): ${tags.filter((t) => t.startsWith('W:')).length} warnings\n${tags.join('\n')}`);
    expect(tags.filter((t) => t.startsWith('E:'))).toEqual([]);
    expect(lint.code).toBe(0);
  }, 900_000);

  it('the tarball installs under DESTDIR without touching the system', async () => {
    const destdir = mkdtempSync(join(tmpdir(), 'uptime-destdir-'));
    const unpacked = mkdtempSync(join(tmpdir(), 'uptime-tarball-'));
    try {
      await run('tar', ['-C', unpacked, '-xzf', tarball]);
      const [dir] = readdirSync(unpacked);
      await run(join(unpacked, dir ?? '', 'install.sh'), [], { env: { PATH: SYSTEM_PATH, DESTDIR: destdir } });
      expect(statSync(join(destdir, 'etc/uptime-sensor/secrets.env')).mode & 0o777).toBe(0o600);
      expect(existsSync(join(destdir, 'etc/systemd/system/uptime-sensor.service'))).toBe(true);
      expect(existsSync(join(destdir, 'etc/systemd/system/multi-user.target.wants'))).toBe(false);
      const runs = await run(join(destdir, 'opt/uptime-sensor/bin/uptime-sensor'), ['--version'], { env: { PATH: SYSTEM_PATH } });
      expect(runs.stdout.trim()).toBe(version);
    } finally {
      rmSync(destdir, { recursive: true, force: true });
      rmSync(unpacked, { recursive: true, force: true });
    }
  });
});
