import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetConfig } from '@uptime/config';
import { TargetStateStore, settingsKey, type SavedTargetState } from './target-state-store.js';

const gw = { name: 'gw', probe: 'icmp', host: '192.0.2.1' } as TargetConfig;
const down: SavedTargetState = { settings: settingsKey(gw), status: 'down', since: 1000, downSince: 1000, address: '192.0.2.1' };

describe('TargetStateStore', () => {
  it('keeps each target by name across a restart, and forgets one whose checked settings changed', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'state-store-')), 'state', 'targets.json');
    const store = new TargetStateStore(path, () => [['gw', down]], () => undefined);
    await Promise.all([store.save(), store.save()]);
    const saved = await TargetStateStore.load(path, () => undefined);
    expect(TargetStateStore.savedFor(saved, gw)).toEqual(down);
    expect(TargetStateStore.savedFor(saved, { ...gw, host: '192.0.2.2' })).toBeUndefined();
    expect(TargetStateStore.savedFor(saved, { ...gw, probe: 'tcp', port: 22 } as TargetConfig)).toBeUndefined();
    expect(TargetStateStore.savedFor(saved, { ...gw, timeout: 500 })).toEqual(down); // how long to wait is not what is checked
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, targets: { gw: down } });
  });

  it('starts every target unknown, saying why, when the file is damaged; nothing when it is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-store-'));
    const problems: string[] = [];
    expect((await TargetStateStore.load(join(dir, 'missing.json'), (m) => problems.push(m))).size).toBe(0);
    expect(problems).toEqual([]);
    await writeFile(join(dir, 'torn.json'), '{"version":1,"targets":{"gw":{"settings"');
    expect((await TargetStateStore.load(join(dir, 'torn.json'), (m) => problems.push(m))).size).toBe(0);
    expect(problems).toEqual([expect.stringContaining('is damaged')]);
    await writeFile(join(dir, 'odd.json'), JSON.stringify({ version: 1, targets: { gw: down, bad: { ...down, status: 'sideways' } } }));
    expect([...(await TargetStateStore.load(join(dir, 'odd.json'), () => undefined)).keys()]).toEqual(['gw']);
  });

  it('reports a write that fails once, without throwing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-store-'));
    await writeFile(join(dir, 'state'), 'a file where the directory should be');
    const problems: string[] = [];
    const store = new TargetStateStore(join(dir, 'state', 'targets.json'), () => [['gw', down]], (m) => problems.push(m));
    await store.save();
    await store.save();
    expect(problems).toHaveLength(1);
  });
});
