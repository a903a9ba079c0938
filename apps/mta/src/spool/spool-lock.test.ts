import { describe, expect, it } from 'vitest';
import { mkdtemp, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockHolder, lockSpool } from './spool-lock.js';

describe('lockSpool', () => {
  it('gives the spool to exactly one of many takers at once, and to the next one once released', async () => {
    for (let round = 0; round < 10; round += 1) {
      const dir = await mkdtemp(join(tmpdir(), 'lock-'));
      const takers = await Promise.allSettled(Array.from({ length: 20 }, () => lockSpool(dir, 'flush')));
      const holders = takers.filter((t) => t.status === 'fulfilled');
      expect(holders).toHaveLength(1);
      await (holders[0] as PromiseFulfilledResult<() => Promise<void>>).value();
    }
    const spool = await mkdtemp(join(tmpdir(), 'lock-'));
    const takers = await Promise.allSettled(Array.from({ length: 40 }, () => lockSpool(spool, 'flush')));
    const held = takers.filter((t) => t.status === 'fulfilled');
    expect(held).toHaveLength(1);
    for (const t of takers) if (t.status === 'rejected') expect(String(t.reason)).toMatch(/is in use by `uptime-mta queue flush` \(pid \d+\); stop it first/);
    expect(await lockHolder(spool)).toMatchObject({ pid: process.pid, role: 'flush' });
    await (held[0] as PromiseFulfilledResult<() => Promise<void>>).value();
    expect(await lockHolder(spool)).toBeUndefined();
    const again = await lockSpool(spool, 'mta');
    expect(await lockHolder(spool)).toMatchObject({ pid: process.pid, role: 'mta' });
    await again();
  });

  it('never takes a lock whose holder has not yet written its name (an empty lock file is not a stale one)', async () => {
    const spool = await mkdtemp(join(tmpdir(), 'lock-'));
    const first = await lockSpool(spool, 'mta');
    await truncate(join(spool, 'lock'), 0); // as between a new holder's taking the lock and writing its name
    await expect(lockSpool(spool, 'flush')).rejects.toThrow(/is locked by a process that does not say who it is/);
    await first();
  });
});
