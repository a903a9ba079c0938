import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMonitor, TcpService, type MonitorRun } from './helpers/monitor-run.js';
import { freePort } from './helpers/mta-child.js';

describe('per-target interval on the one scheduler', () => {
  let run: MonitorRun | undefined;
  afterAll(() => run?.stop());

  it('checks a target with interval 1s about a fifth as often as one at the monitor interval of 200ms', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'per-target-'));
    const [service, other] = [await TcpService.create(), await TcpService.create()];
    await Promise.all([service.up(), other.up()]);
    await writeFile(
      join(dir, 'uptime.config.yaml'),
      [
        'mta:',
        `  listen: "127.0.0.1:${await freePort()}"`,
        'monitor:',
        '  interval: 200ms',
        '  timeout: 150ms',
        '  targets:',
        `    - { name: fast, probe: tcp, host: 127.0.0.1, port: ${service.port} }`,
        `    - { name: slow, probe: tcp, host: 127.0.0.1, port: ${other.port}, interval: 1s, timeout: 300ms }`,
        '',
      ].join('\n'),
    );
    run = await runMonitor(dir);
    await new Promise((r) => setTimeout(r, 2500));
    await run.stop();
    await Promise.all([service.down(), other.down()]);
    const rows = (await readFile(join(dir, 'data', 'logs', 'connection_log.csv'), 'utf8')).split('\n').slice(1).filter(Boolean);
    const count = (name: string) => rows.filter((row) => row.split(',')[1] === name).length;
    expect(count('fast')).toBeGreaterThanOrEqual(8); // ~12 in 2.5 s
    expect(count('slow')).toBeGreaterThanOrEqual(2); // ~3 in 2.5 s
    expect(count('slow')).toBeLessThanOrEqual(4);
  });
});
