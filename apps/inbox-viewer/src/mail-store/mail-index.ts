/**
 * @module In-memory index of every message in the Maildir store, built from directory listings only
 * and kept current by re-listing a folder when its directory changed (one stat per folder per look).
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { HeaderSummary } from './header-summary.js';
import { deliverySecondsMs, folderVersion, FOLDERS, isSeen, listMailboxes, parseFileName, readFolder, type Folder } from './maildir-scan.js';

/** One message as the index knows it; the summary and search text are filled in lazily. */
export interface IndexEntry {
  /** `<mailbox>/<unique>`, the text of the message id. */
  readonly key: string;
  readonly mailbox: string;
  readonly unique: string;
  folder: Folder;
  fileName: string;
  seen: boolean;
  receivedMs: number;
  summary?: HeaderSummary & { size: number };
  /** Lower-cased From, To, Subject and the start of the text; set by the search index. */
  search?: string;
  /** The X-Uptime-Event-Id header of an alert; set by the search index. */
  eventId?: string;
}

/** What one look at the store found changed. */
export interface IndexChange {
  added: IndexEntry[];
  removed: IndexEntry[];
  /** Moved between new/ and cur/ or changed flags. */
  updated: IndexEntry[];
}

interface FolderState {
  version?: string;
  names: Set<string>;
}

const newestFirst = (a: IndexEntry, b: IndexEntry) => b.receivedMs - a.receivedMs || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);

/** All messages of all mailboxes, newest first on demand. */
export class MailIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly folders = new Map<string, FolderState>();
  private readonly listeners = new Set<(change: IndexChange) => void>();
  private sortedCache: IndexEntry[] | undefined;
  private mailboxNames: string[] = [];
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(readonly mailDir: string) {}

  /** Brings the index up to date; concurrent callers share a look that starts after their call. */
  refresh(): Promise<void> {
    if (!this.running) {
      this.running = this.look().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running.catch(() => undefined).then(() => {
      this.queued = undefined;
      return this.refresh();
    });
    return this.queued;
  }

  /** Calls `listener` after every look that changed something; returns the function that stops it. */
  onChange(listener: (change: IndexChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every entry, newest first (by delivery time, then key). */
  sorted(): readonly IndexEntry[] {
    this.sortedCache ??= [...this.entries.values()].sort(newestFirst);
    return this.sortedCache;
  }

  /** The mailbox directories found by the last look, sorted. */
  mailboxes(): string[] {
    return this.mailboxNames;
  }

  get(key: string): IndexEntry | undefined {
    return this.entries.get(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The file an entry stands for; its parts all come from directory listings. */
  pathOf(entry: IndexEntry): string {
    return join(this.mailDir, entry.mailbox, entry.folder, entry.fileName);
  }

  /** Records a rename this process made (flags changed), so the next look finds nothing new. */
  moved(entry: IndexEntry, folder: Folder, fileName: string): void {
    this.folders.get(`${entry.mailbox}/${entry.folder}`)?.names.delete(entry.fileName);
    this.folders.get(`${entry.mailbox}/${folder}`)?.names.add(fileName);
    Object.assign(entry, { folder, fileName, seen: isSeen(folder, fileName) });
    this.emit({ added: [], removed: [], updated: [entry] });
  }

  /** Records a removal this process made. */
  removed(entry: IndexEntry): void {
    this.folders.get(`${entry.mailbox}/${entry.folder}`)?.names.delete(entry.fileName);
    if (this.entries.delete(entry.key)) {
      this.sortedCache = undefined;
      this.emit({ added: [], removed: [entry], updated: [] });
    }
  }

  private emit(change: IndexChange): void {
    if (change.added.length + change.removed.length + change.updated.length === 0) return;
    for (const listener of this.listeners) listener(change);
  }

  private async look(): Promise<void> {
    const mailboxes = await listMailboxes(this.mailDir);
    this.mailboxNames = mailboxes;
    const change: IndexChange = { added: [], removed: [], updated: [] };
    const present = new Set(mailboxes);
    for (const key of [...this.folders.keys()]) {
      const mailbox = key.slice(0, key.lastIndexOf('/'));
      if (present.has(mailbox)) continue;
      this.folders.delete(key);
      for (const entry of this.entries.values()) if (entry.mailbox === mailbox) this.drop(entry, change);
    }
    await Promise.all(mailboxes.map((mailbox) => this.lookAtMailbox(mailbox, change)));
    this.emit(change);
  }

  private async lookAtMailbox(mailbox: string, change: IndexChange): Promise<void> {
    const pending = new Set<IndexEntry>();
    for (const folder of FOLDERS) {
      const state = this.folders.get(`${mailbox}/${folder}`);
      const version = await folderVersion(join(this.mailDir, mailbox, folder));
      if (state && state.version !== undefined && state.version === version) continue;
      const listing = await readFolder(this.mailDir, mailbox, folder);
      const names = new Set(listing.names);
      this.folders.set(`${mailbox}/${folder}`, { version: listing.version, names });
      for (const name of state?.names ?? []) {
        const entry = names.has(name) ? undefined : this.entries.get(`${mailbox}/${parseFileName(name).unique}`);
        if (entry && entry.folder === folder && entry.fileName === name) pending.add(entry);
      }
      const fresh: IndexEntry[] = [];
      for (const name of names) {
        if (state?.names.has(name)) continue;
        const entry = this.found(mailbox, folder, name, pending, change);
        if (entry) fresh.push(entry);
      }
      await this.dateOddNames(fresh);
    }
    for (const entry of pending) this.drop(entry, change);
  }

  private found(mailbox: string, folder: Folder, name: string, pending: Set<IndexEntry>, change: IndexChange): IndexEntry | undefined {
    const { unique } = parseFileName(name);
    const key = `${mailbox}/${unique}`;
    const existing = this.entries.get(key);
    if (existing) {
      const stillInCur = existing.folder === 'cur' && !pending.has(existing) && this.folders.get(`${mailbox}/cur`)?.names.has(existing.fileName);
      if (folder === 'new' && stillInCur) return undefined; // mid-rename: the cur/ copy counts
      pending.delete(existing);
      Object.assign(existing, { folder, fileName: name, seen: isSeen(folder, name) });
      change.updated.push(existing);
      return undefined;
    }
    const entry: IndexEntry = { key, mailbox, unique, folder, fileName: name, seen: isSeen(folder, name), receivedMs: deliverySecondsMs(name) ?? NaN };
    this.entries.set(key, entry);
    this.sortedCache = undefined;
    change.added.push(entry);
    return entry;
  }

  /** Names that do not start with the delivery seconds are dated by their mtime. */
  private async dateOddNames(fresh: IndexEntry[]): Promise<void> {
    const odd = fresh.filter((e) => Number.isNaN(e.receivedMs));
    for (let i = 0; i < odd.length; i += 64) {
      await Promise.all(
        odd.slice(i, i + 64).map(async (entry) => {
          entry.receivedMs = await lstat(this.pathOf(entry)).then((s) => s.mtimeMs, () => Date.now());
        }),
      );
    }
  }

  private drop(entry: IndexEntry, change: IndexChange): void {
    if (!this.entries.delete(entry.key)) return;
    this.sortedCache = undefined;
    change.removed.push(entry);
  }
}
