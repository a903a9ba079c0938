import { describe, expect, it } from 'vitest';
import { cleanHeader, splitMessage } from './header-cleanup.js';

const DATE = 'Fri, 4 Dec 2026 15:00:00 +0000';
const text = (b: Buffer) => b.toString('latin1');

describe('splitMessage', () => {
  it.each([
    ['Subject: a\r\n\r\nbody\r\n\r\nmore', 'Subject: a\r\n\r\n', 'body\r\n\r\nmore'],
    ['Subject: a\n\nbody', 'Subject: a\n\n', 'body'],
    ['\r\nbody only', '', 'body only'],
    ['Subject: no body\r\n', 'Subject: no body\r\n', ''],
  ])('splits %j', (message, header, body) => {
    const split = splitMessage(Buffer.from(message));
    expect([text(split.header), text(split.body)]).toEqual([header, body]);
  });
});

describe('cleanHeader', () => {
  it('drops Bcc (folded too) and Return-Path, adds Date, and keeps 8-bit bytes', () => {
    const header = Buffer.from('Subject: caf\xe9\r\nBcc: hidden@x.test,\r\n\tother@x.test\r\nreturn-path: <forged@x.test>\r\nTo: a@localhost\r\n\r\n', 'latin1');
    const cleaned = cleanHeader(header, DATE);
    expect(text(cleaned.header)).toBe(`Subject: caf\xe9\r\nTo: a@localhost\r\nDate: ${DATE}\r\n\r\n`);
    expect(cleaned.messageId).toBeUndefined();
  });

  it('keeps a Date and an empty Message-ID as they are', () => {
    const header = Buffer.from('Date: Thu, 3 Dec 2026 10:00:00 +0100\r\nMessage-ID:\r\n\r\n');
    expect(cleanHeader(header, DATE)).toEqual({ header, messageId: '' });
    expect(cleanHeader(Buffer.from('Message-Id: <x@y>\n\n'), DATE).messageId).toBe('<x@y>');
  });

  it('gives a message without a header section a Date', () => {
    expect(text(cleanHeader(Buffer.alloc(0), DATE).header)).toBe(`Date: ${DATE}\r\n\r\n`);
  });
});
