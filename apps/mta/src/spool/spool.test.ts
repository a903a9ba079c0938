import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newQueueId } from '../message/queue-id.js';
import type { QueuedEnvelope } from './spool-file.js';
import { DirSyncer } from './dir-syncer.js';
import { SpoolUsage } from './spool-usage.js';
import { Spool } from './spool.js';
import { WRITE_BUFFER } from './spool-writer.js';

/** The kernel's answer to fsync(2) of a directory on a failing disk: EIO, for the first `times` calls. */
class FailingSyncer extends DirSyncer {
  constructor(private times: number) {
    super();
  }

  override sync(dir: string): Promise<void> {
    if (this.times <= 0) return super.sync(dir);
    this.times -= 1;
    return Promise.reject(Object.assign(new Error(`EIO: i/o error, fsync '${dir}'`), { code: 'EIO' }));
  }
}

const envelope = (id: string): QueuedEnvelope => ({
  id,
  sender: 'a@localhost',
  recipients: [{ address: 'admin@localhost', domain: 'localhost', mailbox: 'admin' }],
  receivedAt: new Date().toISOString(),
  messageId: `<${id}@test>`,
  client: { helo: 'client.test', address: '127.0.0.1' },
  size: 0,
});

async function freshSpool(): Promise<Spool> {
  const spool = new Spool(join(await mkdtemp(join(tmpdir(), 'spool-')), 'spool'));
  await spool.init();
  return spool;
}

describe('Spool', () => {
  it('stores envelope and bytes exactly, 0600, lists oldest first, and removes with the state', async () => {
    const spool = await freshSpool();
    const data = Buffer.concat([Buffer.from('Subject: x\r\n\r\n'), Buffer.from([0, 0xff, 0xc3, 0xa9]), Buffer.from('\r\n')]);
    const ids = [newQueueId(1_000_000), newQueueId(2_000_000)];
    for (const id of [...ids].reverse()) await spool.put(envelope(id), data);
    expect(await spool.list()).toEqual(ids);
    const read = await spool.read(ids[0] ?? '');
    expect(read.data).toEqual(data);
    expect(read.envelope).toMatchObject({ id: ids[0], sender: 'a@localhost', size: data.length });
    expect((await stat(spool.pathOf(ids[0] ?? ''))).mode & 0o777).toBe(0o600);
    expect(await readdir(spool.tmpDir)).toEqual([]);
    const state = { attempts: 2, lastAttemptAt: new Date().toISOString(), nextAttemptAt: new Date().toISOString(), done: ['x@y.test'], lastErrors: {} };
    await spool.writeState(ids[0] ?? '', state);
    expect(await spool.readState(ids[0] ?? '')).toEqual(state);
    expect(await spool.remove(ids[0] ?? '')).toBe(true);
    expect(await spool.remove(ids[0] ?? '')).toBe(false);
    expect(await spool.readState(ids[0] ?? '')).toBeUndefined();
    expect(await spool.list()).toEqual([ids[1]]);
  });

  it('refuses a file cut short, and cleans up temporary files and orphaned states at start', async () => {
    const spool = await freshSpool();
    const id = newQueueId();
    await spool.put(envelope(id), Buffer.from('Subject: whole\r\n\r\nbody\r\n'));
    const whole = await readFile(spool.pathOf(id));
    await writeFile(spool.pathOf(id), whole.subarray(0, whole.length - 3));
    await expect(spool.read(id)).rejects.toThrow(/damaged spool file \(expected 24 message bytes, found 21\)/);
    await writeFile(join(spool.tmpDir, 'HALFWRITTEN'), 'x');
    await writeFile(join(spool.deferDir, 'GONE12345678.json'), '{}');
    await spool.init();
    expect(await readdir(spool.tmpDir)).toEqual([]);
    expect(await readdir(spool.deferDir)).toEqual([]);
  });

  it('keeps at most 64 finished files for reuse when many messages are removed at once', async () => {
    const spool = new Spool(join(await mkdtemp(join(tmpdir(), 'spool-')), 'spool'), { recycle: true });
    await spool.init();
    const ids = Array.from({ length: 200 }, (_, i) => newQueueId(1_000_000 + i));
    await Promise.all(ids.map((id) => spool.put(envelope(id), Buffer.from('Subject: x\r\n\r\nbody\r\n'))));
    expect(await Promise.all(ids.map((id) => spool.remove(id, false)))).toEqual(ids.map(() => true));
    expect(await readdir(spool.freeDir)).toHaveLength(64);
    expect(await spool.list()).toEqual([]);
  });

  it('keeps nothing of a message whose directory fsync failed (it was not acknowledged), and takes it again after', async () => {
    const usage = new SpoolUsage();
    const spool = new Spool(join(await mkdtemp(join(tmpdir(), 'spool-')), 'spool'), { syncer: new FailingSyncer(1), usage, recycle: true });
    await spool.init();
    const id = newQueueId();
    await expect(spool.put(envelope(id), Buffer.from('Subject: x\r\n\r\nbody\r\n'))).rejects.toThrow(/EIO/);
    expect(await spool.list()).toEqual([]);
    expect(await readdir(spool.tmpDir)).toEqual([]);
    expect(usage.messages).toBe(0);
    const again = newQueueId();
    await spool.put(envelope(again), Buffer.from('Subject: x\r\n\r\nbody\r\n'));
    expect(await spool.list()).toEqual([again]);
    expect(usage.messages).toBe(1);
  });

  it('stores a message written in pieces exactly, held whole below WRITE_BUFFER and streamed above it', async () => {
    const spool = await freshSpool();
    for (const size of [10, WRITE_BUFFER - 1, WRITE_BUFFER, 3 * WRITE_BUFFER + 7]) {
      const data = Buffer.alloc(size, 'x');
      data.write('Subject: pieces\r\n\r\n');
      const id = newQueueId();
      const writer = await spool.create(envelope(id));
      for (let at = 0; at < size; at += 1000) await writer.write(data.subarray(at, at + 1000));
      expect(await spool.has(id)).toBe(false);
      await writer.commit();
      const read = await spool.read(id);
      expect(read.data.equals(data)).toBe(true);
      expect(read.envelope.size).toBe(size);
    }
  });

  it('writes a shorter message into a recycled file without leaving the end of the longer one', async () => {
    const spool = new Spool(join(await mkdtemp(join(tmpdir(), 'spool-')), 'spool'), { recycle: true });
    await spool.init();
    const long = newQueueId();
    await spool.put(envelope(long), Buffer.alloc(3 * WRITE_BUFFER, 'y'));
    await spool.remove(long, false);
    expect(await readdir(spool.freeDir)).toEqual([long]);
    const short = newQueueId();
    await spool.put(envelope(short), Buffer.from('Subject: short\r\n\r\nbody\r\n'));
    expect(await readdir(spool.freeDir)).toEqual([]); // the recycled file was used
    expect((await spool.read(short)).data.toString()).toBe('Subject: short\r\n\r\nbody\r\n');
  });
});

