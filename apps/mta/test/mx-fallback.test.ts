import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, missing, startDnsmasq, startSmtpSink, stopPeers, waitFor, type SmtpSink } from './helpers/peers.js';
import { postfixMissing, startPostfix, type PostfixPeer } from './helpers/postfix.js';
import { clientOf, directMx, mailboxTexts, startTestMta, stopTestMtas, type TestMta } from './helpers/test-mta.js';

const skip = missing('dnsmasq', 'smtpSink') ?? postfixMissing();
if (skip) console.warn(`SKIPPED MX fallback tests: ${skip}`);

/**
 * grey.test and greymail.test: the first MX (smtp-sink) answers 4xx at RCPT / at MAIL, the second is
 * our own MTA. stillgrey.test: both MX hosts answer 4xx at RCPT. badtls.test: Postfix offers STARTTLS
 * but fails every handshake (TLS 1.0 and 1.1 only, which OpenSSL 3 refuses).
 */
const RECORDS = [
  '--mx-host=grey.test,mx1.grey.test,10',
  '--mx-host=grey.test,mx2.grey.test,20',
  '--host-record=mx1.grey.test,127.0.0.71',
  '--host-record=mx2.grey.test,127.0.0.72',
  '--mx-host=greymail.test,mx1.greymail.test,10',
  '--mx-host=greymail.test,mx2.grey.test,20',
  '--host-record=mx1.greymail.test,127.0.0.73',
  '--mx-host=stillgrey.test,mx1.grey.test,10',
  '--mx-host=stillgrey.test,mx2.stillgrey.test,20',
  '--host-record=mx2.stillgrey.test,127.0.0.75',
  '--mx-host=badtls.test,mx.badtls.test,10',
  '--host-record=mx.badtls.test,127.0.0.81',
];
const BROKEN_TLS = ['smtpd_tls_security_level=may', 'smtpd_tls_protocols=>=TLSv1,<=TLSv1.1'];

let port = 0;
let mta: TestMta;
let second: TestMta;
let postfix: PostfixPeer;
const sinks: Record<string, SmtpSink> = {};

const eventsFor = (t: TestMta, recipient: string) => t.recorded.filter((e) => e.recipient === recipient);

async function send(t: TestMta, to: string, messageId: string) {
  const client = await clientOf(t, { auth: true });
  await client.sendMail({ from: 'uptime@localhost', to, subject: `to ${to}`, text: `hello ${to}\n`, messageId });
}

beforeAll(async () => {
  if (skip) return;
  port = await freePort();
  const dns = (await startDnsmasq(RECORDS)).server;
  sinks.greyRcpt = await startSmtpSink('127.0.0.71', port, { soft: ['RCPT'] });
  sinks.greyMail = await startSmtpSink('127.0.0.73', port, { soft: ['MAIL'] });
  sinks.stillGrey = await startSmtpSink('127.0.0.75', port, { soft: ['RCPT'] });
  second = await startTestMta((c) => {
    c.mta.listen = { host: '127.0.0.72', port };
    c.mta.localDomains = ['grey.test', 'greymail.test'];
    c.mta.mailboxes = ['user'];
  });
  postfix = await startPostfix([{ host: '127.0.0.81', port, overrides: BROKEN_TLS }], ['badtls.test']);
  mta = await startTestMta((c) => {
    directMx(c, dns, port);
  });
}, 90_000);

afterAll(async () => {
  await stopTestMtas();
  await postfix?.stop();
  await stopPeers();
});

describe.skipIf(skip)('the next MX after a 4xx, plain text after a failed STARTTLS handshake', () => {
  it.each([
    ['user@grey.test', '<grey-rcpt@test>', 'RCPT'],
    ['user@greymail.test', '<grey-mail@test>', 'MAIL'],
  ])('delivers %s through the second MX (our own MTA) when the first answers 4xx at %s', async (to, messageId) => {
    await send(mta, to, messageId);
    const [event] = await waitFor(() => eventsFor(mta, to).length && eventsFor(mta, to), `the outcome for ${to}`);
    expect(event).toMatchObject({ code: 'MAIL_DELIVERED', hosts: ['127.0.0.72'], detail: expect.stringMatching(/^relayed to mx2\.grey\.test\[127\.0\.0\.72\]: 250 /) });
    const texts = await waitFor(async () => (await mailboxTexts(second.layout, 'user')).filter((m) => m.includes(messageId)).join('\n---\n'), `${messageId} at the second MX`);
    expect(texts).not.toContain('\n---\n'); // once
  });

  it('defers with the reply of the last MX when every MX answers 4xx', async () => {
    await send(mta, 'user@stillgrey.test', '<still-grey@test>');
    const [event] = await waitFor(() => eventsFor(mta, 'user@stillgrey.test').length && eventsFor(mta, 'user@stillgrey.test'), 'MAIL_DEFERRED');
    expect(event).toMatchObject({ code: 'MAIL_DEFERRED', hosts: ['127.0.0.75'], detail: expect.stringMatching(/^RCPT TO: mx2\.stillgrey\.test\[127\.0\.0\.75\] said: 450 /) });
    expect(await sinks.greyRcpt!.messages()).toEqual([]);
    expect(await sinks.stillGrey!.messages()).toEqual([]);
  });

  it('retries an MX whose STARTTLS handshake fails (Postfix) in plain text, as smtp_tls_security_level = may does', async () => {
    await send(mta, 'user@badtls.test', '<bad-tls@test>');
    const [event] = await waitFor(() => eventsFor(mta, 'user@badtls.test').length && eventsFor(mta, 'user@badtls.test'), 'the outcome');
    expect(event).toMatchObject({ code: 'MAIL_DELIVERED', hosts: ['127.0.0.81'], detail: expect.stringMatching(/^relayed to mx\.badtls\.test\[127\.0\.0\.81\] in plain text \(the STARTTLS handshake failed\): 250 /) });
    const text = await waitFor(async () => (await postfix.messages()).find((m) => m.includes('<bad-tls@test>')), 'the message at Postfix');
    expect(text).toMatch(/Received: from sensor\.lab \(localhost \[127\.0\.0\.1\]\)\n\tby postfix-peer\.test \(Postfix\) with ESMTP /);
    expect(await postfix.log()).toMatch(/SSL_accept error from localhost\[127\.0\.0\.1\]/);
  });

  it('never downgrades a smarthost with secure: starttls whose handshake fails: the mail is deferred, nothing is sent in plain text', async () => {
    const handshakes = async () => (await postfix.log()).match(/lost connection after STARTTLS/g)?.length ?? 0;
    const before = await handshakes();
    const viaSmarthost = await startTestMta((c) => {
      c.mta.relay.mode = 'smarthost';
      c.mta.relay.smarthost = { host: '127.0.0.81', port, secure: 'starttls', auth: false };
      c.mta.relay.retry = { first: 3_600_000, max: 3_600_000, lifetime: 86_400_000 };
    });
    await send(viaSmarthost, 'user@badtls.test', '<smarthost-tls@test>');
    const [event] = await waitFor(() => eventsFor(viaSmarthost, 'user@badtls.test').length && eventsFor(viaSmarthost, 'user@badtls.test'), 'the outcome');
    expect(event).toMatchObject({ code: 'MAIL_DEFERRED', detail: expect.stringMatching(/^smarthost 127\.0\.0\.81:\d+: .*TLS/) });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await postfix.messages()).some((m) => m.includes('<smarthost-tls@test>'))).toBe(false);
    expect(await handshakes()).toBe(before + 1);
  });
});
