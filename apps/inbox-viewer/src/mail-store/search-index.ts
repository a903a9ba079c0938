/**
 * @module Fills in the search text and alert event id of every indexed message in the background,
 * a batch at a time, so that requests are never blocked by it; a search waits until it is complete.
 */
import { open } from 'node:fs/promises';
import type { IndexEntry, MailIndex } from './mail-index.js';
import { quickLook } from './quick-parse.js';

const HEAD_BYTES = 8 * 1024;
const BATCH = 64;

async function readStart(path: string): Promise<Buffer | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined; // gone meanwhile: the next look at the store drops it
  }
}

/** Keeps the search text of every entry of a mail index, and a map from alert event id to entry. */
export class SearchIndex {
  private readonly queue: IndexEntry[] = [];
  private readonly byEventId = new Map<string, IndexEntry>();
  private working: Promise<void> | undefined;

  constructor(private readonly index: MailIndex) {
    index.onChange(({ added, removed, updated }) => {
      for (const entry of removed) if (entry.eventId && this.byEventId.get(entry.eventId) === entry) this.byEventId.delete(entry.eventId);
      this.queue.push(...added);
      // a renamed file may have been missed while it moved; read those again when they have nothing yet
      this.queue.push(...updated.filter((e) => e.search === undefined));
      this.start();
    });
  }

  /** Resolves when every entry known so far has its search text. */
  async ready(): Promise<void> {
    while (this.working) await this.working;
  }

  /** How many entries wait to be read. */
  get backlog(): number {
    return this.queue.length;
  }

  /** The message of an alert, by the event id in its X-Uptime-Event-Id header. */
  byEvent(eventId: string): IndexEntry | undefined {
    const entry = this.byEventId.get(eventId);
    return entry && this.index.get(entry.key) === entry ? entry : undefined;
  }

  private start(): void {
    this.working ??= this.work().finally(() => (this.working = undefined));
  }

  private async work(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH).filter((e) => e.search === undefined && this.index.get(e.key) === e);
      await Promise.all(batch.map((entry) => this.read(entry)));
      await new Promise((resolve) => setImmediate(resolve)); // let requests in between batches
    }
  }

  private async read(entry: IndexEntry): Promise<void> {
    const start = await readStart(this.index.pathOf(entry));
    if (!start) return;
    const look = quickLook(start);
    entry.search = `${look.from}\n${look.to}\n${look.subject}\n${look.text}`.toLowerCase();
    if (look.eventId) {
      entry.eventId = look.eventId;
      this.byEventId.set(look.eventId, entry);
    }
  }
}
