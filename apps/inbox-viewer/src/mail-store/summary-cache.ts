/** @module In-memory cache of parsed list headers, per mailbox, keyed by unique name and checked by mtime and size. */
import type { HeaderSummary } from './header-summary.js';
import type { MaildirFile } from './maildir-scan.js';

interface Cached {
  mtimeMs: number;
  size: number;
  summary: HeaderSummary;
}

/** Remembers header summaries so that listing a big mailbox reads only the files that are new or changed. */
export class SummaryCache {
  private readonly mailboxes = new Map<string, Map<string, Cached>>();

  /** The cached summary of a file, if the file has not changed since it was read. */
  get(file: MaildirFile): HeaderSummary | undefined {
    const hit = this.mailboxes.get(file.mailbox)?.get(file.unique);
    return hit && hit.mtimeMs === file.mtimeMs && hit.size === file.size ? hit.summary : undefined;
  }

  /** Replaces what is kept for one mailbox with the summaries of its current files. */
  replaceMailbox(mailbox: string, entries: ReadonlyArray<{ file: MaildirFile; summary: HeaderSummary }>): void {
    const map = new Map<string, Cached>();
    for (const { file, summary } of entries) map.set(file.unique, { mtimeMs: file.mtimeMs, size: file.size, summary });
    this.mailboxes.set(mailbox, map);
  }

  /** Forgets mailboxes that no longer exist. */
  keepOnly(mailboxes: ReadonlyArray<string>): void {
    for (const name of this.mailboxes.keys()) if (!mailboxes.includes(name)) this.mailboxes.delete(name);
  }

  /** How many summaries are held (for tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (const map of this.mailboxes.values()) n += map.size;
    return n;
  }
}
