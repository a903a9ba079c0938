import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const deploy = resolve(import.meta.dirname, 'deploy.sh');
const built = existsSync(resolve(import.meta.dirname, '../apps/appliance/dist/cli.js'));
if (!built) console.warn('SKIPPED scripts/deploy.sh tests: apps/appliance/dist/cli.js is missing (run pnpm build)');

function run(args: string[], destdir?: string) {
  return spawnSync('bash', [deploy, ...args], { encoding: 'utf8', env: { ...process.env, ...(destdir ? { DESTDIR: destdir } : {}) } });
}

describe.skipIf(!built)('scripts/deploy.sh', () => {
  it('installs a hardened, non-root unit and its files under DESTDIR, touching nothing else', () => {
    const root = mkdtempSync(join(tmpdir(), 'deploy-'));
    const result = run([], root);
    expect(result.status, result.stderr).toBe(0);
    const unitPath = join(root, 'etc/systemd/system/uptime-sensor.service');
    const unit = readFileSync(unitPath, 'utf8');
    for (const line of [
      'User=uptime-sensor',
      'AmbientCapabilities=CAP_NET_RAW',
      'CapabilityBoundingSet=CAP_NET_RAW',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'ReadWritePaths=/var/lib/uptime-sensor',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'Restart=on-failure',
      'EnvironmentFile=-/etc/uptime-sensor/secrets.env',
      'WantedBy=multi-user.target',
    ]) {
      expect(unit).toContain(`${line}\n`);
    }
    expect(unit).not.toContain('CAP_NET_BIND_SERVICE');
    expect(unit).not.toMatch(/@[A-Z_]+@/);
    expect(statSync(join(root, 'etc/uptime-sensor/secrets.env')).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'etc/uptime-sensor')).mode & 0o777).toBe(0o750);
    expect(existsSync(join(root, 'opt/uptime-sensor/apps/appliance/dist/cli.js'))).toBe(true);
    expect(result.stdout).toContain('systemctl enable --now uptime-sensor   (skipped: DESTDIR set)');
    expect(result.stdout).toMatch(/useradd .* \(skipped: DESTDIR set\)|^(?![\s\S]*useradd)/);

    const verify = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
    if (verify.error) console.warn('SKIPPED systemd-analyze verify: systemd-analyze is not installed');
    else expect(verify.status, verify.stderr).toBe(0);

    // the tighter unit (issue 14): systemd rated the unit before at exposure 3.4
    expect(unit).toContain('ExecReload=/bin/kill -HUP $MAINPID\n');
    const security = spawnSync('systemd-analyze', ['security', '--offline=yes', unitPath], { encoding: 'utf8' });
    if (security.error) console.warn('SKIPPED systemd-analyze security: systemd-analyze is not installed');
    else {
      const exposure = security.stdout.match(/Overall exposure level for uptime-sensor\.service: ([\d.]+)/);
      expect(Number(exposure?.[1]), security.stdout + security.stderr).toBeLessThanOrEqual(2.0);
    }

    const removed = run(['--uninstall', '--purge'], root);
    expect(removed.status, removed.stderr).toBe(0);
    expect(existsSync(unitPath)).toBe(false);
    expect(existsSync(join(root, 'opt/uptime-sensor'))).toBe(false);
    expect(existsSync(join(root, 'etc/uptime-sensor'))).toBe(false);
  });

  it('grants CAP_NET_BIND_SERVICE only when the MTA listens on a low port', () => {
    const root = mkdtempSync(join(tmpdir(), 'deploy-'));
    mkdirSync(join(root, 'etc/uptime-sensor'), { recursive: true });
    writeFileSync(join(root, 'etc/uptime-sensor/uptime.config.yaml'), 'mta:\n  listen: 0.0.0.0:25\n');
    expect(run([], root).status).toBe(0);
    const unit = readFileSync(join(root, 'etc/systemd/system/uptime-sensor.service'), 'utf8');
    expect(unit).toContain('AmbientCapabilities=CAP_NET_RAW CAP_NET_BIND_SERVICE\n');
    expect(readFileSync(join(root, 'etc/uptime-sensor/uptime.config.yaml'), 'utf8')).toContain('0.0.0.0:25');
  });

  it('--dry-run prints the steps and writes nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'deploy-'));
    const result = run(['--dry-run'], root);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`+ write ${root}/etc/systemd/system/uptime-sensor.service (mode 0644)`);
    expect(readdirSync(root)).toEqual([]);
  });

  it('rejects an unknown option with exit code 2', () => {
    const result = run(['--frobnicate'], mkdtempSync(join(tmpdir(), 'deploy-')));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown option --frobnicate');
  });
});
