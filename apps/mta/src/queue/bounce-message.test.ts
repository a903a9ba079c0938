import { describe, expect, it } from 'vitest';
import { bounceMessage } from './bounce-message.js';

describe('bounceMessage', () => {
  it('builds an RFC 3464 multipart/report with the failed recipients and the original headers', () => {
    const data = Buffer.from('Received: from x\r\nSubject: caf\xe9\r\nMessage-ID: <orig@test>\r\n\r\nsecret body\r\n', 'latin1');
    const dsn = bounceMessage({
      envelope: { id: 'ORIG1234', sender: 'uptime@localhost', recipients: [], receivedAt: '2026-11-21T12:00:00.000Z', messageId: '<orig@test>', client: { helo: 'h', address: '127.0.0.1' }, size: data.length },
      data,
      failed: [{ recipient: { address: 'u@perm.test', domain: 'perm.test' }, status: 'bounced', detail: 'mx said no', enhancedStatus: '5.1.1', remoteHost: 'mx.perm.test', remoteAddress: '127.0.0.24', reply: '550 5.1.1 no such user' }],
      to: 'uptime@localhost',
      hostname: 'sensor.lab',
      queueId: 'BOUNCE123',
    });
    const text = dsn.toString('latin1');
    const boundary = /boundary="([^"]+)"/.exec(text)?.[1] ?? '';
    expect(boundary).not.toBe('');
    expect(text).toMatch(/^From: Mail Delivery System <MAILER-DAEMON@sensor\.lab>\r\nTo: <uptime@localhost>\r\nSubject: Undelivered Mail Returned to Sender\r\n/);
    expect(text).toContain('Auto-Submitted: auto-replied\r\n');
    expect(text.split(`--${boundary}`)).toHaveLength(5);
    expect(text).toContain('Reporting-MTA: dns; sensor.lab\r\nX-Uptime-Queue-ID: ORIG1234\r\n');
    expect(text).toContain('Final-Recipient: rfc822; u@perm.test\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.perm.test\r\nDiagnostic-Code: smtp; 550 5.1.1 no such user\r\n');
    expect(text).toContain('Content-Type: text/rfc822-headers');
    expect(dsn.includes(Buffer.from('Subject: caf\xe9', 'latin1'))).toBe(true);
    expect(text).not.toContain('secret body');
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });
});
