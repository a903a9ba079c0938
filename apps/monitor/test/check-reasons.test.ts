import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@uptime/test-lab';
import { runMonitor, type MonitorRun } from './helpers/monitor-run.js';
import { freePort } from './helpers/mta-child.js';

describe('a failed expectation in the records', () => {
  let run: MonitorRun | undefined;
  let server: Server | undefined;
  afterAll(async () => {
    await run?.stop();
    server?.closeAllConnections();
    server?.close();
  });

  it('says which expectation failed and what came, in monitor.log, connection_log.csv and the status file', async () => {
    server = createServer((_req, res) => res.end('{"status":"DOWN"}')); // 200 with the wrong JSON
    const port = await new Promise<number>((resolve) => server?.listen(0, '127.0.0.1', () => resolve((server?.address() as AddressInfo).port)));
    const dir = await mkdtemp(join(tmpdir(), 'check-reasons-'));
    await writeFile(
      join(dir, 'uptime.config.yaml'),
      [
        'mta:',
        `  listen: "127.0.0.1:${await freePort()}"`,
        'monitor:',
        '  interval: 200ms',
        '  timeout: 150ms',
        '  targets:',
        `    - { name: web, probe: http, url: "http://127.0.0.1:${port}/health", expect: { status: 200, json: { path: "$.status", equals: "UP" } } }`,
        '',
      ].join('\n'),
    );
    run = await runMonitor(dir);
    const logs = join(dir, 'data', 'logs');
    await waitFor('a failed check in monitor.log', async () => (await readFile(join(logs, 'monitor.log'), 'utf8').catch(() => '')).includes('Inactive'), 10_000);
    await run.stop();
    const log = await readFile(join(logs, 'monitor.log'), 'utf8');
    expect(log).toMatch(/Network Inactive to 127\.0\.0\.1 \(expected \$\.status = "UP", got "DOWN"\)\n/);
    const csv = await readFile(join(logs, 'connection_log.csv'), 'utf8');
    expect(csv).toContain(',web,127.0.0.1,http,down,');
    expect(csv).toContain(',"expected $.status = ""UP"", got ""DOWN"""');
    const status = JSON.parse(await readFile(run.layout.statusFile, 'utf8')) as { targets: Array<{ lastError: string | null }> };
    expect(status.targets[0]?.lastError).toBe('expected $.status = "UP", got "DOWN"');
  });
});
