import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { BINARIES, missing, waitFor } from './helpers/peers.js';
import { mailboxTexts, startTestMta, stopTestMtas } from './helpers/test-mta.js';

const run = promisify(execFile);
const skip = missing('swaks');

afterAll(stopTestMtas);

/** Sends raw command lines one at a time (as a client that ignores EHLO would) and collects each reply. */
async function talk(port: number, lines: string[], host = '127.0.0.1'): Promise<string[]> {
  const socket = connect(port, host);
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  let buffer = '';
  const replies: string[] = [];
  let wake: () => void = () => undefined;
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let match: RegExpExecArray | null;
    while ((match = /^((?:\d{3}-[^\r\n]*\r\n)*\d{3} [^\r\n]*)\r\n/.exec(buffer))) {
      buffer = buffer.slice(match[0].length);
      replies.push(match[1] ?? '');
      wake();
    }
  });
  const next = async (n: number) => {
    while (replies.length < n) await new Promise<void>((resolve) => (wake = resolve));
  };
  await next(1);
  for (const [i, line] of lines.entries()) {
    socket.write(`${line}\r\n`);
    await next(i + 2);
  }
  socket.destroy();
  return replies;
}

/** swaks' transcript, whether or not the transaction went through. */
const swaks = (args: string[]) =>
  run(BINARIES.swaks, args).then(
    (r) => r.stdout,
    (err: { stdout: string }) => err.stdout,
  );

describe('replies on the wire', () => {
  it('refuses ESMTP parameters that were not offered with 555 5.5.4 (RFC 5321 4.1.1.11)', async () => {
    const t = await startTestMta();
    const replies = await talk(t.port, [
      'EHLO client.test',
      'MAIL FROM:<a@localhost> FOO=bar',
      'MAIL FROM:<a@localhost> RET=HDRS',
      'MAIL FROM:<a@localhost> SIZE=100 BODY=8BITMIME SMTPUTF8',
      'RCPT TO:<admin@localhost> NOTIFY=NEVER',
      'RCPT TO:<admin@localhost> XYZ',
      'RCPT TO:<admin@localhost>',
      'QUIT',
    ]);
    expect(replies.slice(2, 8)).toEqual([
      '555 5.5.4 unsupported parameter "FOO"',
      '555 5.5.4 unsupported parameter "RET"',
      '250 2.1.0 Accepted',
      '555 5.5.4 unsupported parameter "NOTIFY"',
      '555 5.5.4 unsupported parameter "XYZ"',
      '250 2.1.5 Accepted',
    ]);
  });

  it('refuses a UTF-8 sender or recipient without SMTPUTF8 with 553 5.6.7, and takes it with SMTPUTF8', async () => {
    const t = await startTestMta((c) => (c.mta.mailboxes = []));
    const without = await talk(t.port, ['EHLO client.test', 'MAIL FROM:<jörg@localhost>', 'MAIL FROM:<a@localhost>', 'RCPT TO:<jörg@other.example>', 'QUIT']);
    expect(without[2]).toBe('553 5.6.7 <jörg@localhost>: a UTF-8 address needs MAIL FROM:<...> SMTPUTF8');
    expect(without[3]).toBe('250 2.1.0 Accepted');
    expect(without[4]).toBe('553 5.6.7 <jörg@other.example>: a UTF-8 address needs MAIL FROM:<...> SMTPUTF8');
    const withUtf8 = await talk(t.port, ['EHLO client.test', 'MAIL FROM:<jörg@localhost> SMTPUTF8', 'RCPT TO:<admin@localhost>', 'QUIT']);
    expect(withUtf8.slice(2, 4)).toEqual(['250 2.1.0 Accepted', '250 2.1.5 Accepted']);
  });

  it('answers WIZ, SHELL, KILL, VRFY, XCLIENT and unknown commands with 502 5.5.2, naming no software anywhere', async () => {
    const t = await startTestMta();
    const replies = await talk(t.port, ['EHLO client.test', 'WIZ', 'SHELL', 'KILL', 'VRFY admin', 'XCLIENT ADDR=192.0.2.1', 'XYZZY', 'HELP', 'NOOP', 'QUIT']);
    expect(replies[0]).toBe('220 sensor.lab ESMTP');
    expect(replies.slice(2, 8)).toEqual(Array(6).fill('502 5.5.2 Error: command not recognized'));
    expect(replies.join('\n')).not.toMatch(/uptime|nodemailer|smtp-server|wizard|mortals|Mom|node/i);
  });

  it.skipIf(skip)('advertises ENHANCEDSTATUSCODES and puts exactly one enhanced code on each reply (swaks)', async () => {
    const t = await startTestMta();
    const out = await swaks(['--server', `127.0.0.1:${t.port}`, '--from', 'a@localhost', '--to', 'admin@localhost,nobody@localhost']);
    expect(out).toMatch(/<- {2}250-ENHANCEDSTATUSCODES/);
    expect(out).toMatch(/<- {2}250 2\.1\.0 Accepted/);
    expect(out).toMatch(/<- {2}250 2\.1\.5 Accepted/);
    expect(out).toMatch(/<\*\* 550 5\.1\.1 <nobody@localhost>: recipient address rejected/);
    expect(out).toMatch(/<- {2}250 2\.0\.0 Ok: queued as [A-Z0-9]+\n/);
    expect(out).toMatch(/<- {2}221 2\.0\.0 Bye/);
    expect(out).not.toMatch(/^<.{2,3}\d{3} \d\.\d+\.\d+ \d\.\d+\.\d+ /m);
  });

  it('writes an IPv6 client as [IPv6:...] in the Received header (nodemailer over ::1; swaks needs IO::Socket::INET6 for IPv6)', async () => {
    const t = await startTestMta((c) => (c.mta.listen = { host: '::1', port: 0 }));
    const client = nodemailer.createTransport({ host: '::1', port: t.port, secure: false, ignoreTLS: true, name: 'v6.test' });
    const info = await client.sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 'v6', text: 'x' });
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as/);
    const [text] = await waitFor(() => mailboxTexts(t.layout, 'admin').then((m) => m.length && m), 'delivery');
    expect(text).toMatch(/^Received: from v6\.test \(\[IPv6:::1\]\)\r\n/m);
  });

  it('warns at start when the smarthost login would go in clear text (secure: none with auth: true)', async () => {
    const smarthost = (secure: 'none' | 'starttls', auth: boolean) =>
      startTestMta(
        (c) => {
          c.mta.relay.mode = 'smarthost';
          c.mta.relay.smarthost = { host: '127.0.0.1', port: 9, secure, auth };
        },
        { smarthostCredentials: { user: 'sensor1', password: 'secret' } },
      );
    const clear = await smarthost('none', true);
    expect(clear.lines).toContain(
      'mta: warning: mta.relay.smarthost.secure is none with auth: true, so the login to 127.0.0.1:9 goes over the network in clear text; use secure: starttls or tls',
    );
    expect((await smarthost('starttls', true)).lines.join('\n')).not.toContain('clear text');
    expect((await smarthost('none', false)).lines.join('\n')).not.toContain('clear text');
  });
});
