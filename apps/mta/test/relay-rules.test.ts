import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadOrCreateSubmissionCredentials } from '@uptime/config';
import { BINARIES, missing } from './helpers/peers.js';
import { startTestMta, stopTestMtas, type TestMta } from './helpers/test-mta.js';

const run = promisify(execFile);
const skip = missing('swaks');

afterAll(stopTestMtas);

/**
 * Runs swaks up to RCPT and returns the reply to RCPT TO (the line after `-> RCPT TO`). A session that
 * ends before RCPT (seen once under a loaded CI machine, in the TLS handshake) is reported and tried again
 * once: it says nothing about the relay rules, which only the RCPT reply does.
 */
async function rcptReply(t: TestMta, to: string, extra: string[] = []): Promise<string> {
  const first = await rcptReplyOnce(t, to, extra);
  if (!first.startsWith('no RCPT in the session')) return first;
  console.warn(`swaks session to ${to} ended before RCPT; trying once more:\n${first}`);
  return rcptReplyOnce(t, to, extra);
}

async function rcptReplyOnce(t: TestMta, to: string, extra: string[]): Promise<string> {
  const args = ['--server', `127.0.0.1:${t.port}`, '--from', 'probe@localhost', '--to', to, '--quit-after', 'RCPT', ...extra];
  const { stdout: out, stderr } = await run(BINARIES.swaks, args).then(
    (r) => r,
    (err: { stdout: string; stderr: string }) => err,
  );
  const lines = out.split('\n');
  const at = lines.findIndex((l) => /^ ?[-~]> RCPT TO:/.test(l));
  if (at === -1) return `no RCPT in the session:\n${out}\n${stderr}`; // shows why when a test fails
  return (lines[at + 1] ?? '').replace(/^<[*~]?[*~]? +/, '').replace(/^<[-~*]+ +/, '');
}

const TRICKS = [
  'user@other.example',
  'USER@OTHER.EXAMPLE',
  'user@other.example.',
  'user%other.example@localhost',
  '"user@other.example"@localhost',
  'user@other.example@localhost',
  '@localhost:user@other.example',
  '@localhost,@localhost:user@other.example',
  'other.example!user@localhost',
  'user@[192.0.2.1]',
  'user@[127.0.0.1]',
  'user@[IPv6:::1]',
];

describe.skipIf(skip)('no open relay (swaks)', () => {
  it.each(TRICKS)('refuses %s from an unauthenticated client', async (to) => {
    const t = await startTestMta((c) => (c.mta.relay.mode = 'mx'));
    const reply = await rcptReply(t, to);
    expect(reply).toMatch(/^5\d\d /);
    expect(reply).not.toMatch(/^250/);
    expect(await readdir(join(t.layout.spool, 'queue'))).toEqual([]);
  });

  it('accepts local domains in any case, and postmaster, from anyone', async () => {
    const t = await startTestMta();
    for (const to of ['admin@localhost', 'Admin@LOCALHOST', 'postmaster']) expect(await rcptReply(t, to)).toMatch(/^250 /);
  });

  it('takes only known mailboxes for a local domain (alerts.to, mta.postmaster, mta.mailboxes), 550 5.1.1 for the rest, and makes no Maildir', async () => {
    const t = await startTestMta((c) => {
      c.alerts.to = ['oncall@localhost', 'boss@other.example'];
      c.mta.localDomains = ['localhost', 'lab.test'];
      c.mta.postmaster = 'hostmaster@lab.test';
      c.mta.mailboxes = ['noc'];
    });
    for (const to of ['oncall@localhost', 'OnCall@lab.test', 'hostmaster@localhost', 'noc@lab.test', 'postmaster@localhost']) {
      expect([to, await rcptReply(t, to)]).toEqual([to, expect.stringMatching(/^250 /)]);
    }
    for (const to of ['admin@localhost', 'nobody@lab.test', 'boss@localhost']) {
      expect(await rcptReply(t, to)).toBe(`550 5.1.1 <${to}>: recipient address rejected: no such mailbox here (known mailboxes: alerts.to, mta.mailboxes)`);
    }
    const sent = await run(BINARIES.swaks, ['--server', `127.0.0.1:${t.port}`, '--from', 'probe@localhost', '--to', 'stranger@localhost']).then(
      (r) => r.stdout,
      (err: { stdout: string }) => err.stdout,
    );
    expect(sent).toMatch(/<\*\* +550 5\.1\.1 /);
    expect(existsSync(join(t.layout.mail, 'stranger'))).toBe(false);
    expect(await readdir(join(t.layout.spool, 'queue'))).toEqual([]);
  });

  it('relays for an authenticated client, but still refuses the tricks that hide a route', async () => {
    const t = await startTestMta((c) => {
      c.mta.relay.mode = 'mx';
      c.mta.relay.dnsServers = ['127.0.0.1:9']; // never asked: the session ends after RCPT
    });
    const { user, password } = await loadOrCreateSubmissionCredentials(t.layout);
    const auth = ['--tls', '--auth', 'PLAIN', '--auth-user', user, '--auth-password', password];
    expect(await rcptReply(t, 'user@other.example', auth)).toMatch(/^250 /);
    expect(await rcptReply(t, 'USER@OTHER.EXAMPLE', auth)).toMatch(/^250 /);
    for (const to of ['user%other.example@localhost', '"user@other.example"@localhost', 'user@other.example@localhost', 'other.example!user@localhost']) {
      expect([to, await rcptReply(t, to, auth)]).toEqual([to, expect.stringMatching(/^5\d\d /)]);
    }
    expect(await rcptReply(t, 'user@[192.0.2.1]', auth)).toBe('553 5.1.2 bad recipient <user@[192.0.2.1]>: mail to IP address literals is not relayed');
  });

  it('does not relay for an authenticated client while mta.relay.mode is local', async () => {
    const t = await startTestMta();
    const { user, password } = await loadOrCreateSubmissionCredentials(t.layout);
    const reply = await rcptReply(t, 'user@other.example', ['--auth', 'LOGIN', '--auth-user', user, '--auth-password', password]);
    expect(reply).toBe('550 5.7.1 relaying disabled: <user@other.example> is not local and mta.relay.mode is local (set it to mx or smarthost)');
  });

  it('refuses wrong credentials with 535 and AUTH mechanisms other than PLAIN and LOGIN', async () => {
    const t = await startTestMta();
    const wrong = await run(BINARIES.swaks, ['--server', `127.0.0.1:${t.port}`, '--tls', '--auth', 'PLAIN', '--auth-user', 'uptime-monitor', '--auth-password', 'not-the-password', '--quit-after', 'AUTH']).then(
      (r) => r.stdout,
      (err: { stdout: string }) => err.stdout,
    );
    expect(wrong).toContain('535 5.7.8 authentication credentials invalid');
    const cram = await run(BINARIES.swaks, ['--server', `127.0.0.1:${t.port}`, '--auth', 'CRAM-MD5', '--auth-user', 'x', '--auth-password', 'y', '--quit-after', 'AUTH']).then(
      (r) => r.stdout + r.stderr,
      (err: { stdout: string; stderr: string }) => err.stdout + err.stderr,
    );
    expect(cram).toMatch(/requested type not available|504/);
  });
});
