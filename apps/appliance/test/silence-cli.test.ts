/**
 * `uptime-sensor silence` and `ack` (issue 13) as a user runs them: before the appliance runs (the request
 * waits, and says so), beside it (applied within a second or so), and across a restart of the whole
 * appliance (still silenced, still acknowledged). The appliance runs in a namespace of the test's own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Netns, cleanEnv, netnsUnavailable, startInNetns, waitFor, type Child } from '@uptime/test-lab';
import { CLIS } from './helpers/clis.js';

const unavailable = netnsUnavailable();
if (unavailable) console.warn(`SKIPPED uptime-sensor silence and ack: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('uptime-sensor silence and ack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uptime-silence-cli-'));
  const config = join(dir, 'uptime.config.yaml');
  let ns: Netns | undefined;
  let appliance: Child | undefined;
  afterAll(async () => {
    await appliance?.stop();
    ns?.delete();
  });
  const run = (...args: string[]) => spawnSync(process.execPath, [CLIS.appliance, ...args, '--config', config], { encoding: 'utf8', cwd: dir, env: cleanEnv() });
  const targets = () => (JSON.parse(run('status', '--json').stdout) as { targets: Array<{ name: string; silenced: boolean; acknowledged: boolean }> }).targets;
  const start = async () => {
    ns ??= new Netns();
    appliance = startInNetns(ns, CLIS.appliance, ['--config', config], { cwd: dir });
    await appliance.waitForOutput(/all parts are running/, 'the appliance to start', 60_000);
  };

  it('adds a silence that waits for the monitor, applies it at the start, acknowledges, and keeps both across a restart', async () => {
    writeFileSync(config, [`dataDir: ${join(dir, 'data')}`, 'monitor:', '  interval: 500ms', '  timeout: 300ms', '  failureThreshold: 1', '  targets:', '    - { name: loop, host: 127.0.0.1, tags: [lab] }', '    - { name: gone, host: 127.0.0.77 }'].join('\n'));
    const refused = run('silence', 'add', '--target', 'nope', '--for', '1h');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('no target is named "nope"');
    expect(run('silence', 'add', '--target', 'loop', '--for', '2x').stderr).toContain('--for: "2x" is not a duration');

    const added = run('silence', 'add', '--target', 'tag:lab', '--for', '1h', '--comment', 'recabling');
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain('waiting for the monitor, which is not running; it is applied at its next start');
    const id = added.stdout.trim().split('\n').at(-1) as string;
    expect(run('silence', 'list').stdout).toMatch(new RegExp(`${id}\\s+tag:lab\\s+.*\\(waiting for the monitor\\) recabling`));

    await start();
    await waitFor('the silence applied', () => targets().find((t) => t.name === 'loop')?.silenced === true, 30_000, 200);
    expect(run('silence', 'list').stdout).not.toContain('waiting');
    await waitFor('gone down', () => /gone\s+127\.0\.0\.77\s+down/.test(run('status').stdout), 30_000, 200);
    const up = run('ack', 'loop');
    expect(up.status).toBe(1);
    expect(up.stderr).toContain('loop is up, not down: only a target that is down can be acknowledged');
    const acked = run('ack', 'gone', '--comment', 'cable pulled');
    expect(acked.status, acked.stderr).toBe(0);
    expect(acked.stdout).toBe('gone acknowledged\n'); // applied while the command waited
    expect(run('status').stdout).toMatch(/loop\s.*silenced\n/);
    expect(run('status').stdout).toMatch(/gone\s.*acknowledged\n/);

    await appliance?.stop();
    await start();
    await waitFor('the status written again', () => targets().length === 2, 30_000, 200);
    expect(targets().map((t) => [t.name, t.silenced, t.acknowledged])).toEqual([['loop', true, false], ['gone', false, true]]);

    const deleted = run('silence', 'delete', id);
    expect(deleted.stdout).toBe(`silence ${id} deleted\n`);
    expect(run('silence', 'list').stdout).toBe('no silences\n');
    expect(run('silence', 'delete', id).stderr).toContain(`no silence "${id}" in force`);
  });
});
