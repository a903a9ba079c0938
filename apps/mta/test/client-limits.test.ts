/** @module Issue 12 defects 3 and 12: DATA streamed to the spool, per-client limits, session and DATA-rate bounds, stress timeouts, the reserved places for the appliance's own submission. */
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadOrCreateSubmissionCredentials } from '@uptime/config';
import nodemailer from 'nodemailer';
import { RESERVED_SLOTS } from '../src/smtp/client-admission.js';
import { waitFor } from './helpers/peers.js';
import { session, type RawSession } from './helpers/raw-session.js';
import { mailboxTexts, startTestMta, stopTestMtas, type TestMta } from './helpers/test-mta.js';

afterAll(stopTestMtas);

const greeted = (s: RawSession) => waitFor(() => s.received().startsWith('220 '), 'the greeting');

/** Opens `count` sessions from `from` and waits for each greeting. */
async function hold(t: TestMta, count: number, from: string): Promise<RawSession[]> {
  const all = Array.from({ length: count }, () => session(t.port, '127.0.0.1', from));
  await Promise.all(all.map(greeted));
  return all;
}

/** Starts a transaction on `s` up to the DATA go-ahead. */
async function intoData(s: RawSession): Promise<void> {
  await greeted(s);
  s.socket.write('EHLO slow.test\r\nMAIL FROM:<a@localhost>\r\nRCPT TO:<admin@localhost>\r\nDATA\r\n');
  await waitFor(() => s.received().includes('\r\n354 '), 'the DATA go-ahead');
}

/** Writes `text` every `ms` until the server closes `s` (a generous hang time-out). */
async function repeatUntilClosed(s: RawSession, text: string, ms: number, what: string): Promise<void> {
  const timer = setInterval(() => s.socket.write(text), ms);
  try {
    await waitFor(() => s.closed.then(() => true), what, 30_000);
  } finally {
    clearInterval(timer);
  }
}

/** A nodemailer client from `localAddress`, with the submission credentials when `auth`. */
async function client(t: TestMta, localAddress: string, auth = false) {
  const credentials = auth ? await loadOrCreateSubmissionCredentials(t.layout) : undefined;
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: t.port,
    localAddress,
    secure: false,
    ignoreTLS: true,
    name: 'client.test',
    auth: credentials ? { user: credentials.user, pass: credentials.password } : undefined,
  });
}

describe('DATA goes to the spool as it arrives (defect 3)', () => {
  it('has the body on disk before the message ends, and queues it byte for byte', async () => {
    const t = await startTestMta();
    const s = session(t.port);
    await intoData(s);
    const line = `${'x'.repeat(998)}\r\n`;
    const body = line.repeat(2048); // 2 MB
    s.socket.write(`Subject: streamed\r\n\r\n${body}`);
    const tmp = join(t.layout.spool, 'tmp');
    // before the final dot, the spool file being written already holds most of the body
    await waitFor(async () => {
      for (const name of await readdir(tmp)) if ((await stat(join(tmp, name)).catch(() => ({ size: 0 }))).size > 1_500_000) return true;
      return false;
    }, 'a spool file of over 1.5 MB in tmp/ while DATA goes on');
    expect(s.received()).not.toMatch(/\r\n250 2\.0\.0 Ok: queued/);
    s.socket.write('.\r\nQUIT\r\n');
    await s.closed;
    expect(s.received()).toMatch(/\r\n250 2\.0\.0 Ok: queued as [A-Z0-9]+\r\n/);
    const [text = ''] = await waitFor(() => mailboxTexts(t.layout, 'admin').then((m) => m.length === 1 && m), 'the delivery');
    const delivered = text.slice(text.indexOf('\r\n\r\n') + 4);
    expect(createHash('sha256').update(delivered).digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
    expect(text).toMatch(/^Return-Path: <a@localhost>\r\nReceived: from slow\.test/);
  });

  it('refuses a header section over 1 MiB with 552 5.3.4 once the client has sent it all, and keeps nothing', async () => {
    const t = await startTestMta();
    const s = session(t.port);
    await intoData(s);
    const line = `X-Filler: ${'h'.repeat(990)}\r\n`;
    s.socket.write(`${line.repeat(1100)}\r\nbody\r\n.\r\n`);
    await waitFor(() => /\r\n552 /.test(s.received()), 'the 552');
    expect(s.received()).toMatch(/\r\n552 5\.3\.4 message header section exceeds 1048576 bytes\r\n$/);
    s.socket.write('QUIT\r\n');
    await s.closed;
    expect(await readdir(join(t.layout.spool, 'queue'))).toEqual([]);
    await waitFor(async () => (await readdir(join(t.layout.spool, 'tmp'))).length === 0, 'tmp/ empty');
  });
});

describe('per-client connection limit (defects 3 and 12)', () => {
  it('turns away a client address over mta.clientConnectionLimit with 421 4.7.0, and still serves another address', async () => {
    const t = await startTestMta((c) => (c.mta.clientConnectionLimit = 3));
    const held = await hold(t, 3, '127.0.0.5');
    const extra = session(t.port, '127.0.0.1', '127.0.0.5');
    await extra.closed;
    expect(extra.received()).toMatch(/^421 4\.7\.0 \S+ Error: too many connections from \[127\.0\.0\.5\], try again later\r\n$/);
    const other = await (await client(t, '127.0.0.6')).sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 'other client', text: 'served' });
    expect(other.response).toMatch(/^250 2\.0\.0 Ok: queued/);
    // a place freed is a place taken again
    const [first] = held as [RawSession];
    first.socket.destroy();
    await first.closed;
    await waitFor(async () => {
      const again = session(t.port, '127.0.0.1', '127.0.0.5');
      await waitFor(() => again.received().length > 0, 'a reply');
      again.socket.destroy();
      return again.received().startsWith('220 ');
    }, 'a greeting once a session of 127.0.0.5 ended');
    for (const s of held) s.socket.destroy();
  });

  it("lets the monitor's alert in while the limits are reached, and nobody else on the reserved places", async () => {
    const t = await startTestMta((c) => {
      c.mta.maxClients = 4;
      c.mta.clientConnectionLimit = 2;
    });
    const held = [...(await hold(t, 2, '127.0.0.1')), ...(await hold(t, 2, '127.0.0.3'))];
    // an unauthenticated client on a reserved place is sent away at its first transaction command
    const intruder = session(t.port, '127.0.0.1', '127.0.0.1');
    await greeted(intruder);
    intruder.socket.write('EHLO intruder.test\r\nMAIL FROM:<a@localhost>\r\n');
    await intruder.closed;
    expect(intruder.received()).toMatch(/\r\n421 4\.7\.0 Error: the connection limit is reached; only the appliance's own submission may go on\r\n$/);
    // the monitor's submission (its credentials, from 127.0.0.1) gets in and is delivered
    const sent = await (await client(t, '127.0.0.1', true)).sendMail({ from: 'uptime@localhost', to: 'admin@localhost', subject: '[uptime] gateway 192.0.2.1 is DOWN', text: 'alert' });
    expect(sent.response).toMatch(/^250 2\.0\.0 Ok: queued/);
    await waitFor(() => mailboxTexts(t.layout, 'admin').then((m) => m.some((x) => x.includes('is DOWN'))), 'the alert in the Maildir');
    // other addresses are still turned away at connect
    const late = session(t.port, '127.0.0.1', '127.0.0.4');
    await late.closed;
    expect(late.received()).toMatch(/^421 4\.7\.0 \S+ Error: Too many connected clients/);
    expect(RESERVED_SLOTS).toBeGreaterThan(0);
    for (const s of held) s.socket.destroy();
  });
});

describe('session bounds (defect 12)', () => {
  it('cuts a client that sends 1 byte a second inside DATA, and keeps nothing of its message', async () => {
    const t = await startTestMta((c) => {
      c.mta.idleTimeout = 2_000;
      c.mta.minDataRate = 500;
    });
    const slow = session(t.port, '127.0.0.1', '127.0.0.7');
    await intoData(slow);
    await repeatUntilClosed(slow, 'x', 1000, 'the slow client to be cut');
    expect(slow.received()).toMatch(/\r\n421 4\.4\.2 Error: data rate too low, closing connection\r\n$/);
    expect(t.lines.some((l) => /^mta: timeout \(DATA slower than 500 bytes\/s: \d+ bytes\) after DATA from \[127\.0\.0\.7\]$/.test(l))).toBe(true);
    await waitFor(async () => (await readdir(join(t.layout.spool, 'tmp'))).length === 0, 'the half message removed from tmp/');
    expect(await readdir(join(t.layout.spool, 'queue'))).toEqual([]);
  });

  it('ends a session that goes on past mta.sessionTimeout, however busy', async () => {
    const t = await startTestMta((c) => (c.mta.sessionTimeout = 2_000));
    const busy = session(t.port, '127.0.0.1', '127.0.0.8');
    await greeted(busy);
    await repeatUntilClosed(busy, 'NOOP\r\n', 200, 'the session to be ended');
    expect(busy.received()).toMatch(/\r\n421 4\.4\.2 Error: session time limit exceeded\r\n$/);
  });

  it('shortens the idle timeout to mta.stressIdleTimeout while sessions exceed 80% of mta.maxClients', async () => {
    const t = await startTestMta((c) => {
      c.mta.maxClients = 10;
      c.mta.idleTimeout = 120_000;
      c.mta.stressIdleTimeout = 1_000;
    });
    const calm = await hold(t, 2, '127.0.0.9');
    const crowd = await hold(t, 7, '127.0.0.10');
    await waitFor(() => Promise.all([...calm, ...crowd].map((s) => s.closed)).then(() => true), 'every idle session closed under stress', 30_000);
    for (const s of [...calm, ...crowd]) expect(s.received()).toMatch(/^220 [^]*\r\n421 4\.4\.2 Timeout - closing connection\r\n$/);
    expect(t.lines.some((l) => /^mta: warning: \d+ sessions: under stress, idle timeout 1000 ms$/.test(l))).toBe(true);
    // stress ends with the sessions: a new idle session is left alone for the normal idle timeout
    const later = session(t.port, '127.0.0.1', '127.0.0.11');
    await greeted(later);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(later.received()).not.toContain('421');
    later.socket.destroy();
  });
});
