import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../test-support/maildir-fixture.js';
import { readHeaderBlock, readHeaderSummary } from './header-summary.js';

describe('readHeaderBlock', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let file: string;
  beforeEach(() => {
    dir = tempDataDir();
    file = join(dir.layout.root, 'm');
  });
  afterEach(() => dir.remove());

  it('stops at the blank line, with CRLF or bare LF', async () => {
    writeFileSync(file, 'Subject: a\r\nX: b\r\n\r\nbody\r\n\r\nmore');
    expect((await readHeaderBlock(file)).toString()).toBe('Subject: a\r\nX: b\r\n');
    writeFileSync(file, 'Subject: a\nX: b\n\nbody');
    expect((await readHeaderBlock(file)).toString()).toBe('Subject: a\nX: b\n');
  });

  it('reads headers that span several chunks, and cuts endless headers at the limit on a line boundary', async () => {
    const long = `X-Long: ${'y'.repeat(20_000)}\r\nSubject: after a long header\r\n\r\nbody`;
    writeFileSync(file, long);
    expect((await readHeaderSummary(file)).subject).toBe('after a long header');
    writeFileSync(file, 'X-Fill: zzzzzzzzzzzzzzzzzzzz\r\n'.repeat(5000));
    const block = await readHeaderBlock(file, 64 * 1024);
    expect(block.length).toBeLessThanOrEqual(64 * 1024);
    expect(block.toString().endsWith('zz\r\n')).toBe(true);
  });

  it('decodes encoded words and keeps a header-only file', async () => {
    writeFileSync(file, 'From: =?utf-8?Q?J=C3=B6rg?= <j@lab>\r\nSubject: =?utf-8?B?R3LDvMOfZQ==?=\r\nDate: Sat, 21 Nov 2026 10:00:00 +0100');
    expect(await readHeaderSummary(file)).toEqual({ from: '"Jörg" <j@lab>', to: '', subject: 'Grüße', date: '2026-11-21T09:00:00.000Z' });
  });
});
