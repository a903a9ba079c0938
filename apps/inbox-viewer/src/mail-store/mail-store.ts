/** @module The Maildir store as the viewer sees it: list summaries newest first, find one message by id. */
import { readHeaderSummary, type HeaderSummary } from './header-summary.js';
import { listMailboxes, scanMailbox, type MaildirFile } from './maildir-scan.js';
import { encodeMessageId, type MessageRef } from './message-id.js';
import { SummaryCache } from './summary-cache.js';

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
  /** Case-insensitive text looked for in From, To and Subject. */
  q?: string;
  limit: number;
  offset: number;
}

export interface ListResult {
  total: number;
  unread: number;
  messages: MessageSummary[];
}

const BATCH = 32;

function toSummary(file: MaildirFile, headers: HeaderSummary): MessageSummary & { receivedMs: number } {
  const { from, to, subject } = headers;
  const date = headers.date ?? new Date(file.receivedMs).toISOString();
  const id = encodeMessageId(file);
  return { id, mailbox: file.mailbox, from, to, subject, date, size: file.size, seen: file.seen, receivedMs: file.receivedMs };
}

/** Reads `<mailDir>/<mailbox>/{new,cur}`; summaries are cached by file so repeated lists stay cheap. */
export class MailStore {
  private readonly cache = new SummaryCache();

  constructor(readonly mailDir: string) {}

  /** The names of all mailboxes. */
  mailboxes(): Promise<string[]> {
    return listMailboxes(this.mailDir);
  }

  /** Messages newest first (by delivery time), filtered and paged. */
  async list(query: ListQuery): Promise<ListResult> {
    const all = await this.mailboxes();
    const names = query.mailbox === undefined ? all : all.filter((m) => m === query.mailbox);
    const rows = (await Promise.all(names.map((m) => this.summarize(m)))).flat();
    if (query.mailbox === undefined) this.cache.keepOnly(all);
    const needle = query.q?.trim().toLowerCase();
    const matching = needle
      ? rows.filter((r) => `${r.from}\n${r.to}\n${r.subject}`.toLowerCase().includes(needle))
      : rows;
    matching.sort((a, b) => b.receivedMs - a.receivedMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const page = matching.slice(query.offset, query.offset + query.limit);
    return {
      total: matching.length,
      unread: matching.filter((r) => !r.seen).length,
      messages: page.map(({ receivedMs: _, ...summary }) => summary),
    };
  }

  /** The file of a message, found by listing its mailbox (a path is never built from the id alone). */
  async find(ref: MessageRef): Promise<MaildirFile | undefined> {
    if (!(await this.mailboxes()).includes(ref.mailbox)) return undefined;
    const [file] = await scanMailbox(this.mailDir, ref.mailbox, (unique) => unique === ref.unique);
    return file;
  }

  private async summarize(mailbox: string) {
    const files = await scanMailbox(this.mailDir, mailbox);
    const entries: Array<{ file: MaildirFile; summary: HeaderSummary }> = [];
    for (let i = 0; i < files.length; i += BATCH) {
      const batch = files.slice(i, i + BATCH);
      const read = await Promise.all(batch.map((file) => this.headersOf(file)));
      batch.forEach((file, j) => {
        const summary = read[j];
        if (summary) entries.push({ file, summary });
      });
    }
    this.cache.replaceMailbox(mailbox, entries);
    return entries.map(({ file, summary }) => toSummary(file, summary));
  }

  private async headersOf(file: MaildirFile): Promise<HeaderSummary | undefined> {
    const cached = this.cache.get(file);
    if (cached) return cached;
    try {
      return await readHeaderSummary(file.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // moved away meanwhile
      return { from: '', to: '', subject: `(unreadable: ${(err as Error).message})` };
    }
  }
}
