/**
 * @module A queue file enters queue/ before its fsync, so a power loss can leave it torn there: such a file
 * was never acknowledged, and after a restart it is set aside in spool/corrupt/, never delivered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newQueueId } from '../src/message/queue-id.js';
import type { QueuedEnvelope } from '../src/spool/spool-file.js';
import { Spool } from '../src/spool/spool.js';
import { killAll, launch, workDir } from './helpers/mta-process.js';
import { waitFor } from './helpers/peers.js';

afterEach(killAll);

const envelope = (id: string, size = 0): QueuedEnvelope => ({
  id,
  sender: 'a@localhost',
  recipients: [{ address: 'admin@localhost', domain: 'localhost', mailbox: 'admin' }],
  receivedAt: new Date().toISOString(),
  messageId: `<${id}@torn.test>`,
  client: { helo: 'client.test', address: '127.0.0.1' },
  size,
});

const message = (name: string) => Buffer.from(`Message-ID: <${name}@torn.test>\r\nSubject: ${name}\r\n\r\n${'body of the message '.repeat(50)}\r\n`);

/** Message-IDs of the messages in data/mail/admin/new. */
async function delivered(cwd: string): Promise<string[]> {
  const dir = join(cwd, 'data', 'mail', 'admin', 'new');
  if (!existsSync(dir)) return [];
  const texts = await Promise.all((await readdir(dir)).map((name) => readFile(join(dir, name), 'utf8')));
  return texts.map((text) => /^Message-ID: <([^>]+)>/im.exec(text)?.[1] ?? '?').sort();
}

describe('torn queue files', () => {
  it('delivers the whole ones and sets aside, undelivered, one whose bytes fail the CRC-32 and one cut short', async () => {
    const cwd = await workDir('mta:\n  listen: "127.0.0.1:0"\n');
    const spool = new Spool(join(cwd, 'data', 'spool'));
    await spool.init();
    const [good, flipped, short, v1] = [1, 2, 3, 4].map((n) => newQueueId(Date.now() + n)) as [string, string, string, string];
    await spool.put(envelope(good), message('good'));
    await spool.put(envelope(flipped), message('flipped'));
    await spool.put(envelope(short), message('short'));

    const torn = await readFile(spool.pathOf(flipped));
    torn.writeUInt8(torn.readUInt8(torn.length - 10) ^ 0x01, torn.length - 10); // same length, one bit of the body changed
    await writeFile(spool.pathOf(flipped), torn);
    const whole = await readFile(spool.pathOf(short));
    await writeFile(spool.pathOf(short), whole.subarray(0, whole.length - 100));
    // a file of the format before checksums (fsynced before it entered queue/) is still delivered
    const old = message('v1');
    await writeFile(spool.pathOf(v1), Buffer.concat([Buffer.from(`UPTIME-SPOOL 1 ${JSON.stringify(envelope(v1, old.length))}\n`), old]));

    const mta = launch(cwd);
    await mta.listening;
    await waitFor(async () => (await readdir(spool.queueDir)).length === 0, 'the queue to empty');
    expect(await delivered(cwd)).toEqual(['good@torn.test', 'v1@torn.test']);
    expect((await readdir(spool.corruptDir)).sort()).toEqual([flipped, short].sort());
    const { stderr, stdout } = mta.output();
    expect(stdout + stderr).toMatch(new RegExp(`${flipped}: damaged spool file .*CRC-32`));
    expect(stdout + stderr).toMatch(new RegExp(`${short}: damaged spool file .*expected \\d+ message bytes`));
    mta.child.kill('SIGTERM');
    expect(await mta.exited).toBe(0);
  });
});
