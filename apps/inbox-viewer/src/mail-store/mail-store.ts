/** @module The Maildir store as the viewer sees it: list, search and find messages, mark them read, delete them. */
import { lstat, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readListEntry } from './header-summary.js';
import { MailIndex, type IndexChange, type IndexEntry, type MailIndexOptions } from './mail-index.js';
import { isRealFolder, parseFileName, type MaildirFile } from './maildir-scan.js';
import { encodeMessageId, type MessageRef } from './message-id.js';
import { ParsedMessages } from './parsed-messages.js';
import { SearchIndex } from './search-index.js';
import { searchExpression } from './search-query.js';
import type { HeaderSummary } from './header-summary.js';

/** One row of the inbox, as `GET /api/messages` answers it. */
export interface MessageSummary {
  id: string;
  mailbox: string;
  from: string;
  to: string;
  subject: string;
  /** The Date header as ISO 8601, else the delivery time. */
  date: string;
  size: number;
  seen: boolean;
}

export interface ListQuery {
  mailbox?: string;
  /** Words looked for in From, To, Subject and the start of the text (see search-query.ts). */
  q?: string;
  limit: number;
  offset: number;
}

export interface ListResult {
  total: number;
  unread: number;
  messages: MessageSummary[];
}

const gone = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** How long a search waits for the search index to be complete before it is answered 503. */
export const SEARCH_WAIT_MS = 5000;
/**
 * A first start with at most this many messages whose search text is not read yet reads it before it
 * lists anything, so that the first search is answered at once (100,000 messages took 10-20 s here);
 * with more, it lists first and reads the text in the background (a search answers 503 meanwhile).
 */
export const READ_TEXT_FIRST_UP_TO = 200_000;
export interface MailStoreOptions extends MailIndexOptions {
  /** Default READ_TEXT_FIRST_UP_TO. */
  readTextFirstUpTo?: number;
}

/** List rows whose headers are kept in memory. */
const SUMMARY_CACHE = 5000;

/** Reads `<mailDir>/<mailbox>/{new,cur}` through an index on disk; headers are read only for the rows shown. */
export class MailStore {
  readonly index: MailIndex;
  readonly search: SearchIndex;
  /** Messages parsed for display, kept for a while so that a page and its frame parse once. */
  readonly parsed = new ParsedMessages();
  private readonly summaries = new Map<string, HeaderSummary & { size: number }>();
  private opening: Promise<void> | undefined;

  private readonly readTextFirstUpTo: number;

  constructor(
    readonly mailDir: string,
    options: MailStoreOptions = {},
  ) {
    this.readTextFirstUpTo = options.readTextFirstUpTo ?? READ_TEXT_FIRST_UP_TO;
    this.index = new MailIndex(mailDir, options);
    this.search = new SearchIndex(this.index);
  }

  /**
   * Looks at the store and reads the search text of messages not read yet (after a first start or a
   * crash): before the list and search answer when there are at most READ_TEXT_FIRST_UP_TO, else after.
   */
  start(): Promise<void> {
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<void> {
    await this.index.refresh();
    if (this.search.backlog <= this.readTextFirstUpTo) await this.search.fillNow();
    else void this.search.ready();
  }

  /** Waits for start(); its failure is the next look's to report. */
  private async opened(): Promise<void> {
    await this.opening?.catch(() => undefined);
  }

  /** The names of all mailboxes. */
  async mailboxes(): Promise<string[]> {
    await this.opened();
    await this.index.refresh();
    return this.index.mailboxes();
  }

  /** Calls `listener` whenever messages arrive, go or change flags. */
  onChange(listener: (change: IndexChange) => void): () => void {
    return this.index.onChange(listener);
  }

  /** Messages newest first (by delivery time), filtered and paged; a search throws SearchIndexBusy while the search index is built. */
  async list(query: ListQuery): Promise<ListResult> {
    await this.opened();
    await this.index.refresh();
    const text = query.q?.trim();
    let page;
    if (text) {
      const expression = searchExpression(text);
      if (expression === undefined) return { total: 0, unread: 0, messages: [] };
      await this.search.readyWithin(SEARCH_WAIT_MS);
      page = this.index.pageAmong(this.search.match(expression), query.mailbox, query.offset, query.limit);
    } else page = this.index.page(query.mailbox, query.offset, query.limit);
    const messages = await Promise.all(page.entries.map((e) => this.summarize(e)));
    return { total: page.total, unread: page.unread, messages: messages.filter((m): m is MessageSummary => m !== undefined) };
  }

  /** The list row of one entry; undefined when its file is gone. */
  async summarize(entry: IndexEntry): Promise<MessageSummary | undefined> {
    let summary = this.summaries.get(entry.key);
    if (summary) this.summaries.delete(entry.key);
    else {
      try {
        summary = await readListEntry(this.index.pathOf(entry));
      } catch (err) {
        if (gone(err)) return undefined; // moved away meanwhile
        summary = { from: '', to: '', subject: `(unreadable: ${(err as Error).message})`, size: 0 };
      }
    }
    this.summaries.set(entry.key, summary); // most recently used last
    if (this.summaries.size > SUMMARY_CACHE) this.summaries.delete(this.summaries.keys().next().value!);
    const { from, to, subject, date, size } = summary;
    const id = encodeMessageId(entry);
    return { id, mailbox: entry.mailbox, from, to, subject, date: date ?? new Date(entry.receivedMs).toISOString(), size, seen: entry.seen };
  }

  /** The index entry of a message, after a look at the store. */
  async entry(ref: MessageRef): Promise<IndexEntry | undefined> {
    await this.opened();
    await this.index.refresh();
    return this.index.get(`${ref.mailbox}/${ref.unique}`);
  }

  /** The file of a message; its path is made of names from directory listings, never of the id alone. */
  async find(ref: MessageRef): Promise<MaildirFile | undefined> {
    const entry = await this.entry(ref);
    if (!entry || !(await isRealFolder(this.mailDir, entry.mailbox, entry.folder))) return undefined;
    const path = this.index.pathOf(entry);
    const stats = await lstat(path).catch(() => undefined);
    if (!stats?.isFile()) return undefined;
    const { mailbox, folder, fileName, unique, seen, receivedMs } = entry;
    return { mailbox, folder, fileName, unique, seen, receivedMs, path, size: stats.size, mtimeMs: stats.mtimeMs };
  }

  /** Marks a message read (moved to cur/ with the S flag) or unread; false when there is no such message. */
  async setSeen(ref: MessageRef, seen: boolean): Promise<boolean> {
    const entry = await this.entry(ref);
    if (!entry) return false;
    if (entry.seen === seen) return true;
    if (!(await isRealFolder(this.mailDir, entry.mailbox, entry.folder)) || !(await isRealFolder(this.mailDir, entry.mailbox, 'cur'))) return false;
    const flags = parseFileName(entry.fileName).flags.replace(/S/g, '');
    const next = `${entry.unique}:2,${[...(seen ? `${flags}S` : flags)].sort().join('')}`;
    try {
      await rename(this.index.pathOf(entry), join(this.mailDir, entry.mailbox, 'cur', next));
    } catch (err) {
      if (gone(err)) return false;
      throw err;
    }
    this.index.moved(entry, 'cur', next);
    return true;
  }

  /** Deletes a message; false when there is no such message. */
  async remove(ref: MessageRef): Promise<boolean> {
    const entry = await this.entry(ref);
    return entry ? this.unlink(entry) : false;
  }

  /** Deletes the file of an entry; false when it was already gone. */
  async unlink(entry: IndexEntry): Promise<boolean> {
    let removed = true;
    if (!(await isRealFolder(this.mailDir, entry.mailbox, entry.folder))) {
      this.index.removed(entry); // its folder became a symlink: nothing of it is ours to delete
      return false;
    }
    try {
      await unlink(this.index.pathOf(entry));
    } catch (err) {
      if (!gone(err)) throw err;
      removed = false;
    }
    this.index.removed(entry);
    this.summaries.delete(entry.key);
    return removed;
  }
}
