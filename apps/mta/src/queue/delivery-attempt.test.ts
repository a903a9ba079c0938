import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchedEventSink } from '../delivery/batched-events.js';
import { LocalTransport } from '../delivery/local/deliver-local.js';
import type { MailEventRecord, MtaLog } from '../delivery/mail-events.js';
import { newQueueId } from '../message/queue-id.js';
import type { QueuedEnvelope } from '../spool/spool-file.js';
import { Spool } from '../spool/spool.js';
import { QueueManager } from './queue-manager.js';

const envelope = (id: string): QueuedEnvelope => ({
  id,
  sender: 'a@localhost',
  recipients: [{ address: 'admin@localhost', domain: 'localhost', mailbox: 'admin' }],
  receivedAt: new Date().toISOString(),
  messageId: `<${id}@test>`,
  client: { helo: 'client.test', address: '127.0.0.1' },
  size: 0,
});

const data = Buffer.from('Subject: x\r\n\r\nbody\r\n');

async function setup(events?: BatchedEventSink): Promise<{ spool: Spool; queue: QueueManager; lines: string[]; mail: string }> {
  const root = await mkdtemp(join(tmpdir(), 'attempt-'));
  const spool = new Spool(join(root, 'spool'));
  await spool.init();
  const lines: string[] = [];
  const log: MtaLog = { info: (line) => lines.push(line), warn: (line) => lines.push(line) };
  const mail = join(root, 'mail');
  const queue = new QueueManager({
    spool,
    local: new LocalTransport(mail),
    retry: { first: 60_000, max: 600_000, lifetime: 86_400_000 },
    bounce: { hostname: 'mx.test', localDomains: ['localhost'], postmaster: 'postmaster@localhost', mailboxes: new Set(['admin']), relayEnabled: false },
    events,
    log,
  });
  return { spool, queue, lines, mail };
}

describe('a delivery attempt on a spool file it cannot use', () => {
  it('moves a damaged file to corrupt/, reports it once and never deletes it', async () => {
    const { spool, queue, lines } = await setup();
    const id = newQueueId();
    await spool.put(envelope(id), data);
    const whole = await readFile(spool.pathOf(id));
    await writeFile(spool.pathOf(id), whole.subarray(0, whole.length - 3));
    await queue.recover();
    await queue.idle();
    await queue.close(0);
    expect(await spool.list()).toEqual([]);
    expect(await readFile(join(spool.corruptDir, id))).toEqual(whole.subarray(0, whole.length - 3));
    expect(lines.filter((l) => l.includes(id))).toEqual([expect.stringMatching(/damaged spool file moved to .*corrupt.*kept for inspection/)]);
  });

  it('keeps a message it cannot read (EISDIR here, like EIO or EMFILE) and tries again later', async () => {
    const { spool, queue, lines } = await setup();
    const id = newQueueId();
    await spool.put(envelope(id), data);
    await rm(spool.pathOf(id));
    await mkdir(spool.pathOf(id)); // readFile fails with EISDIR: a filesystem error, not damage
    await queue.recover();
    await queue.idle();
    await queue.close(0);
    expect(existsSync(spool.pathOf(id))).toBe(true);
    expect(await spool.list()).toEqual([id]);
    expect(await readdir(spool.corruptDir)).toEqual([]);
    expect(lines.join('\n')).toMatch(new RegExp(`${id}: attempt failed: .*EISDIR.*will retry`));
  });
});

describe('removing a delivered message', () => {
  it('waits until its MAIL_* event is written, and writes a burst of events in one batch', async () => {
    const written: MailEventRecord[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let batch: MailEventRecord[] = [];
    const slowLog = {
      async record(event: MailEventRecord): Promise<unknown> {
        batch.push(event);
        if (batch.length === 1) queueMicrotask(() => written.push(batch));
        await gate;
        return undefined;
      },
    };
    const events = new BatchedEventSink(slowLog, 50);
    const { spool, queue, mail } = await setup(events);
    const ids = [newQueueId(), newQueueId(), newQueueId()];
    for (const id of ids) {
      await spool.put(envelope(id), data);
      queue.submit({ ...envelope(id), size: data.length }, data);
    }
    const idle = queue.idle();
    while ((await readdir(join(mail, 'admin', 'new')).catch(() => [])).length < ids.length) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 150)); // the batch is handed over, but not yet on disk
    expect(await spool.list()).toEqual([...ids].sort());
    release();
    await idle;
    expect(await spool.list()).toEqual([]);
    expect(written).toHaveLength(1);
    expect(written[0]?.map((e) => e.code)).toEqual(['MAIL_DELIVERED', 'MAIL_DELIVERED', 'MAIL_DELIVERED']);
    batch = [];
    await queue.close(0);
  });
});

describe('an attempt that cannot write down what it did', () => {
  it('never delivers again to a recipient it delivered to, when neither the bounce nor the state could be written', async () => {
    const { spool, queue, lines, mail } = await setup();
    const id = newQueueId();
    const recipients = [
      { address: 'admin@localhost', domain: 'localhost', mailbox: 'admin' },
      { address: 'ops@localhost', domain: 'localhost', mailbox: 'ops' },
    ];
    const receivedAt = new Date(Date.now() - 10 * 86_400_000).toISOString(); // past the lifetime: what fails now bounces
    await spool.put({ ...envelope(id), recipients, receivedAt }, data);
    await mkdir(mail, { recursive: true });
    await writeFile(join(mail, 'ops'), 'not a maildir'); // ops fails, and bounces
    await rm(spool.tmpDir, { recursive: true });
    await writeFile(spool.tmpDir, 'not a directory'); // ENOTDIR for the bounce and for the delivery state
    await queue.recover();
    await queue.idle();
    expect(lines.join('\n')).toMatch(new RegExp(`${id}: attempt failed: .*ENOTDIR.*will retry`));
    expect(await readdir(join(mail, 'admin', 'new'))).toHaveLength(1);

    await rm(spool.tmpDir);
    await mkdir(spool.tmpDir);
    expect(queue.flush()).toBe(1);
    await queue.idle();
    await queue.close(0);
    expect(await readdir(join(mail, 'admin', 'new'))).toHaveLength(1);
    const boxes = (await readdir(mail)).filter((box) => box !== 'ops');
    const texts = await Promise.all(boxes.map(async (box) => Promise.all((await readdir(join(mail, box, 'new'))).map((n) => readFile(join(mail, box, 'new', n), 'utf8')))));
    const dsns = texts.flat().filter((t) => t.includes('Undelivered Mail Returned to Sender'));
    expect(dsns).toHaveLength(1);
    expect(dsns[0]).toContain('Final-Recipient: rfc822; ops@localhost');
    expect(dsns[0]).not.toContain('Final-Recipient: rfc822; admin@localhost');
    expect(await spool.list()).toEqual([]);
  });
});
