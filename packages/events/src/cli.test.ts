/** @module Tests of the uptime-events CLI, run as a real child process on real files. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEventWriter } from './event-writer.js';
import { CSV_COLUMNS } from './cli-format.js';
import { hostDown, hostUp } from './test-support/sample-events.js';
import { assertBuilt, runCli } from './test-support/node-script.js';
import { useTempDirs } from './test-support/temp-dir.js';

const tempDir = useTempDirs();
const T0 = Date.parse('2026-07-01T10:00:00Z');

async function dataDir(): Promise<string> {
  const root = await tempDir();
  const writer = await openEventWriter({ dir: join(root, 'events'), role: 'monitor', maxSegmentEvents: 2 });
  await writer.record(hostDown('192.0.2.1', T0, 'gateway, "main"'));
  await writer.record(hostUp('192.0.2.1', T0 + 60_000, 60));
  await writer.record(hostDown('192.0.2.2', T0 + 120_000));
  await writer.close();
  return root;
}

describe('uptime-events CLI', () => {
  beforeAll(assertBuilt);

  it('has --help for itself and each command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/list/);
    expect(top.stdout).toMatch(/export/);
    const list = await runCli(['list', '--help']);
    expect(list.stdout).toMatch(/--since/);
    expect(list.stdout).toMatch(/--data-dir/);
  });

  it('lists one line per event, newest first, with filters', async () => {
    const root = await dataDir();
    const all = await runCli(['list', '--data-dir', root]);
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/HOST_DOWN\s+192\.0\.2\.2\s+target 192\.0\.2\.2 192\.0\.2\.2 is down/);
    expect(lines[2]).toMatch(/gateway, "main"/);

    const up = await runCli(['list', '--code', 'HOST_UP', '--json'], { UPTIME_DATA_DIR: root });
    expect(JSON.parse(up.stdout)).toMatchObject([{ code: 'HOST_UP', outageSeconds: 60 }]);
    const host = await runCli(['list', '--host', '192.0.2.1', '--limit', '1'], {}, root);
    expect(host.stdout).toBe('');
    const inCwd = await runCli(['list', '--host', '192.0.2.1', '--limit', '1', '--data-dir', '.'], {}, root);
    expect(inCwd.stdout.trim().split('\n')).toHaveLength(1);
    expect(inCwd.stdout).toMatch(/HOST_UP/);
  });

  it('exports CSV oldest first with the contract columns', async () => {
    const root = await dataDir();
    const out = await runCli(['export', '--csv', '--data-dir', root]);
    expect(out.code).toBe(0);
    const rows = out.stdout.trim().split('\n');
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    expect(rows.slice(0, 9)[0]?.startsWith('id,time,code,hosts,target,before,after,outageSeconds,message')).toBe(true);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatch(/,HOST_DOWN,192\.0\.2\.1,"gateway, ""main""",up,down,,"gateway, ""main"" 192\.0\.2\.1 is down",/);
    expect(rows[2]).toMatch(/,HOST_UP,192\.0\.2\.1,target 192\.0\.2\.1,down,up,60,/);
  });

  it('exports a target name that a spreadsheet would run as a formula as text, and numbers as numbers', async () => {
    const root = await tempDir();
    const writer = await openEventWriter({ dir: join(root, 'events'), role: 'monitor' });
    await writer.record(hostDown('192.0.2.1', T0, '=HYPERLINK("http://x")'));
    await writer.record(hostUp('192.0.2.1', T0 + 60_000, 60));
    await writer.close();
    const rows = (await runCli(['export', '--csv', '--data-dir', root])).stdout.trim().split('\n');
    // target, before, after, outageSeconds, message: the name is text, the number stays a bare number
    expect(rows[1]).toContain(`,"'=HYPERLINK(""http://x"")",up,down,,"'=HYPERLINK(""http://x"") 192.0.2.1 is down",`);
    expect(rows[2]).toMatch(/,HOST_UP,192\.0\.2\.1,target 192\.0\.2\.1,down,up,60,/);
  });

  it('rejects bad option values with a message', async () => {
    const bad = await runCli(['list', '--limit', 'ten']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--limit/);
    const since = await runCli(['list', '--since', 'soon']);
    expect(since.code).not.toBe(0);
    expect(since.stderr).toMatch(/ISO 8601/);
  });
});
