import { describe, expect, it } from 'vitest';
import { SmtpError } from './errors.js';
import { parseRecipient } from './recipient.js';

const LOCAL = ['localhost', 'Lab.Test.'];

function refusal(address: string): string {
  try {
    parseRecipient(address, LOCAL);
  } catch (err) {
    if (err instanceof SmtpError) return `${err.responseCode} ${err.message}`;
    throw err;
  }
  throw new Error(`${address} was accepted`);
}

describe('parseRecipient', () => {
  it.each([
    ['admin@localhost', 'admin', 'localhost'],
    ['USER@LOCALHOST', 'user', 'localhost'],
    ['user@localhost.', 'user', 'localhost'],
    ['<admin@localhost>', 'admin', 'localhost'],
    ['first.last+tag@lab.test', 'first.last+tag', 'lab.test'],
    ['ops_team-1@LAB.TEST.', 'ops_team-1', 'lab.test'],
    ['Postmaster', 'postmaster', 'localhost'],
  ])('accepts %s as mailbox %s', (address, mailbox, domain) => {
    expect(parseRecipient(address, LOCAL)).toEqual({ address, mailbox, domain });
  });

  it.each([
    'user@other.example',
    'user%other.example@localhost',
    'other.example!user@localhost',
    '"user@other.example"@localhost',
    'user@other.example@localhost',
    '@localhost:user@other.example',
    'user@[127.0.0.1]',
    'user@localhost..',
    'user@',
    'localhost',
  ])('refuses %s as relaying (550 5.7.1)', (address) => {
    const text = refusal(address);
    expect(text).toMatch(/^550 5\.7\.1 relaying denied: <.*> is not a local domain \(local domains: localhost, Lab\.Test\.\)$/);
    expect(text).toContain(address);
  });

  it.each(['"quoted"@localhost', 'a/b@localhost', '.hidden@localhost', 'a..b@localhost', 'ünï@localhost', `${'x'.repeat(65)}@localhost`])(
    'refuses %s as an unsafe mailbox name (550 5.1.3)',
    (address) => {
      expect(refusal(address)).toMatch(/^550 5\.1\.3 bad recipient/);
    },
  );

  it.each([
    ['user@other.example', 'other.example'],
    ['First.Last+tag@Mail.Other.Example', 'mail.other.example'],
    ['josé@bücher.example', 'bücher.example'],
  ])('lets an authenticated client relay to %s', (address, domain) => {
    expect(parseRecipient(address, LOCAL, 'allowed')).toEqual({ address, domain });
  });

  it.each([
    ['user%other.example@localhost', /^550 5\.7\.1 relaying denied/],
    ['"user@other.example"@localhost', /^550 5\.7\.1 relaying denied/],
    ['user@other.example@localhost', /^550 5\.7\.1 relaying denied/],
    ['@localhost:user@other.example', /^550 5\.7\.1 relaying denied/],
    ['user!other@other.example', /^550 5\.7\.1 relaying denied/],
    ['user@[192.0.2.1]', /^553 5\.1\.2 bad recipient <user@\[192\.0\.2\.1\]>: mail to IP address literals is not relayed/],
    ['"quoted"@other.example', /^553 5\.1\.2 bad recipient .*not a plain dot-atom/],
    ['user@nodots', /^553 5\.1\.2 bad recipient .*"nodots" is not a domain name/],
  ])('refuses %s even from an authenticated client', (address, reply) => {
    let text = '';
    try {
      parseRecipient(address, LOCAL, 'allowed');
    } catch (err) {
      text = err instanceof SmtpError ? `${err.responseCode} ${err.message}` : String(err);
    }
    expect(text).toMatch(reply);
  });

  it('tells an authenticated client that relaying is off in local mode', () => {
    expect(() => parseRecipient('user@other.example', LOCAL, 'disabled')).toThrow(/relaying disabled: <user@other\.example> is not local and mta\.relay\.mode is local/);
    expect(parseRecipient('admin@localhost', LOCAL, 'disabled')).toEqual({ address: 'admin@localhost', mailbox: 'admin', domain: 'localhost' });
  });
});
