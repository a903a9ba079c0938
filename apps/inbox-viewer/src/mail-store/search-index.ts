/**
 * @module Fills in the search text and alert event id of every indexed message in the background, a
 * batch at a time, so that requests are never blocked by it. The text is kept in the index file, so a
 * message is read once, not at every start; a search waits until every message is in, or is refused.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { IndexEntry, MailIndex } from './mail-index.js';
import { quickLook } from './quick-parse.js';

const HEAD_BYTES = 8 * 1024;
/** Messages read per transaction, while requests are served in between. */
const BATCH = 512;
/** The same while nobody is served yet (fillNow): fewer, bigger writes to the search table. */
const BIG_BATCH = 4096;

/** A search was asked while the search index is still being built and it did not finish in time. */
export class SearchIndexBusy extends Error {
  constructor(
    readonly waiting: number,
    readonly total: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `the search index is being built (${(total - waiting).toLocaleString('en')} of ${total.toLocaleString('en')} messages read); ` +
        `search again in ${retryAfterSeconds} s. The list without a search works meanwhile.`,
    );
  }
}

const head = Buffer.allocUnsafe(HEAD_BYTES);

/**
 * The first bytes of a message file; undefined when it is gone or moved. Read synchronously, a short
 * batch at a time: for small files that costs a third of the promise-based calls, and the batch ends soon.
 */
function readStart(path: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    const bytesRead = readSync(fd, head, 0, HEAD_BYTES, 0);
    return Buffer.from(head.subarray(0, bytesRead));
  } catch {
    return undefined; // the next look at the store finds where it went
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

interface Todo {
  id: number;
  mailboxId: number;
  folder: string;
  fileName: string;
}

/** Counters for tests and the benchmark. */
export interface SearchStats {
  /** Message files read for their search text since this process started. */
  filesRead: number;
}

/** The search text of every message of a mail index, in the index file's FTS5 table. */
export class SearchIndex {
  readonly stats: SearchStats = { filesRead: 0 };
  private working: Promise<void> | undefined;
  private readonly todo;
  private readonly stillThere;
  private readonly markRead;
  private readonly markUnreadable;
  private readonly insertText;
  private readonly matchIds;
  private readonly byEventId;
  private readonly countWaiting;
  private rate = { at: 0, done: 0, perSecond: 0 };
  private batch = BATCH;

  constructor(private readonly index: MailIndex) {
    const { db } = index;
    this.todo = db.prepare('SELECT id, mailbox_id AS mailboxId, folder, uniq || info AS fileName FROM messages WHERE indexed = 0 AND id > ? ORDER BY id LIMIT ?');
    this.stillThere = db.prepare('SELECT 1 FROM messages WHERE id = ? AND folder = ? AND uniq || info = ?').pluck();
    this.markRead = db.prepare('UPDATE messages SET indexed = 1, event_id = ? WHERE id = ? AND indexed = 0');
    this.markUnreadable = db.prepare('UPDATE messages SET indexed = 2 WHERE id = ? AND indexed = 0');
    this.insertText = db.prepare('INSERT INTO search_text (rowid, text) VALUES (?, ?)');
    this.matchIds = db.prepare('SELECT rowid FROM search_text WHERE search_text MATCH ?').pluck();
    this.byEventId = db.prepare('SELECT id FROM messages WHERE event_id = ? ORDER BY id DESC LIMIT 1').pluck();
    this.countWaiting = db.prepare('SELECT count(*) FROM messages WHERE indexed = 0').pluck();
    index.onChange(() => this.start());
  }

  /** How many messages wait to be read. */
  get backlog(): number {
    return this.countWaiting.get() as number;
  }

  /** Resolves when every message known so far has its search text. */
  async ready(): Promise<void> {
    this.start();
    while (this.working) await this.working;
  }

  /** Reads every message not read yet in big batches (before the viewer answers requests), then goes back to small ones. */
  async fillNow(): Promise<void> {
    this.batch = BIG_BATCH;
    try {
      await this.ready();
    } finally {
      this.batch = BATCH;
    }
  }

  /** Waits for `ready()` at most `ms`; throws SearchIndexBusy when it is not ready by then. */
  async readyWithin(ms: number): Promise<void> {
    this.start();
    if (ms <= 0 && this.working && this.backlog > 0) throw this.busy();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
    try {
      if ((await Promise.race([this.ready(), late])) !== 'late') return;
    } finally {
      clearTimeout(timer);
    }
    throw this.busy();
  }

  private busy(): SearchIndexBusy {
    const waiting = this.backlog;
    const seconds = this.rate.perSecond > 0 ? waiting / this.rate.perSecond : 30;
    return new SearchIndexBusy(waiting, this.index.size, Math.min(60, Math.max(1, Math.ceil(seconds))));
  }

  /** The row ids of the messages that match an FTS5 expression (see search-query.ts). */
  match(expression: string): Int32Array {
    const ids: number[] = [];
    for (const id of this.matchIds.iterate(expression) as IterableIterator<number>) ids.push(id);
    return Int32Array.from(ids);
  }

  /** The message of an alert, by the event id in its X-Uptime-Event-Id header. */
  byEvent(eventId: string): IndexEntry | undefined {
    const id = this.byEventId.get(eventId) as number | undefined;
    return id === undefined ? undefined : this.index.getById(id);
  }

  private start(): void {
    this.working ??= this.work()
      .catch((err: Error) => this.index.warn(`viewer: reading messages for the search index failed: ${err.message}; trying again at the next change`))
      .finally(() => (this.working = undefined));
  }

  private async work(): Promise<void> {
    let after = 0;
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve)); // let requests in between batches
      await this.index.lookDone();
      const batch = this.todo.all(after, this.batch) as Todo[];
      if (batch.length === 0) return;
      after = batch[batch.length - 1]!.id;
      this.index.db.transaction(() => {
        for (const t of batch) this.store(t, readStart(this.pathOf(t)));
      })();
      this.stats.filesRead += batch.length;
      this.measure(batch.length);
    }
  }

  private store(t: Todo, start: Buffer | undefined): void {
    if (!start) {
      // moved meanwhile: read it at its new place on the next pass; gone: the next look drops it
      if (this.stillThere.get(t.id, t.folder, t.fileName)) this.markUnreadable.run(t.id);
      return;
    }
    const look = quickLook(start);
    const eventId = look.eventId ?? null;
    if (this.markRead.run(eventId, t.id).changes === 0) return;
    this.insertText.run(t.id, `${look.from}\n${look.to}\n${look.subject}\n${look.text}`);
  }

  private pathOf(t: Todo): string {
    const entry = { mailbox: this.index.mailboxName(t.mailboxId), folder: t.folder, fileName: t.fileName } as IndexEntry;
    return this.index.pathOf(entry);
  }

  private measure(done: number): void {
    const now = Date.now();
    if (now - this.rate.at > 2000) this.rate = { at: now, done: 0, perSecond: this.rate.perSecond };
    this.rate.done += done;
    const seconds = (now - this.rate.at) / 1000;
    if (seconds > 0.2) this.rate.perSecond = this.rate.done / seconds;
  }
}
