import { describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatusFile, recentWindowFits, statusWriteGaps, type TargetStatus } from './status-file.js';

const target = (status: TargetStatus['status']): TargetStatus => ({
  name: 'gw',
  parents: [],
  tags: [],
  host: '127.0.0.51',
  probe: 'icmp',
  status,
  since: null,
  rttMs: null,
  lastCheck: null,
  lossPercent: null,
  averageRttMs: null,
  lastError: null,
  certificateExpires: null,
  silenced: false,
  acknowledged: false,
  flapping: false,
});

describe('StatusFile', () => {
  it('joins a storm of transitions into a write or two, the last with the newest status', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'status-'));
    const path = join(dir, 'run', 'status.json');
    let status: TargetStatus['status'] = 'unknown';
    let snapshots = 0;
    const file = new StatusFile(path, () => (snapshots++, [target(status)]), () => undefined);
    await file.write();
    expect(snapshots).toBe(1);
    for (let i = 0; i < 1000; i++) {
      status = i % 2 ? 'up' : 'down';
      file.changed(true);
    }
    await file.close();
    expect(snapshots).toBeLessThanOrEqual(4);
    expect(JSON.parse(await readFile(path, 'utf8')).targets).toEqual([target('up')]);
  });

  it('reports a write that keeps failing once, and once more when it works again (was: at every write)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'status-'));
    await writeFile(join(dir, 'run'), 'a file where the directory should be\n');
    const problems: string[] = [];
    const file = new StatusFile(join(dir, 'run', 'status.json'), () => [target('up')], (m) => problems.push(m));
    for (let i = 0; i < 5; i++) await file.write();
    expect(problems).toEqual([expect.stringMatching(/^cannot write .*status\.json: .*; the status shown is from before, it is retried$/)]);
    await rm(join(dir, 'run'));
    await file.write();
    expect(problems).toHaveLength(2);
    expect(problems[1]).toMatch(/works again/);
  });

  it('writes the same JSON as JSON.stringify, for many targets and any text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'status-'));
    const path = join(dir, 'status.json');
    const targets = Array.from({ length: 3000 }, (_, i) => ({ ...target('up'), name: `t${i} "ünï" 🙂 \\ ${'x'.repeat(i % 50)}` }));
    const file = new StatusFile(path, () => targets, () => undefined);
    await file.write();
    const text = await readFile(path, 'utf8');
    const { updatedAt } = JSON.parse(text) as { updatedAt: string };
    expect(text).toBe(`${JSON.stringify({ updatedAt, targets })}\n`);
    targets.length = 1;
    await file.write();
    expect(JSON.parse(await readFile(path, 'utf8')).targets).toEqual(targets);
  });

  it('writes a routine change after the gap, and a transition sooner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'status-'));
    let snapshots = 0;
    const file = new StatusFile(join(dir, 'status.json'), () => (snapshots++, [target('up')]), () => undefined, { routineMs: 60_000, transitionMs: 20 });
    await file.write();
    file.changed();
    await new Promise((r) => setTimeout(r, 100));
    expect(snapshots).toBe(1);
    file.changed(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(snapshots).toBe(2);
    await file.close();
  });

  it('writes a change after its gap also when the wall clock was stepped back an hour since the last write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'status-'));
    let snapshots = 0;
    const file = new StatusFile(join(dir, 'status.json'), () => (snapshots++, [target('up')]), () => undefined, { routineMs: 50, transitionMs: 0 });
    await file.write();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 3600_000 }); // only the wall clock steps
    try {
      file.changed();
    } finally {
      vi.useRealTimers();
    }
    await expect.poll(() => snapshots, { timeout: 2000 }).toBe(2);
    await file.close();
  });

  it('carries recent checks and writes every second for a few targets, less for thousands', () => {
    expect(recentWindowFits(10)).toBe(true);
    expect(recentWindowFits(5000)).toBe(false);
    expect(statusWriteGaps(10)).toEqual({ routineMs: 1000, transitionMs: 1 });
    expect(statusWriteGaps(5000)).toEqual({ routineMs: 5000, transitionMs: 500 });
  });
});
