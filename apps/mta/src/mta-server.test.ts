import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BINARIES, missing, waitFor } from '../test/helpers/peers.js';
import { clientOf, filesIn, mailboxTexts, startTestMta, stopTestMtas } from '../test/helpers/test-mta.js';

const run = promisify(execFile);

/** Sends raw command lines one at a time and collects each reply (multi-line replies joined). */
async function talk(port: number, lines: string[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let buffer = '';
  const replies: string[] = [];
  const waiters: Array<(reply: string) => void> = [];
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let match: RegExpExecArray | null;
    while ((match = /^((?:\d{3}-[^\r\n]*\r\n)*\d{3} [^\r\n]*)\r\n/.exec(buffer))) {
      buffer = buffer.slice(match[0].length);
      const reply = match[1] ?? '';
      const waiter = waiters.shift();
      if (waiter) waiter(reply);
      else replies.push(reply);
    }
  });
  socket.on('error', () => undefined);
  const next = () => new Promise<string>((resolve) => (replies.length ? resolve(replies.shift() ?? '') : waiters.push(resolve)));
  const out = [await next()];
  for (const line of lines) {
    socket.write(`${line}\r\n`);
    out.push(await next());
  }
  socket.destroy();
  return out;
}

afterEach(stopTestMtas);

describe('startMta with nodemailer', () => {
  it('answers 250 once the message is in the spool, then delivers it to Maildir with trace headers and an event', async () => {
    const t = await startTestMta();
    const info = await (await clientOf(t)).sendMail({
      from: 'uptime@localhost',
      to: 'admin@localhost',
      subject: 'hello',
      text: 'body line\n.leading dot\n',
      messageId: '<test-1@sensor.lab>',
    });
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as [A-Z0-9]+$/);
    const [file] = await waitFor(() => filesIn(t.layout, 'admin').then((f) => f.length && f), 'delivery');
    expect(file).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(await filesIn(t.layout, 'admin', 'tmp')).toEqual([]);
    const text = await readFile(join(t.layout.mail, 'admin', 'new', file ?? ''), 'utf8');
    expect(text).toMatch(/^Return-Path: <uptime@localhost>\r\nReceived: from client\.test \(\[127\.0\.0\.1\]\)\r\n\tby sensor\.lab with ESMTP id [A-Z0-9]+;\r\n\t\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}\r\n/);
    expect(text).toContain('Subject: hello');
    expect(text).toContain('\r\n.leading dot\r\n');
    await waitFor(() => t.recorded.length === 1, 'the event');
    expect(t.recorded).toEqual([
      expect.objectContaining({ code: 'MAIL_DELIVERED', hosts: [], messageId: '<test-1@sensor.lab>', recipient: 'admin@localhost', detail: 'delivered to maildir admin' }),
    ]);
    await waitFor(async () => (await readdir(join(t.layout.spool, 'queue'))).length === 0, 'the spool to empty');
  });

  it('delivers once per mailbox, records every recipient and adds a Message-ID when there is none', async () => {
    const t = await startTestMta((c) => {
      c.mta.localDomains = ['localhost', 'lab.test'];
      c.mta.mailboxes = ['ops'];
    });
    const rcpts = ['admin@localhost', 'Admin@Lab.Test', 'ops@localhost'].map((r) => `RCPT TO:<${r}>`);
    const replies = await talk(t.port, ['EHLO client.test', 'MAIL FROM:<a@localhost>', ...rcpts, 'DATA', 'Subject: s\r\n\r\nt\r\n.', 'QUIT']);
    const id = /^250 2\.0\.0 Ok: queued as ([A-Z0-9]+)$/.exec(replies[7] ?? '')?.[1];
    expect(id).toBeDefined();
    await waitFor(() => t.recorded.length === 3, 'three events');
    expect(await filesIn(t.layout, 'admin')).toHaveLength(1);
    expect(await filesIn(t.layout, 'ops')).toHaveLength(1);
    expect(t.recorded.map((e) => e.recipient).sort()).toEqual(['Admin@Lab.Test', 'admin@localhost', 'ops@localhost']);
    expect((await mailboxTexts(t.layout, 'ops'))[0]).toContain(`Message-ID: <${id}@sensor.lab>\r\n`);
  });

  it('keeps an 8-bit body (BODY=8BITMIME, SMTPUTF8) byte for byte', async () => {
    const t = await startTestMta();
    const body = 'Subject: =?utf-8?q?caf=C3=A9?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGrüße, café ✓\r\n.';
    const replies = await talk(t.port, ['EHLO client.test', 'MAIL FROM:<a@localhost> BODY=8BITMIME SMTPUTF8', 'RCPT TO:<admin@localhost>', 'DATA', body, 'QUIT']);
    expect(replies[2]).toMatch(/^250 /);
    expect(replies[5]).toMatch(/^250 2\.0\.0 Ok: queued as/);
    const [text] = await waitFor(() => mailboxTexts(t.layout, 'admin').then((m) => m.length && m), 'delivery');
    expect(text).toContain('\r\n\r\nGrüße, café ✓\r\n');
  });

  it('refuses another domain with 550 5.7.1 and queues nothing', async () => {
    const t = await startTestMta();
    const sending = (await clientOf(t)).sendMail({ from: 'a@localhost', to: 'user@other.example', subject: 's', text: 't' });
    await expect(sending).rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining('5.7.1 relaying denied: <user@other.example>') });
    expect(await readdir(join(t.layout.spool, 'queue'))).toEqual([]);
    expect(t.recorded).toEqual([]);
  });

  it('answers 451 4.3.0 when the spool cannot be written, and accepts again once it can', async () => {
    const t = await startTestMta();
    const tmp = join(t.layout.spool, 'tmp');
    await rm(tmp, { recursive: true });
    await writeFile(tmp, 'a file where the spool directory should be');
    const client = await clientOf(t);
    const sending = client.sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 's', text: 't' });
    await expect(sending).rejects.toMatchObject({ responseCode: 451, response: expect.stringContaining('4.3.0 cannot queue the message, try again later (ENOTDIR)') });
    await rm(tmp);
    await mkdir(tmp);
    expect((await client.sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 's', text: 't' })).response).toMatch(/^250 /);
  });

  it('defers when the Maildir cannot be written, keeps the message, and delivers it on flush', async () => {
    const t = await startTestMta((c) => (c.mta.relay.retry = { first: 3_600_000, max: 3_600_000, lifetime: 86_400_000 }));
    await mkdir(t.layout.mail, { recursive: true });
    await writeFile(join(t.layout.mail, 'admin'), 'a file where the mailbox should be');
    await (await clientOf(t)).sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 's', text: 't' });
    await waitFor(() => t.recorded.length === 1, 'MAIL_DEFERRED');
    expect(t.recorded[0]).toMatchObject({ code: 'MAIL_DEFERRED', recipient: 'admin@localhost', detail: expect.stringMatching(/^cannot write to maildir admin \(ENOTDIR\); next attempt in 1h$/) });
    const [id] = await readdir(join(t.layout.spool, 'queue'));
    const state = await waitFor(() => readFile(join(t.layout.spool, 'defer', `${id}.json`), 'utf8'), 'the delivery state');
    expect(JSON.parse(state)).toMatchObject({ attempts: 1, done: [] });
    await rm(join(t.layout.mail, 'admin'));
    await waitFor(() => t.mta.flush() === 1, 'the deferred message to be scheduled, and flushed');
    await waitFor(() => t.recorded.length === 2, 'MAIL_DELIVERED');
    expect(t.recorded[1]).toMatchObject({ code: 'MAIL_DELIVERED', recipient: 'admin@localhost' });
    await waitFor(async () => (await readdir(join(t.layout.spool, 'queue'))).length === 0, 'the spool to empty');
    // the state goes just after the message (spool.remove): wait for it rather than race it
    await waitFor(async () => (await readdir(join(t.layout.spool, 'defer'))).length === 0, 'the delivery state removed');
  });

  it('refuses a message over the size limit with 552 and serves the next connection', async () => {
    const t = await startTestMta((c) => (c.mta.maxMessageSize = 2048));
    const client = await clientOf(t);
    const big = client.sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 'big', text: 'x'.repeat(10_000) });
    await expect(big).rejects.toMatchObject({ responseCode: 552 });
    const lines = ['EHLO client.test', 'MAIL FROM:<a@localhost> SIZE=999999', 'MAIL FROM:<a@localhost>', 'RCPT TO:<admin@localhost>', 'DATA', `Subject: big\r\n\r\n${'y'.repeat(5000)}\r\n.`, 'QUIT'];
    const replies = await talk(t.port, lines);
    expect(replies[1]).toContain('SIZE 2048');
    expect(replies[2]).toMatch(/^552 /);
    expect(replies[6]).toBe('552 5.3.4 message exceeds the size limit of 2048 bytes');
    const small = await client.sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 'small', text: 'ok' });
    expect(small.response).toMatch(/^250 /);
    await waitFor(() => filesIn(t.layout, 'admin').then((f) => f.length === 1), 'one delivery');
  });

  it('answers a garbage command with 5xx, keeps the session, and limits recipients per message', async () => {
    const t = await startTestMta((c) => {
      c.mta.maxRecipients = 2;
      c.mta.mailboxes = ['a', 'b', 'c'];
    });
    const rcpts = ['a', 'b', 'a', 'c'].map((r) => `RCPT TO:<${r}@localhost>`);
    const replies = await talk(t.port, ['EHLO client.test', 'XYZZY plugh', 'MAIL FROM:<a@localhost>', 'RCPT TO:<x@y@localhost>', ...rcpts, 'NOOP', 'QUIT']);
    expect(replies[0]).toMatch(/^220 sensor\.lab ESMTP/);
    expect(replies[1]).toMatch(/PIPELINING[\s\S]*8BITMIME[\s\S]*SMTPUTF8[\s\S]*AUTH PLAIN LOGIN[\s\S]*STARTTLS[\s\S]*SIZE 26214400/);
    expect(replies[2]).toMatch(/^5\d\d /);
    expect(replies[3]).toMatch(/^250 /);
    expect(replies[4]).toMatch(/^5\d\d /);
    expect(replies.slice(5, 9)).toEqual([expect.stringMatching(/^250 /), expect.stringMatching(/^250 /), expect.stringMatching(/^250 /), '452 4.5.3 too many recipients (at most 2 per message)']);
    expect(replies[9]).toMatch(/^250 /);
    expect(replies[10]).toMatch(/^221 /);
  });
});

describe('startMta with swaks', () => {
  it('delivers mail to admin@localhost over STARTTLS', async (ctx) => {
    if (missing('swaks')) return ctx.skip();
    const t = await startTestMta();
    const { stdout } = await run(BINARIES.swaks, ['--server', `127.0.0.1:${t.port}`, '--tls', '--from', 'swaks@localhost', '--to', 'admin@localhost', '--helo', 'swaks.test', '--header', 'Subject: from swaks']);
    expect(stdout).toMatch(/<~ {2}250 2\.0\.0 Ok: queued as/);
    const [text] = await waitFor(() => mailboxTexts(t.layout, 'admin').then((m) => m.length && m), 'delivery');
    expect(text).toContain('Subject: from swaks');
    expect(text).toMatch(/by sensor\.lab with ESMTPS id/);
  });

  it('cleans the header: adds Date, keeps an empty Message-ID without a second one, drops Bcc and a client Return-Path', async (ctx) => {
    if (missing('swaks')) return ctx.skip();
    const t = await startTestMta();
    const data = 'Subject: cleanup\r\nBcc: hidden@elsewhere.test\r\nReturn-Path: <forged@elsewhere.test>\r\nMessage-ID:\r\n\r\nbody\r\n';
    await run(BINARIES.swaks, ['--server', `127.0.0.1:${t.port}`, '--from', 'swaks@localhost', '--to', 'admin@localhost', '--data', data]);
    const [text] = await waitFor(() => mailboxTexts(t.layout, 'admin').then((m) => m.length && m), 'delivery');
    const header = text!.slice(0, text!.indexOf('\r\n\r\n'));
    expect(header.match(/^Return-Path:.*$/gim)).toEqual(['Return-Path: <swaks@localhost>']);
    expect(header.match(/^Message-ID:.*$/gim)).toEqual(['Message-ID:']);
    expect(header.match(/^Date: .*$/gim)).toEqual([expect.stringMatching(/^Date: \w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/)]);
    expect(text).not.toMatch(/^Bcc:|hidden@elsewhere/im);
    expect(text).toContain('\r\n\r\nbody\r\n');
  });

  it('fails with 550 for an external domain', async (ctx) => {
    if (missing('swaks')) return ctx.skip();
    const t = await startTestMta();
    const result = await run(BINARIES.swaks, ['--server', `127.0.0.1:${t.port}`, '--from', 'swaks@localhost', '--to', 'user@other.example']).then(
      () => ({ code: 0, stdout: '' }),
      (err: { code: number; stdout: string }) => err,
    );
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/<\*\* 550 5\.7\.1 relaying denied: <user@other\.example> is not a local domain/);
    expect(existsSync(t.layout.mail)).toBe(false);
  });
});
