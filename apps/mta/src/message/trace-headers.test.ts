import { describe, expect, it } from 'vitest';
import { addressLiteral, receivedHeader } from './trace-headers.js';

describe('the Received header', () => {
  it.each([
    ['127.0.0.1', '[127.0.0.1]'],
    ['::ffff:198.51.100.7', '[198.51.100.7]'],
    ['::1', '[IPv6:::1]'],
    ['2001:db8::25', '[IPv6:2001:db8::25]'],
  ])('writes the client %s as %s (RFC 5321 4.1.3)', (address, literal) => {
    expect(addressLiteral(address)).toBe(literal);
    expect(receivedHeader({ helo: 'c.test', remoteAddress: address, protocol: 'ESMTP', hostname: 'sensor.lab', queueId: 'Q1' })).toMatch(
      new RegExp(`^Received: from c\\.test \\(${literal.replace(/[[\].]/g, '\\$&')}\\)\\r\\n`),
    );
  });
});
