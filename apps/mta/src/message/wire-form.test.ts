import { describe, expect, it } from 'vitest';
import { NeedsSmtpUtf8Error } from './header-fields.js';
import { fitsAsIs, wireForm } from './wire-form.js';

const ALL = { eightBitMime: true, smtpUtf8: true };
const SEVEN = { eightBitMime: false, smtpUtf8: false };
const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const longestLine = (data: Buffer) => Math.max(...data.toString('latin1').split('\r\n').map((l) => l.length));

describe('wireForm', () => {
  it('leaves a message that fits byte for byte as it is', async () => {
    const data = crlf(['From: <a@b.test>', 'Subject: hi', '', 'short line', '']);
    expect(fitsAsIs(data, SEVEN)).toBe(true);
    expect(await wireForm(data, SEVEN)).toBe(data);
    const utf8 = crlf(['From: <a@b.test>', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'grüße', '']);
    expect(await wireForm(utf8, ALL)).toBe(utf8);
  });

  it('re-encodes a body with a 2,000-octet line as quoted-printable, and the decoded text is the same', async () => {
    const text = `${'0123456789'.repeat(200)}\r\nsecond line\r\n`;
    const data = crlf(['From: <a@b.test>', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 7bit', '', text]);
    const out = await wireForm(data, ALL);
    expect(longestLine(out)).toBeLessThanOrEqual(78);
    const s = out.toString('latin1');
    expect(s).toMatch(/\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n/);
    expect(s).not.toContain('7bit');
    const body = s.slice(s.indexOf('\r\n\r\n') + 4);
    expect(body.replace(/=\r\n/g, '')).toBe(text);
  });

  it('turns an 8-bit part into quoted-printable for a server without 8BITMIME, leaving the other parts alone', async () => {
    const data = crlf([
      'From: <a@b.test>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '', 'preamble',
      '--b1', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'Grüße aus Köln', '--b1',
      'Content-Type: text/plain', '', 'plain ascii', '--b1--', '',
    ]);
    const s = (await wireForm(data, SEVEN)).toString('latin1');
    expect(/[\x80-\xff]/.test(s)).toBe(false);
    expect(s).toContain('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe aus K=C3=B6ln\r\n--b1');
    expect(s).toContain('--b1\r\nContent-Type: text/plain\r\n\r\nplain ascii\r\n--b1--');
  });

  it('reaches into an attached message (message/rfc822): its 8-bit part becomes quoted-printable, and the attachment itself stays unencoded (RFC 2046 5.2.1)', async () => {
    const data = crlf([
      'From: <a@b.test>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="outer"', '',
      '--outer', 'Content-Type: message/rfc822', 'Content-Transfer-Encoding: 8bit', '',
      'From: <c@d.test>', 'Subject: inner', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'Grüße', '',
      '--outer--', '',
    ]);
    const s = (await wireForm(data, SEVEN)).toString('latin1');
    expect(/[\x80-\xff]/.test(s)).toBe(false);
    expect(s).toContain('--outer\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: 7bit\r\n\r\nFrom: <c@d.test>\r\n');
    expect(s).toContain('Subject: inner\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n');
    expect(s).toMatch(/\r\n--outer--\r\n$/);
  });

  it('gives a non-MIME 8-bit message MIME headers with the charset it is in', async () => {
    const s = (await wireForm(crlf(['From: <a@b.test>', 'Subject: x', '', 'Grüße', '']), SEVEN)).toString('latin1');
    expect(s).toBe('From: <a@b.test>\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n');
  });

  it('re-wraps a base64 part with long lines', async () => {
    const payload = Buffer.alloc(3000, 7);
    const data = crlf(['Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64', '', payload.toString('base64'), '']);
    const s = (await wireForm(data, ALL)).toString('latin1');
    expect(longestLine(Buffer.from(s, 'latin1'))).toBe(76);
    expect(Buffer.from(s.slice(s.indexOf('\r\n\r\n') + 4), 'base64').equals(payload)).toBe(true);
  });

  it('folds long header fields at white space, and breaks a run without any', async () => {
    const to = Array.from({ length: 120 }, (_, i) => `<user${i}@example.test>`).join(', ');
    const token = 'x'.repeat(2500);
    const s = (await wireForm(crlf([`To: ${to}`, `X-Token: ${token}`, 'Subject: ok', '', 'body', '']), ALL)).toString('latin1');
    expect(longestLine(Buffer.from(s, 'latin1'))).toBeLessThanOrEqual(998);
    const unfolded = s.replace(/\r\n(?=[ \t])/g, '');
    expect(unfolded).toContain(`To: ${to}\r\n`);
    expect(unfolded.replace(/ /g, '')).toContain(`X-Token:${token}\r\n`);
    expect(s).toContain('\r\nSubject: ok\r\n\r\nbody\r\n');
  });

  it('without SMTPUTF8: an 8-bit Subject and display names become encoded words, IDN domains A-labels; a UTF-8 local part or structured field is refused', async () => {
    const message = crlf(['From: Jürgen Müller <j@bücher.test>', 'To: "Ops, Team" <ops@b.test>, Jörg <jörg@xn--bcher-kva.test>'.replace('jörg', 'joerg'), 'Subject: Störung im Netz', '', 'x', '']);
    const s = (await wireForm(message, SEVEN)).toString('latin1');
    expect(s).toMatch(/^Subject: =\?UTF-8\?Q\?St=C3=B6rung\?= im Netz$/m);
    expect(s).toMatch(/^From: =\?UTF-8\?Q\?J=C3=BCrgen_M=C3=BCller\?= <j@xn--bcher-kva\.test>$/m);
    expect(s).toMatch(/^To: "Ops, Team" <ops@b\.test>, =\?UTF-8\?Q\?J=C3=B6rg\?= <joerg@xn--bcher-kva\.test>$/m);
    expect(/[\x80-\xff]/.test(s)).toBe(false);
    await expect(wireForm(crlf(['From: <jürgen@b.test>', '', 'x', '']), SEVEN)).rejects.toMatchObject({ field: 'From' });
    await expect(wireForm(crlf(['Keywords: Störung', '', 'x', '']), SEVEN)).rejects.toBeInstanceOf(NeedsSmtpUtf8Error);
    expect((await wireForm(crlf(['From: Jürgen <jürgen@b.test>', '', 'x', '']), ALL)).toString('utf8')).toContain('From: Jürgen <jürgen@b.test>');
  });
});
