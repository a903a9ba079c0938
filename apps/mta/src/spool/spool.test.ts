import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newQueueId } from '../message/queue-id.js';
import type { QueuedEnvelope } from './spool-file.js';
import { Spool } from './spool.js';

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
});
