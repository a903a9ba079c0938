/** @module Issue 12 defect 3: MAIL, RCPT and DATA get 452 4.3.1 while the spool's file system has less free than mta.queueMinFree (a small tmpfs the test mounts). */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dataLayout } from '@uptime/config';
import { waitFor } from './helpers/peers.js';
import { session, type RawSession } from './helpers/raw-session.js';
import { startTestMta, stopTestMtas } from './helpers/test-mta.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0 && existsSync('/usr/bin/mount');
if (!isRoot) console.warn('SKIPPED queue-min-free: mounting a tmpfs needs root (and mount(8))');

const MB = 1024 * 1024;
let mountPoint: string | undefined;

afterAll(async () => {
  await stopTestMtas();
  if (mountPoint) await run('umount', ['-l', mountPoint]).catch(() => undefined);
});

/** Sends `line` and waits for the reply that follows it. */
async function say(s: RawSession, line: string): Promise<string> {
  const before = s.received().length;
  s.socket.write(`${line}\r\n`);
  const reply = await waitFor(() => /^\d{3} [^\r]*\r\n/m.exec(s.received().slice(before))?.[0], `the reply to ${line}`);
  return reply.trimEnd();
}

describe.skipIf(!isRoot)('mta.queueMinFree on a small tmpfs', () => {
  it('answers 452 4.3.1 at MAIL, RCPT and DATA while free space is below the floor, and takes mail again once it is back', async () => {
    mountPoint = await mkdtemp(join(tmpdir(), 'mta-minfree-'));
    await run('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'tmpfs', mountPoint]);
    const t = await startTestMta((c) => (c.mta.queueMinFree = 8 * MB), { layout: dataLayout(join(mountPoint, 'data')) });
    const fill = join(mountPoint, 'fill');
    const full = () => writeFile(fill, Buffer.alloc(18 * MB)); // leaves about 6 MB free, below the 8 MB floor
    const s = session(t.port);
    await waitFor(() => s.received().startsWith('220 '), 'the greeting');
    expect(await say(s, 'EHLO floor.test')).toMatch(/^250 /);

    await full();
    expect(await say(s, 'MAIL FROM:<a@localhost>')).toBe('452 4.3.1 Insufficient system storage');
    await rm(fill);
    expect(await say(s, 'MAIL FROM:<a@localhost> SIZE=1000')).toMatch(/^250 /);
    // a declared SIZE counts 1.5 times against what is free, as in Postfix
    expect(await say(s, 'RSET')).toMatch(/^250 /);
    expect(await say(s, `MAIL FROM:<a@localhost> SIZE=${12 * MB}`)).toBe('452 4.3.1 Insufficient system storage');
    expect(await say(s, 'MAIL FROM:<a@localhost>')).toMatch(/^250 /);

    await full();
    expect(await say(s, 'RCPT TO:<admin@localhost>')).toBe('452 4.3.1 Insufficient system storage');
    await rm(fill);
    expect(await say(s, 'RCPT TO:<admin@localhost>')).toMatch(/^250 /);

    await full();
    expect(await say(s, 'DATA')).toBe('452 4.3.1 Insufficient system storage');
    await rm(fill);
    expect(await say(s, 'DATA')).toMatch(/^354 /);
    s.socket.write('Subject: after the floor\r\n\r\nroom again\r\n');
    expect(await say(s, '.')).toMatch(/^250 2\.0\.0 Ok: queued as /);
    expect(await say(s, 'QUIT')).toMatch(/^221 /);
  });
});
