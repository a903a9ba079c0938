import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { dataLayout, loadConfig, type DataLayout } from '@uptime/config';
import type { MailEventRecord, MailEventSink } from './delivery/mail-events.js';
import { startMta, type MtaOptions, type RunningMta } from './mta-server.js';

const run = promisify(execFile);
const SWAKS = '/usr/bin/swaks';
const running: RunningMta[] = [];

/** A started MTA on 127.0.0.1:<random port> with its own data directory. */
async function start(extra: Partial<MtaOptions> = {}, localDomains = ['localhost']) {
  const dir = await mkdtemp(join(tmpdir(), 'mta-'));
  const { config } = loadConfig({ cwd: dir, env: {} });
  config.mta.listen = { host: '127.0.0.1', port: 0 };
  config.mta.localDomains = localDomains;
  const layout = dataLayout(join(dir, 'data'));
  const recorded: MailEventRecord[] = [];
  const events: MailEventSink = { record: async (e) => recorded.push(e) };
  const mta = await startMta({ config, layout, events, ...extra });
  running.push(mta);
  return { mta, layout, recorded, port: mta.address.port };
}

function transport(port: number) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'client.test' });
}

async function filesIn(layout: DataLayout, mailbox: string, sub = 'new'): Promise<string[]> {
  const dir = join(layout.mail, mailbox, sub);
  return existsSync(dir) ? readdir(dir) : [];
}

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
  const next = () => new Promise<string>((resolve) => (replies.length ? resolve(replies.shift() ?? '') : waiters.push(resolve)));
  const out = [await next()];
  for (const line of lines) {
    socket.write(`${line}\r\n`);
    out.push(await next());
  }
  socket.destroy();
  return out;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((m) => m.close()));
});

describe('startMta with nodemailer', () => {
  it('delivers to Maildir before answering 250, with trace headers and an event', async () => {
    const { layout, recorded, port } = await start();
    const info = await transport(port).sendMail({
      from: 'uptime@localhost',
      to: 'admin@localhost',
      subject: 'hello',
      text: 'body line\n.leading dot\n',
      messageId: '<test-1@sensor.lab>',
    });
    expect(info.response).toMatch(/^250 Ok: delivered as [A-Z0-9]+$/);
    const [file] = await filesIn(layout, 'admin');
    expect(file).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(await filesIn(layout, 'admin', 'tmp')).toEqual([]);
    const text = await readFile(join(layout.mail, 'admin', 'new', file ?? ''), 'utf8');
    expect(text).toMatch(/^Return-Path: <uptime@localhost>\r\nReceived: from client\.test \(\[127\.0\.0\.1\]\)\r\n\tby sensor\.lab with ESMTP id [A-Z0-9]+;\r\n\t\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}\r\n/);
    expect(text).toContain('Subject: hello');
    expect(text).toContain('\r\n.leading dot\r\n');
    expect(recorded).toEqual([
      expect.objectContaining({
        code: 'MAIL_DELIVERED',
        hosts: [],
        messageId: '<test-1@sensor.lab>',
        recipient: 'admin@localhost',
        detail: 'delivered to maildir admin',
      }),
    ]);
  });

  it('delivers once per mailbox and records every recipient', async () => {
    const { layout, recorded, port } = await start({}, ['localhost', 'lab.test']);
    const rcpts = ['admin@localhost', 'Admin@Lab.Test', 'ops@localhost'].map((r) => `RCPT TO:<${r}>`);
    const replies = await talk(port, ['EHLO client.test', 'MAIL FROM:<a@localhost>', ...rcpts, 'DATA', 'Subject: s\r\n\r\nt\r\n.', 'QUIT']);
    expect(replies[7]).toMatch(/^250 Ok: delivered as/);
    expect(await filesIn(layout, 'admin')).toHaveLength(1);
    expect(await filesIn(layout, 'ops')).toHaveLength(1);
    expect(recorded.map((e) => e.recipient).sort()).toEqual(['Admin@Lab.Test', 'admin@localhost', 'ops@localhost']);
  });

  it('refuses another domain with 550 5.7.1 and writes nothing', async () => {
    const { layout, recorded, port } = await start();
    const sending = transport(port).sendMail({ from: 'a@localhost', to: 'user@other.example', subject: 's', text: 't' });
    await expect(sending).rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining('5.7.1 relaying denied: <user@other.example>') });
    expect(existsSync(layout.mail)).toBe(false);
    expect(recorded).toEqual([]);
  });

  it('answers 451 4.3.0 when the Maildir cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mta-broken-'));
    await writeFile(join(dir, 'mail'), 'a file where the mail directory should be');
    const { port } = await start({ layout: { ...dataLayout(dir) } });
    const sending = transport(port).sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 's', text: 't' });
    await expect(sending).rejects.toMatchObject({ responseCode: 451, response: expect.stringContaining('4.3.0 local delivery failed') });
  });

  it('refuses a message over the size limit with 552 and serves the next connection', async () => {
    const { layout, port } = await start({ maxMessageSize: 2048 });
    const big = transport(port).sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 'big', text: 'x'.repeat(10_000) });
    await expect(big).rejects.toMatchObject({ responseCode: 552 });
    const lines = ['EHLO client.test', 'MAIL FROM:<a@localhost>', 'RCPT TO:<admin@localhost>', 'DATA', `Subject: big\r\n\r\n${'y'.repeat(5000)}\r\n.`, 'QUIT'];
    const replies = await talk(port, lines);
    expect(replies[1]).toContain('SIZE 2048');
    expect(replies[5]).toBe('552 5.3.4 message exceeds the size limit of 2048 bytes');
    expect(await filesIn(layout, 'admin')).toEqual([]);
    const small = await transport(port).sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 'small', text: 'ok' });
    expect(small.response).toMatch(/^250 /);
    expect(await filesIn(layout, 'admin')).toHaveLength(1);
  });

  it('answers a garbage command with 5xx and keeps the session', async () => {
    const { port } = await start();
    const replies = await talk(port, ['EHLO client.test', 'XYZZY plugh', 'MAIL FROM:<a@localhost>', 'RCPT TO:<x@y@localhost>', 'NOOP', 'QUIT']);
    expect(replies[0]).toMatch(/^220 sensor\.lab ESMTP/);
    expect(replies[1]).not.toMatch(/STARTTLS|AUTH/);
    expect(replies[2]).toMatch(/^5\d\d /);
    expect(replies[3]).toMatch(/^250 /);
    expect(replies[4]).toMatch(/^5\d\d /);
    expect(replies[5]).toMatch(/^250 /);
    expect(replies[6]).toMatch(/^221 /);
  });
});

describe('startMta with swaks', () => {
  let swaks = false;
  beforeAll(() => {
    swaks = existsSync(SWAKS);
    if (!swaks) console.warn(`skipping swaks tests: ${SWAKS} is not installed (apt-get install -y swaks)`);
  });

  it('delivers mail to admin@localhost', async (ctx) => {
    if (!swaks) ctx.skip();
    const { layout, port } = await start();
    const { stdout } = await run(SWAKS, ['--server', `127.0.0.1:${port}`, '--from', 'swaks@localhost', '--to', 'admin@localhost', '--helo', 'swaks.test', '--header', 'Subject: from swaks']);
    expect(stdout).toMatch(/<- {2}250 Ok: delivered as/);
    const [file] = await filesIn(layout, 'admin');
    expect(await readFile(join(layout.mail, 'admin', 'new', file ?? ''), 'utf8')).toContain('Subject: from swaks');
  });

  it('fails with 550 for an external domain', async (ctx) => {
    if (!swaks) ctx.skip();
    const { layout, port } = await start();
    const result = await run(SWAKS, ['--server', `127.0.0.1:${port}`, '--from', 'swaks@localhost', '--to', 'user@other.example']).then(
      () => ({ code: 0, stdout: '' }),
      (err: { code: number; stdout: string }) => err,
    );
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/<\*\* 550 5\.7\.1 relaying denied: <user@other\.example> is not a local domain/);
    expect(existsSync(layout.mail)).toBe(false);
  });
});
