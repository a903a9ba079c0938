import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { addUser } from '../src/users/user-store.js';
import { cleanEnv, killAll, launch, workDir } from './helpers/mta-process.js';
import { freePort, missing, startDnsmasq, startSmtpSink, stopPeers, waitFor, type SmtpSink } from './helpers/peers.js';
import { clientOf, startTestMta, stopTestMtas, type TestMta } from './helpers/test-mta.js';

const run = promisify(execFile);
const skip = missing('dnsmasq', 'smtpSink');
const RELAY_USER = 'burner@relay.test';
const RELAY_PASSWORD = 'correct horse battery staple';

let sink: SmtpSink;
/** The smarthost: a second MTA of ours, relaying by MX only for authenticated clients. */
let smarthost: TestMta;

beforeAll(async () => {
  if (skip) return;
  const mxPort = await freePort();
  const dns = (await startDnsmasq(['--mx-host=far.test,mx.far.test,10', '--host-record=mx.far.test,127.0.0.41'])).server;
  sink = await startSmtpSink('127.0.0.41', mxPort);
  smarthost = await startTestMta((c) => {
    c.mta.hostname = 'relay.test';
    c.mta.localDomains = ['relay.test'];
    c.mta.relay.mode = 'mx';
    c.mta.relay.dnsServers = [dns];
    c.mta.relay.mxPort = mxPort;
  });
  await addUser(smarthost.layout.root, RELAY_USER, RELAY_PASSWORD);
}, 60_000);

afterEach(killAll);
afterAll(async () => {
  await stopTestMtas();
  await stopPeers();
});

/** An MTA in smarthost mode pointed at the second MTA, trusting its self-signed certificate. */
function viaSmarthost(credentials: { user: string; password: string } | undefined, auth = true) {
  return startTestMta(
    (c) => {
      c.mta.relay.mode = 'smarthost';
      c.mta.relay.smarthost = { host: '127.0.0.1', port: smarthost.port, secure: 'starttls', auth, ca: join(smarthost.layout.root, 'secrets', 'mta-tls.crt') };
      c.mta.relay.retry = { first: 3_600_000, max: 3_600_000, lifetime: 86_400_000 };
    },
    { smarthostCredentials: credentials },
  );
}

describe.skipIf(skip)('smarthost relay', () => {
  it('relays through a smarthost that requires AUTH, over verified STARTTLS', async () => {
    const t = await viaSmarthost({ user: RELAY_USER, password: RELAY_PASSWORD });
    await (await clientOf(t, { auth: true })).sendMail({ from: 'uptime@localhost', to: 'ops@far.test', subject: 'via smarthost', text: 'x', messageId: '<smart-1@test>' });
    const delivered = await waitFor(() => t.recorded.find((e) => e.recipient === 'ops@far.test'), 'an event');
    expect(delivered).toMatchObject({ code: 'MAIL_DELIVERED', detail: expect.stringMatching(new RegExp(`^relayed to 127\\.0\\.0\\.1\\[${smarthost.port}\\]: 250 2\\.0\\.0 Ok: queued as [A-Z0-9]+$`)) });
    const relayed = await waitFor(() => smarthost.recorded.find((e) => e.messageId === '<smart-1@test>'), 'delivery by the smarthost');
    expect(relayed).toMatchObject({ code: 'MAIL_DELIVERED', hosts: ['127.0.0.41'] });
    const message = await waitFor(async () => (await sink.messages()).find((m) => m.includes('<smart-1@test>')), 'the message at the MX');
    expect(message).toMatch(/by relay\.test with ESMTPSA id/);
  });

  it('defers on a wrong password (535) and names the variables to check', async () => {
    const t = await viaSmarthost({ user: RELAY_USER, password: 'wrong password' });
    await (await clientOf(t, { auth: true })).sendMail({ from: 'uptime@localhost', to: 'ops@far.test', subject: 'bad login', text: 'x' });
    const deferred = await waitFor(() => t.recorded.find((e) => e.code === 'MAIL_DEFERRED'), 'MAIL_DEFERRED');
    expect(deferred.detail).toMatch(/^smarthost 127\.0\.0\.1:\d+: .*535 5\.7\.8 authentication credentials invalid \(check SMTP_USERNAME and SMTP_PASSWORD\); next attempt in 1h$/);
    expect(deferred.detail).not.toContain('wrong password');
  });

  it('bounces when the smarthost refuses to relay for a client that did not authenticate', async () => {
    const t = await viaSmarthost(undefined, false);
    await (await clientOf(t, { auth: true })).sendMail({ from: 'uptime@localhost', to: 'ops@far.test', subject: 'no login', text: 'x' });
    const bounced = await waitFor(() => t.recorded.find((e) => e.code === 'MAIL_BOUNCED'), 'MAIL_BOUNCED');
    expect(bounced.detail).toMatch(/RCPT TO: 127\.0\.0\.1\[\d+\] said: 550 5\.7\.1 relaying denied/);
  });

  it('takes the login from SMTP_USERNAME/SMTP_PASSWORD and writes the password nowhere', async () => {
    const cwd = await workDir(
      ['mta:', '  listen: "127.0.0.1:0"', '  relay:', '    mode: smarthost', `    smarthost: { host: 127.0.0.1, port: ${smarthost.port}, ca: "${join(smarthost.layout.root, 'secrets', 'mta-tls.crt')}" }`].join('\n'),
    );
    const secret = 'env-only-secret-4711';
    await addUser(smarthost.layout.root, 'env-user', secret);
    const mta = launch(cwd, [], cleanEnv({ SMTP_USERNAME: 'env-user', SMTP_PASSWORD: secret }));
    const port = await mta.listening;
    await waitFor(() => mta.output().stdout.includes('AUTH as env-user'), 'the relay line');
    const { default: nodemailer } = await import('nodemailer');
    const { loadOrCreateSubmissionCredentials, dataLayout } = await import('@uptime/config');
    const creds = await loadOrCreateSubmissionCredentials(dataLayout(join(cwd, 'data')));
    await nodemailer
      .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user: creds.user, pass: creds.password } })
      .sendMail({ from: 'uptime@localhost', to: 'env@far.test', subject: 'env', text: 'x', messageId: '<smart-env@test>' });
    await waitFor(() => mta.output().stdout.includes('to=<env@far.test> status=delivered'), 'the relay');
    mta.child.kill('SIGTERM');
    await mta.exited;
    const { stdout: grep } = await run('grep', ['-rl', secret, cwd, smarthost.layout.root]).catch((err: { stdout: string }) => err);
    expect(grep).toBe('');
    expect(`${mta.output().stdout}${mta.output().stderr}`).not.toContain(secret);
  });
});
