import { describe, expect, it } from 'vitest';
import { decodeMessageId, encodeMessageId } from './message-id.js';

describe('message ids', () => {
  it('round-trips mailboxes with dots and unique names with any Maildir characters', () => {
    const ref = { mailbox: 'first.last+lab', unique: '1763725000.M12P345Q6.sensor.lab,S=1234' };
    const id = encodeMessageId(ref);
    expect(id).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(decodeMessageId(id)).toEqual(ref);
  });

  it('rejects ids that are not canonical base64url of mailbox/unique', () => {
    const enc = (text: string) => Buffer.from(text).toString('base64url');
    for (const id of [
      '',
      '..',
      '%2e%2e',
      'a/b',
      `${enc('admin/x')}=`,
      enc('no-slash'),
      enc('../x'),
      enc('admin/..'),
      enc('./x'),
      enc('admin/a:2,S'),
      enc('/etc/passwd'),
      enc('admin/sub/file'),
      enc('admin\\x/y'),
      enc('ad\u0000min/x'),
      'x'.repeat(800),
    ]) {
      expect(decodeMessageId(id), id).toBeUndefined();
    }
  });

  it('rejects invalid UTF-8', () => {
    expect(decodeMessageId(Buffer.from([0x61, 0x2f, 0xff, 0xfe]).toString('base64url'))).toBeUndefined();
  });
});
