/** @module Messages parsed for display, kept in a small LRU so that a page view and its frame parse a message once. */
import type { ParsedMail } from 'mailparser';
import { HTTPException } from 'hono/http-exception';
import type { MaildirFile } from './maildir-scan.js';
import { parseMessageFile, tooComplex } from './message-view.js';
import { htmlTooComplex, sanitizeMail, type SanitizedHtml } from './sanitize.js';

/** How many parsed messages are kept. */
const MAX_ENTRIES = 16;
/** The most file bytes kept parsed at once (a parsed message holds about its size again). */
const MAX_BYTES = 32 * 1024 * 1024;

interface Entry {
  size: number;
  parsed: Promise<ParsedMail>;
  /** Sanitized HTML without remote images (false) and with them (true), made on first use. */
  sanitized: Map<boolean, SanitizedHtml>;
}

/** The key of one version of a message file: its name, size and mtime. */
function keyOf(file: MaildirFile): string {
  return `${file.mailbox}/${file.unique}\u0000${file.size}\u0000${file.mtimeMs}`;
}

/** Parses message files for display at most once per version of the file, and sanitizes their HTML once per view mode. */
export class ParsedMessages {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** How many times a message file was actually parsed (the rest came from the cache). */
  parses = 0;

  /** The message parsed by mailparser (a 422 HTTPException when it is too large or too complex). */
  parse(file: MaildirFile): Promise<ParsedMail> {
    return this.entry(file).parsed;
  }

  /** The HTML body made safe, or undefined when the message has none; a 422 when it is too big or complex to sanitize. */
  async sanitized(file: MaildirFile, remoteImages: boolean): Promise<SanitizedHtml | undefined> {
    const entry = this.entry(file);
    const parsed = await entry.parsed;
    if (typeof parsed.html !== 'string') return undefined;
    let result = entry.sanitized.get(remoteImages);
    if (!result) {
      const reason = htmlTooComplex(parsed.html);
      if (reason) throw tooComplex(file, reason);
      result = sanitizeMail(parsed.html, remoteImages);
      entry.sanitized.set(remoteImages, result);
    }
    return result;
  }

  private entry(file: MaildirFile): Entry {
    const key = keyOf(file);
    const known = this.entries.get(key);
    if (known) {
      this.entries.delete(key);
      this.entries.set(key, known); // most recently used last
      return known;
    }
    this.parses++;
    const entry: Entry = { size: file.size, parsed: parseMessageFile(file), sanitized: new Map() };
    // A message that is too large stays refused; any other failure (the file went away) is tried again next time.
    entry.parsed.catch((err: unknown) => {
      if (!(err instanceof HTTPException)) this.forget(key, entry);
    });
    this.entries.set(key, entry);
    this.bytes += entry.size;
    while (this.entries.size > MAX_ENTRIES || (this.bytes > MAX_BYTES && this.entries.size > 1)) {
      const [oldest, old] = this.entries.entries().next().value!;
      this.forget(oldest, old);
    }
    return entry;
  }

  private forget(key: string, entry: Entry): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }
}
