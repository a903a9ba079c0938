/** @module The few headers the inbox list shows, read from the start of a message file only. */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { simpleParser, type AddressObject, type HeaderLines } from 'mailparser';

/** What the list shows of a message: decoded From, To and Subject, and the Date header as ISO 8601. */
export interface HeaderSummary {
  from: string;
  to: string;
  subject: string;
  /** ISO 8601, or undefined when the Date header is missing or not a date. */
  date?: string;
}

const HEADER_LIMIT = 64 * 1024;
const LIST_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true };

const CHUNK = 8 * 1024;

/** The most characters of From, To or Subject that a list row keeps (a 64 KiB header block decodes to more). */
export const LIST_FIELD_CHARS = 1000;

const clip = (text: string) => (text.length > LIST_FIELD_CHARS ? `${text.slice(0, LIST_FIELD_CHARS - 1)}…` : text);

/** Where the header block ends (just after the line break before the blank line), or -1. */
function headerEnd(head: Buffer): number {
  const crlf = head.indexOf('\r\n\r\n');
  const lf = head.indexOf('\n\n');
  const ends = [crlf < 0 ? -1 : crlf + 2, lf < 0 ? -1 : lf + 1].filter((n) => n >= 0);
  return ends.length > 0 ? Math.min(...ends) : -1;
}

/** The header block of a message: bytes up to the first blank line, read from at most the first 64 KiB. */
export async function readHeaderBlock(path: string, limit = HEADER_LIMIT): Promise<Buffer> {
  return (await readHead(path, limit)).block;
}

/** The header block and the file size, read through one handle that never follows a symlink. */
async function readHead(path: string, limit = HEADER_LIMIT): Promise<{ block: Buffer; size: number }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const { size } = await handle.stat();
    let head = Buffer.alloc(0);
    while (head.length < limit) {
      const chunk = Buffer.alloc(Math.min(CHUNK, limit - head.length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, head.length);
      head = Buffer.concat([head, chunk.subarray(0, bytesRead)]);
      const end = headerEnd(head);
      if (end >= 0) return { block: head.subarray(0, end), size };
      if (bytesRead < chunk.length) return { block: head, size }; // the whole file is headers
    }
    const lastLine = head.lastIndexOf('\n');
    return { block: lastLine < 0 ? head : head.subarray(0, lastLine + 1), size }; // cut at 64 KiB, on a line boundary
  } finally {
    await handle.close();
  }
}

/** Address header text as mailparser writes it (`"Name" <a@b>, c@d`). */
export function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

/** The Date header as ISO 8601; mailparser would turn an unparsable date into "now", so parse it here. */
export function dateHeader(lines: HeaderLines): string | undefined {
  const line = lines.find((l) => l.key === 'date')?.line;
  if (!line) return undefined;
  const date = new Date(line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Reads and decodes the list headers of one message file. */
export async function readHeaderSummary(path: string): Promise<HeaderSummary> {
  const { size: _, ...summary } = await readListEntry(path);
  return summary;
}

/** The list headers of one message file and its size in bytes. */
export async function readListEntry(path: string): Promise<HeaderSummary & { size: number }> {
  const { block, size } = await readHead(path);
  const parsed = await simpleParser(Buffer.concat([block, Buffer.from('\r\n')]), LIST_OPTIONS);
  return {
    from: clip(addressText(parsed.from)),
    to: clip(addressText(parsed.to)),
    subject: clip(parsed.subject ?? ''),
    date: dateHeader(parsed.headerLines),
    size,
  };
}
