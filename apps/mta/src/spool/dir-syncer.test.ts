import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirSyncer } from './dir-syncer.js';

/** Paths this process holds open. */
const openPaths = async () => Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));

describe('DirSyncer', () => {
  it('keeps one handle per directory for all its fsyncs, opens the new one after forget, and closes them all', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'syncer-')), 'new');
    await mkdir(dir);
    const syncer = new DirSyncer({ keepOpen: true });
    await Promise.all(Array.from({ length: 20 }, () => syncer.sync(dir)));
    await syncer.sync(dir);
    expect((await openPaths()).filter((p) => p === dir)).toHaveLength(1);
    await rm(dir, { recursive: true });
    await mkdir(dir);
    syncer.forget(dir);
    await syncer.sync(dir);
    const held = await openPaths();
    expect(held.filter((p) => p === dir)).toHaveLength(1);
    expect(held.filter((p) => p.startsWith(dir) && p !== dir)).toEqual([]); // not the removed one ("... (deleted)")
    await syncer.close();
    expect((await openPaths()).filter((p) => p.startsWith(dir))).toEqual([]);
  });

  it('fails the fsync of a directory that cannot be opened, and succeeds once it exists', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'syncer-')), 'later');
    const syncer = new DirSyncer({ keepOpen: true });
    await expect(syncer.sync(dir)).rejects.toThrow(/ENOENT/);
    await mkdir(dir);
    await expect(syncer.sync(dir)).resolves.toBeUndefined();
    await syncer.close();
  });

  it('keeps no handle without keepOpen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'syncer-'));
    await new DirSyncer().sync(dir);
    await new Promise((resolve) => setTimeout(resolve, 10)); // the close after the fsync
    expect((await openPaths()).filter((p) => p === dir)).toEqual([]);
  });

  it('gives writers of one turn of the event loop one fsync, and those that come during it one more', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'syncer-'));
    let fsyncs = 0;
    class CountingSyncer extends DirSyncer {
      protected override fsync(d: string): Promise<void> {
        fsyncs += 1;
        return super.fsync(d);
      }
    }
    const syncer = new CountingSyncer();
    await Promise.all(Array.from({ length: 10 }, () => syncer.sync(dir)));
    expect(fsyncs).toBe(1);
    const first = syncer.sync(dir);
    await new Promise((resolve) => setImmediate(resolve)); // the fsync is under way
    await Promise.all([first, ...Array.from({ length: 10 }, () => syncer.sync(dir))]);
    expect(fsyncs).toBe(3);
  });
});
