import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dkimDnsRecord } from '../src/delivery/relay/dkim.js';
import { dkimpyVerify, txtValue } from './helpers/dkimpy.js';
import { freePort, missing, startDnsmasq, startSmtpSink, stopPeers, waitFor, type SmtpSink } from './helpers/peers.js';
import { postfixMissing, startPostfix, type PostfixPeer } from './helpers/postfix.js';
import { clientOf, directMx, mailboxTexts, startTestMta, stopTestMtas, type TestMta } from './helpers/test-mta.js';

const skip = missing('dnsmasq', 'smtpSink', 'dkimpy') ?? postfixMissing();
if (skip) console.warn(`SKIPPED relay wire-form tests: ${skip}`);

/** Far ends: smtp-sink with 8BITMIME (.61) and without it (-8, .62), our own MTA (.63), Postfix with smtputf8_enable = no (.64). */
const RECORDS = [
  '--mx-host=long.test,mx.long.test,10',
  '--host-record=mx.long.test,127.0.0.61',
  '--mx-host=seven.test,mx.seven.test,10',
  '--host-record=mx.seven.test,127.0.0.62',
  '--mx-host=ours.test,mx.ours.test,10',
  '--host-record=mx.ours.test,127.0.0.63',
  '--mx-host=pf.test,mx.pf.test,10',
  '--host-record=mx.pf.test,127.0.0.64',
  '--mx-host=xn--bcher-kva.test,mx.long.test,10', // bücher.test
];

let mta: TestMta;
let far: TestMta;
let postfix: PostfixPeer;
let record = '';
const sinks: Record<string, SmtpSink> = {};

/** The events recorded for one recipient. */
const eventsFor = (recipient: string) => mta.recorded.filter((e) => e.recipient === recipient);
/** Lines longer than 998 octets (without CRLF) in a message as received. */
const longLines = (text: string) => Buffer.from(text, 'utf8').toString('latin1').split(/\r?\n/).filter((line) => line.length > 998);
/** The message as the far end got it, from its DKIM-Signature on (smtp-sink and Maildir put their own lines above), CRLF. */
const signedPart = (text: string) => text.slice(text.indexOf('DKIM-Signature:')).replace(/\r?\n/g, '\r\n');
/** The body decoded from quoted-printable (smtp-sink ends its dump files with one more empty line). */
const qpDecode = (text: string) => Buffer.from(text.replace(/(\r\n)+$/, '\r\n').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');

async function sendRaw(to: string[], lines: string[], from = 'uptime@localhost') {
  const client = await clientOf(mta, { auth: true });
  await client.sendMail({ envelope: { from, to }, raw: Buffer.from(lines.join('\r\n'), 'utf8') });
}

async function sinkMessage(sink: SmtpSink, messageId: string): Promise<string> {
  return waitFor(async () => (await sink.messages()).find((m) => m.includes(messageId)), `${messageId} at ${sink.dir}`);
}

beforeAll(async () => {
  if (skip) return;
  const port = await freePort();
  const dns = (await startDnsmasq(RECORDS)).server;
  sinks.long = await startSmtpSink('127.0.0.61', port);
  sinks.seven = await startSmtpSink('127.0.0.62', port, { noEightBitMime: true });
  postfix = await startPostfix([{ host: '127.0.0.64', port }], ['pf.test'], ['smtputf8_enable = no']);
  far = await startTestMta((c) => {
    c.mta.listen = { host: '127.0.0.63', port };
    c.mta.localDomains = ['ours.test'];
    c.mta.mailboxes = ['user'];
  });
  mta = await startTestMta((c) => {
    directMx(c, dns, port);
    c.mta.relay.dkim = { domain: 'localhost', selector: 'test' };
    c.mta.mailboxes = ['uptime'];
  });
  const key = await readFile(join(mta.layout.root, 'secrets', 'dkim-test.key'), 'utf8');
  record = txtValue(dkimDnsRecord({ domain: 'localhost', selector: 'test', keyFile: '' }, key));
}, 90_000);

afterAll(async () => {
  await stopTestMtas();
  await postfix?.stop();
  await stopPeers();
});

describe.skipIf(skip)('relayed mail fits the wire (RFC 5321 4.5.3.1.6, RFC 6152, RFC 6531)', () => {
  it('re-encodes a body line of 3,000 octets as quoted-printable and folds long header fields; every line <= 998 at smtp-sink and at our own MTA, and DKIM verifies', async () => {
    const longLine = `${'lorem ipsum '.repeat(250)}end`;
    const references = Array.from({ length: 60 }, (_, i) => `<ref-${i}.0123456789@sensor.lab>`).join(' ');
    const token = `x-${'a'.repeat(1500)}`;
    await sendRaw(['user@long.test', 'user@ours.test'], [
      'From: <uptime@localhost>', 'To: <user@long.test>, <user@ours.test>', 'Subject: long lines', 'Message-ID: <long-1@sensor.lab>',
      `References: ${references}`, `X-Token: ${token}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 7bit',
      '', 'first line', longLine, 'last line', '',
    ]);
    const atSink = await sinkMessage(sinks.long!, '<long-1@sensor.lab>');
    const [atOurs] = await waitFor(() => mailboxTexts(far.layout, 'user').then((m) => m.length && m), 'delivery at our own MTA');
    for (const received of [atSink, atOurs!]) {
      expect(longLines(received)).toEqual([]);
      const message = signedPart(received);
      expect(message).toContain('\r\nContent-Transfer-Encoding: quoted-printable\r\n');
      expect(message).not.toContain('Content-Transfer-Encoding: 7bit');
      expect(qpDecode(message.slice(message.indexOf('\r\n\r\n') + 4))).toBe(`first line\r\n${longLine}\r\nlast line\r\n`);
      const unfolded = message.replace(/\r\n(?=[ \t])/g, '');
      expect(unfolded).toContain(`\r\nReferences: ${references}\r\n`);
      expect(unfolded.replace(/ /g, '')).toContain(`\r\nX-Token:${token}\r\n`); // a run without white space is broken by CRLF SP
      expect(await dkimpyVerify(message, record)).toBe(true);
    }
  });

  it('turns an 8-bit body into quoted-printable for smtp-sink without 8BITMIME (signed after the conversion) and leaves it 8-bit where 8BITMIME is offered', async () => {
    const text = 'Störung: Gerät „core-switch“ nicht erreichbar';
    await sendRaw(['ops@seven.test', 'ops@long.test'], [
      'From: <uptime@localhost>', 'To: <ops@seven.test>', 'Subject: =?UTF-8?Q?St=C3=B6rung?=', 'Message-ID: <eight-1@sensor.lab>',
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, '',
    ]);
    const seven = await sinkMessage(sinks.seven!, '<eight-1@sensor.lab>');
    expect(/[^\x00-\x7f]/.test(seven)).toBe(false);
    expect(seven).not.toMatch(/^X-Mail-Args: .*BODY=8BITMIME/m);
    const message = signedPart(seven);
    expect(message).toContain('\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n');
    expect(message).toContain('\r\n\r\nSt=C3=B6rung: Ger=C3=A4t =E2=80=9Ecore-switch=E2=80=9C nicht erreichbar\r\n');
    expect(qpDecode(message.slice(message.indexOf('\r\n\r\n') + 4))).toBe(`${text}\r\n`);
    expect(await dkimpyVerify(message, record)).toBe(true);
    const eight = await sinkMessage(sinks.long!, '<eight-1@sensor.lab>');
    expect(eight).toMatch(/^X-Mail-Args: .*BODY=8BITMIME/m);
    expect(signedPart(eight)).toContain('\r\nContent-Transfer-Encoding: 8bit\r\n');
    expect(signedPart(eight)).toContain(`\r\n\r\n${text}\r\n`);
    expect(await dkimpyVerify(signedPart(eight), record)).toBe(true);
  });

  it('sends IDN domains as A-labels (node:url domainToASCII) in the envelope and, without SMTPUTF8, in the header, with UTF-8 names as encoded words', async () => {
    await sendRaw(['user@bücher.test'], ['From: Jürgen Müller <alerts@bücher.test>', 'To: <user@bücher.test>', 'Subject: idn', 'Message-ID: <idn-1@sensor.lab>', '', 'x', ''], 'alerts@bücher.test');
    const received = await sinkMessage(sinks.long!, '<idn-1@sensor.lab>');
    expect(received).toMatch(/^X-Rcpt-Args: <user@xn--bcher-kva\.test>/m);
    expect(received).toMatch(/^X-Mail-Args: <alerts@xn--bcher-kva\.test>/m);
    const message = signedPart(received);
    expect(message).toContain('\r\nFrom: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <alerts@xn--bcher-kva.test>\r\nTo: <user@xn--bcher-kva.test>\r\n');
    expect(/[^\x00-\x7f]/.test(received)).toBe(false);
    expect(await dkimpyVerify(message, record)).toBe(true);
    const [event] = await waitFor(() => eventsFor('user@bücher.test').length && eventsFor('user@bücher.test'), 'MAIL_DELIVERED');
    expect(event).toMatchObject({ code: 'MAIL_DELIVERED', hosts: ['127.0.0.61'] });
  });

  it('bounces a UTF-8 local part with 5.6.7 (and a DSN) where smtp-sink or Postfix (smtputf8_enable = no) offers no SMTPUTF8, and delivers the ASCII recipient beside it', async () => {
    await sendRaw(['jörg@long.test', 'jörg@pf.test', 'user@pf.test'], [
      'From: <uptime@localhost>', 'To: <user@pf.test>', 'Subject: utf8 local part', 'Message-ID: <utf8-1@sensor.lab>', '', 'x', '',
    ]);
    for (const to of ['jörg@long.test', 'jörg@pf.test']) {
      const [event] = await waitFor(() => eventsFor(to).length && eventsFor(to), `the outcome for ${to}`);
      expect(event).toMatchObject({ code: 'MAIL_BOUNCED', detail: expect.stringMatching(/does not offer SMTPUTF8, which the recipient <jörg@[a-z]+\.test> needs \(RFC 6531\); not sent/) });
      const dsn = await waitFor(async () => (await mailboxTexts(mta.layout, 'uptime')).find((m) => m.includes(`Final-Recipient: rfc822; ${to}`) || m.includes(`Final-Recipient: utf-8; ${to}`)), `the DSN for ${to}`);
      expect(dsn).toContain('Action: failed\r\nStatus: 5.6.7\r\n');
    }
    const [delivered] = await waitFor(() => eventsFor('user@pf.test').length && eventsFor('user@pf.test'), 'the outcome for user@pf.test');
    expect(delivered).toMatchObject({ code: 'MAIL_DELIVERED', hosts: ['127.0.0.64'] });
    const atPostfix = await waitFor(async () => (await postfix.messages()).find((m) => m.includes('<utf8-1@sensor.lab>')), 'the message at Postfix');
    expect(atPostfix).toContain('Delivered-To: user@pf.test');
    expect(atPostfix).not.toContain('jörg');
    expect((await sinks.long!.messages()).some((m) => m.includes('<utf8-1@sensor.lab>'))).toBe(false);
  });
});
