import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { loadOrCreateSubmissionCredentials } from '@uptime/config';
import type { MailEventRecord } from '../src/delivery/mail-events.js';
import { dkimDnsRecord } from '../src/delivery/relay/dkim.js';
import { dkimpyVerify, txtValue } from './helpers/dkimpy.js';
import { freePort, missing, startDnsmasq, startSmtpSink, stopPeers, waitFor, type SmtpSink } from './helpers/peers.js';
import { clientOf, directMx, mailboxTexts, startTestMta, stopTestMtas, type TestMta } from './helpers/test-mta.js';

const skip = missing('dnsmasq', 'smtpSink', 'dkimpy');

/** Every MX of the lab, on loopback addresses, all on one port. */
const RECORDS = [
  '--mx-host=lab.test,mx1.lab.test,10',
  '--host-record=mx1.lab.test,127.0.0.10',
  '--mx-host=backup.test,dead.backup.test,10',
  '--mx-host=backup.test,live.backup.test,20',
  '--host-record=dead.backup.test,127.0.0.21',
  '--host-record=live.backup.test,127.0.0.22',
  '--host-record=nomx.test,127.0.0.23',
  '--mx-host=nullmx.test,.,0',
  '--mx-host=perm.test,mx.perm.test,10',
  '--host-record=mx.perm.test,127.0.0.24',
  '--mx-host=soft.test,mx.soft.test,10',
  '--host-record=mx.soft.test,127.0.0.25',
  '--mx-host=tls.test,mx.tls.test,10',
  '--host-record=mx.tls.test,127.0.0.26',
  '--mx-host=dead.test,mx.dead.test,10',
  '--host-record=mx.dead.test,127.0.0.27',
  '--mx-host=elsewhere.test,mx.elsewhere.test,10',
  '--host-record=mx.elsewhere.test,127.0.0.28',
  '--server=/fail.test/#', // REFUSED: a DNS failure that is not "no such name"
];

let port = 0;
let dns = '';
let mta: TestMta;
const sinks: Record<string, SmtpSink> = {};

/** The events recorded for one recipient. */
const eventsFor = (recipient: string): MailEventRecord[] => mta.recorded.filter((e) => e.recipient === recipient);

async function send(to: string, from = 'uptime@localhost', subject = `to ${to}`) {
  const client = await clientOf(mta, { auth: true });
  return client.sendMail({ from, to, subject, text: `hello ${to}\n`, messageId: `<${to.replace('@', '.')}@sensor.lab>` });
}

beforeAll(async () => {
  if (skip) return;
  port = await freePort();
  dns = (await startDnsmasq(RECORDS)).server;
  sinks.lab = await startSmtpSink('127.0.0.10', port);
  sinks.backup = await startSmtpSink('127.0.0.22', port);
  sinks.nomx = await startSmtpSink('127.0.0.23', port);
  sinks.perm = await startSmtpSink('127.0.0.24', port, { hard: ['RCPT'] });
  sinks.soft = await startSmtpSink('127.0.0.25', port, { soft: ['RCPT'] });
  sinks.elsewhere = await startSmtpSink('127.0.0.28', port);
  mta = await startTestMta((c) => {
    directMx(c, dns, port, { first: 300, max: 600, lifetime: 86_400_000 });
    c.mta.relay.dkim = { domain: 'localhost', selector: 'test' };
    c.mta.mailboxes = ['uptime'];
  });
}, 60_000);

afterAll(async () => {
  await stopTestMtas();
  await stopPeers();
});

describe.skipIf(skip)('direct MX delivery (dnsmasq + smtp-sink)', () => {
  it('delivers to the MX host, DKIM-signed, and records MAIL_DELIVERED with the MX address', async () => {
    await send('user@lab.test');
    const [event] = await waitFor(() => eventsFor('user@lab.test').length && eventsFor('user@lab.test'), 'MAIL_DELIVERED');
    expect(event).toMatchObject({ code: 'MAIL_DELIVERED', hosts: ['127.0.0.10'], detail: expect.stringMatching(/^relayed to mx1\.lab\.test\[127\.0\.0\.10\]: 250 /) });
    const [dumped] = await sinks.lab!.messages();
    expect(dumped).toContain('X-Rcpt-Args: <user@lab.test>');
    const message = dumped!.slice(dumped!.indexOf('DKIM-Signature:')).replace(/\r?\n/g, '\r\n');
    expect(message).toMatch(/^DKIM-Signature: [^]*\r\nReceived: from client\.test \(\[127\.0\.0\.1\]\)\r\n\tby sensor\.lab with ESMTPA id /);
    const key = await readFile(join(mta.layout.root, 'secrets', 'dkim-test.key'), 'utf8');
    const record = dkimDnsRecord({ domain: 'localhost', selector: 'test', keyFile: '' }, key);
    expect(record).toMatch(/^test\._domainkey\.localhost\. IN TXT \( "v=DKIM1; k=rsa; p=/);
    expect(message).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=localhost; s=test;/);
    expect(await dkimpyVerify(message, txtValue(record))).toBe(true);
  });

  it('signs what it sends: bare CR and LF become CRLF first, and From is oversigned so a prepended From breaks it (dkimpy verifies)', async () => {
    const { user, password } = await loadOrCreateSubmissionCredentials(mta.layout);
    const data = 'From: <uptime@localhost>\r\nTo: <crlf@lab.test>\r\nSubject: line ends\r\nMessage-ID: <crlf@sensor.lab>\r\n\r\none\rtwo\nthree\r\n';
    const socket = connect(mta.port, '127.0.0.1');
    const auth = Buffer.from(`\0${user}\0${password}`).toString('base64');
    socket.write(`EHLO client.test\r\nAUTH PLAIN ${auth}\r\nMAIL FROM:<uptime@localhost>\r\nRCPT TO:<crlf@lab.test>\r\nDATA\r\n${data}.\r\nQUIT\r\n`);
    socket.on('error', () => undefined);
    await waitFor(() => eventsFor('crlf@lab.test').length, 'the relay');
    socket.destroy();
    const dumped = await waitFor(async () => (await sinks.lab!.messages()).find((m) => m.includes('<crlf@sensor.lab>')), 'the message at the MX');
    const message = dumped.slice(dumped.indexOf('DKIM-Signature:')).replace(/\r?\n/g, '\r\n');
    expect(message).toContain('\r\n\r\none\r\ntwo\r\nthree\r\n');
    const key = await readFile(join(mta.layout.root, 'secrets', 'dkim-test.key'), 'utf8');
    const record = txtValue(dkimDnsRecord({ domain: 'localhost', selector: 'test', keyFile: '' }, key));
    expect(await dkimpyVerify(message, record)).toBe(true);
    expect(message).toMatch(/\th=from:from:subject:date:message-id:to;/);
    expect(await dkimpyVerify(`From: <mallory@evil.test>\r\n${message}`, record)).toBe(false);
  });

  it('tries the next MX when the first refuses connections', async () => {
    await send('user@backup.test');
    const [event] = await waitFor(() => eventsFor('user@backup.test').length && eventsFor('user@backup.test'), 'an event');
    expect(event).toMatchObject({ code: 'MAIL_DELIVERED', hosts: ['127.0.0.22'], detail: expect.stringContaining('relayed to live.backup.test[127.0.0.22]') });
    expect(await sinks.backup!.messages()).toHaveLength(1);
  });

  it('falls back to the A record of a domain without MX (RFC 5321 5.1)', async () => {
    await send('user@nomx.test');
    const [event] = await waitFor(() => eventsFor('user@nomx.test').length && eventsFor('user@nomx.test'), 'an event');
    expect(event).toMatchObject({ code: 'MAIL_DELIVERED', hosts: ['127.0.0.23'] });
  });

  it.each([
    ['user@nullmx.test', /^domain nullmx\.test accepts no mail \(null MX, RFC 7505\); bounce sent to uptime@localhost$/, 'Status: 5.1.10'],
    ['user@missing.test', /^domain missing\.test does not exist \(NXDOMAIN\); bounce sent to uptime@localhost$/, 'Status: 5.1.2'],
  ])('bounces %s at once, with a DSN to the local sender', async (to, detail, status) => {
    await send(to);
    const [event] = await waitFor(() => eventsFor(to).length && eventsFor(to), 'MAIL_BOUNCED');
    expect(event).toMatchObject({ code: 'MAIL_BOUNCED', detail: expect.stringMatching(detail) });
    const dsn = await waitFor(async () => (await mailboxTexts(mta.layout, 'uptime')).find((m) => m.includes(`Final-Recipient: rfc822; ${to}`)), 'the DSN');
    expect(dsn).toMatch(/^Return-Path: <>\r\n/);
    expect(dsn).toContain('Content-Type: multipart/report; report-type=delivery-status;');
    expect(dsn).toContain('Content-Type: message/delivery-status');
    expect(dsn).toContain(`Action: failed\r\n${status}\r\n`);
    expect(dsn).toContain('Content-Type: text/rfc822-headers');
    expect(dsn).toContain(`Subject: to ${to}`);
  });

  it('bounces on a 5xx reply, naming the remote MTA and its answer', async () => {
    await send('user@perm.test');
    const [event] = await waitFor(() => eventsFor('user@perm.test').length && eventsFor('user@perm.test'), 'MAIL_BOUNCED');
    expect(event).toMatchObject({ code: 'MAIL_BOUNCED', hosts: ['127.0.0.24'], detail: expect.stringMatching(/^RCPT TO: mx\.perm\.test\[127\.0\.0\.24\] said: 500 5\.3\.0 /) });
    const dsn = await waitFor(async () => (await mailboxTexts(mta.layout, 'uptime')).find((m) => m.includes('Final-Recipient: rfc822; user@perm.test')), 'the DSN');
    expect(dsn).toContain('Remote-MTA: dns; mx.perm.test');
    expect(dsn).toMatch(/Diagnostic-Code: smtp; 500 5\.3\.0 /);
  });

  it('sends the bounce of an authenticated non-local sender to that sender, through its MX, with the null sender', async () => {
    await send('other@perm.test', 'someone@elsewhere.test');
    await waitFor(() => eventsFor('other@perm.test').length, 'MAIL_BOUNCED');
    const dsn = await waitFor(async () => (await sinks.elsewhere!.messages()).find((m) => m.includes('Final-Recipient: rfc822; other@perm.test')), 'the DSN at the MX of elsewhere.test');
    expect(dsn).toMatch(/^X-Mail-Args: <>( |$)/m);
    expect(dsn).toContain('X-Rcpt-Args: <someone@elsewhere.test>');
    expect(dsn).toContain('To: <someone@elsewhere.test>');
    expect((await mailboxTexts(mta.layout, 'admin')).some((m) => m.includes('other@perm.test'))).toBe(false);
  });

  it('sends the bounce of a local sender that is no known mailbox to mta.postmaster, and makes no Maildir for it', async () => {
    await send('stranger@perm.test', 'stranger@localhost');
    await waitFor(() => eventsFor('stranger@perm.test').length, 'MAIL_BOUNCED');
    const dsn = await waitFor(async () => (await mailboxTexts(mta.layout, 'admin')).find((m) => m.includes('Final-Recipient: rfc822; stranger@perm.test')), 'the DSN');
    expect(dsn).toContain('To: <admin@localhost>');
    expect(await mailboxTexts(mta.layout, 'stranger')).toEqual([]);
  });

  it('defers on a 4xx reply and retries with backoff until the MX accepts', async () => {
    await send('user@soft.test');
    await waitFor(() => eventsFor('user@soft.test').length >= 2, 'two deferrals');
    const deferred = eventsFor('user@soft.test');
    expect(deferred.slice(0, 2)).toEqual([
      expect.objectContaining({ code: 'MAIL_DEFERRED', detail: expect.stringMatching(/said: 450 4\.3\.0 .*; next attempt in 300ms$/) }),
      expect.objectContaining({ code: 'MAIL_DEFERRED', detail: expect.stringMatching(/; next attempt in 600ms$/) }),
    ]);
    await sinks.soft!.stop();
    sinks.soft = await startSmtpSink('127.0.0.25', port);
    const delivered = await waitFor(() => eventsFor('user@soft.test').find((e) => e.code === 'MAIL_DELIVERED'), 'MAIL_DELIVERED');
    expect(delivered.hosts).toEqual(['127.0.0.25']);
    expect(await sinks.soft.messages()).toHaveLength(1);
  });

  it('defers on a DNS failure and when no MX answers', async () => {
    await send('user@fail.test');
    await send('user@dead.test');
    const [dnsFailure] = await waitFor(() => eventsFor('user@fail.test').length && eventsFor('user@fail.test'), 'MAIL_DEFERRED');
    expect(dnsFailure).toMatchObject({ code: 'MAIL_DEFERRED', detail: expect.stringMatching(/^DNS lookup of the MX records of fail\.test failed \(EREFUSED\), will retry; next attempt in /) });
    const [refused] = await waitFor(() => eventsFor('user@dead.test').length && eventsFor('user@dead.test'), 'MAIL_DEFERRED');
    expect(refused).toMatchObject({ code: 'MAIL_DEFERRED', detail: expect.stringMatching(/^connect to mx\.dead\.test\[127\.0\.0\.27\]:\d+: .*ECONNREFUSED/) });
  });

  it('uses STARTTLS when the MX offers it (a second MTA of ours as the MX)', async () => {
    const mx = await startTestMta((c) => {
      c.mta.listen = { host: '127.0.0.26', port };
      c.mta.localDomains = ['tls.test'];
      c.mta.mailboxes = ['user'];
    });
    await send('user@tls.test');
    const [text] = await waitFor(() => mailboxTexts(mx.layout, 'user').then((m) => m.length && m), 'delivery at the second MTA');
    expect(text).toMatch(/Received: from sensor\.lab \(\[127\.0\.0\.1\]\)\r\n\tby sensor\.lab with ESMTPS id /);
    expect(text).toContain('DKIM-Signature:');
  });
});

describe.skipIf(skip)('queue lifetime', () => {
  it('bounces mail that stays undeliverable past mta.relay.retry.lifetime', async () => {
    const short = await startTestMta((c) => {
      directMx(c, dns, port, { first: 200, max: 400, lifetime: 1000 });
      c.mta.mailboxes = ['uptime'];
    });
    const client = await clientOf(short, { auth: true });
    await client.sendMail({ from: 'uptime@localhost', to: 'late@dead.test', subject: 'late', text: 'x' });
    const bounced = await waitFor(() => short.recorded.find((e) => e.code === 'MAIL_BOUNCED'), 'MAIL_BOUNCED');
    expect(bounced.detail).toMatch(/^gave up after \d+s? ?.* in the queue \(mta\.relay\.retry\.lifetime\): connect to mx\.dead\.test/);
    expect(short.recorded.filter((e) => e.code === 'MAIL_DEFERRED').length).toBeGreaterThanOrEqual(1);
    const dsn = await waitFor(async () => (await mailboxTexts(short.layout, 'uptime'))[0], 'the DSN');
    expect(dsn).toContain('Status: 4.4.7');
  });
});
