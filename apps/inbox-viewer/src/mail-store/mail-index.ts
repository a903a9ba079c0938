/**
 * @module Index of every message in the Maildir store, kept on disk (index-db.ts) and in list order in
 * memory (message-order.ts). A look at the store stats each folder: a watched folder (folder-watch.ts)
 * gets just the names its watch reported; any other is listed again when its directory changed since
 * the index last listed it, also across restarts. Watched folders are also compared in full in the
 * background now and then (folder-check.ts), for a change a watch missed.
 */
import { join } from 'node:path';
import { FolderCheck } from './folder-check.js';
import { AddedRows, FolderSync, type MessageRow, type SyncResult } from './folder-sync.js';
import { FolderWatches } from './folder-watch.js';
import { openIndexDb, type IndexDb } from './index-db.js';
import { folderVersion, FOLDERS, isSeen, listMailboxes, type Folder } from './maildir-scan.js';
import { MessageOrder } from './message-order.js';
import { NameSync } from './name-sync.js';

/** One message as the index knows it. */
export interface IndexEntry {
  /** The row id in the index; stable while the message exists. */
  readonly id: number;
  /** `<mailbox>/<unique>`, the text of the message id. */
  readonly key: string;
  readonly mailbox: string;
  readonly unique: string;
  folder: Folder;
  fileName: string;
  seen: boolean;
  receivedMs: number;
}

/** A message as retention needs it. */
export interface ListedMessage {
  id: number;
  mailbox: string;
  receivedMs: number;
}

/** What one look at the store found changed; each list holds at most CHANGE_DETAIL entries. */
export interface IndexChange {
  added: IndexEntry[];
  removed: IndexEntry[];
  /** Moved between new/ and cur/ or changed flags. */
  updated: IndexEntry[];
}

const ROW_COLUMNS = 'id, mailbox_id AS mailboxId, uniq, folder, uniq || info AS fileName, received, seen';

/** Entries named in one change event at most; a bigger change (a first scan) names only the newest. */
export const CHANGE_DETAIL = 1000;

export interface MailIndexOptions {
  /** Where the index file lives (default `<mailDir>/../index`). */
  indexDir?: string;
  /** Warnings about the index file (damaged, rebuilt, in memory). */
  warn?: (line: string) => void;
  /** Watch the folders for changes (default true); false lists a changed folder in full at every look. */
  watch?: boolean;
  /** How often watched folders that changed are compared in full in the background (default CHECK_EVERY_MS). */
  checkEveryMs?: number;
}

/** See MailIndexOptions.checkEveryMs. */
export const CHECK_EVERY_MS = 5 * 60_000;
/** How soon a full comparison follows a folder that changed without its watch reporting a name. */
const CHECK_SOON_MS = 1000;

const inodeOf = (version: string) => version.slice(0, version.indexOf(':'));
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Counters that show how much work the index did, for tests and the benchmark. */
export interface IndexStats {
  /** Folders listed since this process started. */
  foldersListed: number;
  /** Names applied as watches reported them. */
  namesApplied: number;
  /** Full comparisons of watched folders done in the background. */
  foldersChecked: number;
}

/** All messages of all mailboxes, newest first. */
export class MailIndex {
  readonly db: IndexDb;
  /** Where warnings about the index go. */
  readonly warn: (line: string) => void;
  readonly stats: IndexStats = { foldersListed: 0, namesApplied: 0, foldersChecked: 0 };
  private readonly order = new MessageOrder();
  private readonly sync: FolderSync;
  private readonly names: NameSync;
  private readonly check: FolderCheck;
  private readonly watches: FolderWatches | undefined;
  /** The version of each watched folder at the last look, to tell a change no watch reported. */
  private readonly lastSeen = new Map<string, string>();
  private readonly checkTimer: NodeJS.Timeout | undefined;
  private checkSoonTimer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private readonly listeners = new Set<(change: IndexChange) => void>();
  private readonly mailboxIds = new Map<string, number>();
  private readonly mailboxNames = new Map<number, string>();
  private readonly byId;
  private readonly byUniq;
  private present: string[] = [];
  private loaded = false;
  private dataVersion = -1;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    readonly mailDir: string,
    options: MailIndexOptions = {},
  ) {
    this.warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.db = openIndexDb(options.indexDir ?? join(mailDir, '..', 'index'), this.warn);
    this.sync = new FolderSync(this.db);
    this.names = new NameSync(this.db, this.sync);
    this.check = new FolderCheck(this.db);
    if (options.watch !== false) {
      this.watches = new FolderWatches();
      this.checkTimer = setInterval(() => void this.checkWatched(), options.checkEveryMs ?? CHECK_EVERY_MS).unref();
    }
    this.byId = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM messages WHERE id = ?`);
    this.byUniq = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM messages WHERE mailbox_id = ? AND uniq = ?`);
  }

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

  /** Stops the watches and the background comparisons. */
  close(): void {
    this.watches?.close();
    clearInterval(this.checkTimer);
    clearTimeout(this.checkSoonTimer);
  }

  /**
   * Resolves when the look at the store running now (if any) is over: background work gives way to
   * looks, which requests wait for, but only to the one running, so that a stream of them cannot starve it.
   */
  async lookDone(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Calls `listener` after every look that changed something; returns the function that stops it. */
  onChange(listener: (change: IndexChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The mailbox directories found by the last look, sorted. */
  mailboxes(): string[] {
    return this.present;
  }

  /** The name of a mailbox row id. */
  mailboxName(id: number): string {
    return this.mailboxNames.get(id) ?? '';
  }

  get size(): number {
    return this.order.size;
  }

  /** One page of a mailbox (or of all) in list order, with the counts. */
  page(mailbox: string | undefined, offset: number, limit: number): { total: number; unread: number; entries: IndexEntry[] } {
    const mailboxId = mailbox === undefined ? undefined : this.mailboxIds.get(mailbox);
    if (mailbox !== undefined && mailboxId === undefined) return { total: 0, unread: 0, entries: [] };
    const { total, unread, ids } = this.order.select(mailboxId, offset, limit);
    return { total, unread, entries: this.entries(ids) };
  }

  /** The same for search hits (row ids in any order). */
  pageAmong(hits: Iterable<number>, mailbox: string | undefined, offset: number, limit: number): { total: number; unread: number; entries: IndexEntry[] } {
    const mailboxId = mailbox === undefined ? undefined : this.mailboxIds.get(mailbox);
    if (mailbox !== undefined && mailboxId === undefined) return { total: 0, unread: 0, entries: [] };
    const { total, unread, ids } = this.order.selectAmong(hits, mailboxId, offset, limit);
    return { total, unread, entries: this.entries(ids) };
  }

  /** Every entry in list order, lightly: the row id, mailbox and delivery time. */
  *newestFirst(): Generator<ListedMessage> {
    for (let i = 0; i < this.order.size; i++) {
      yield { id: this.order.idAt(i), mailbox: this.mailboxNames.get(this.order.mailboxAt(i)) ?? '', receivedMs: this.order.receivedAt(i) };
    }
  }

  /** The entry of a key `<mailbox>/<unique>`. */
  get(key: string): IndexEntry | undefined {
    const slash = key.indexOf('/');
    const mailboxId = this.mailboxIds.get(key.slice(0, slash));
    if (mailboxId === undefined) return undefined;
    const row = this.byUniq.get(mailboxId, key.slice(slash + 1)) as RawRow | undefined;
    return row && this.entryOf(row);
  }

  /** The entry of a row id. */
  getById(id: number): IndexEntry | undefined {
    const row = this.byId.get(id) as RawRow | undefined;
    return row && this.entryOf(row);
  }

  /** The file an entry stands for; its parts all come from directory listings. */
  pathOf(entry: IndexEntry): string {
    return join(this.mailDir, entry.mailbox, entry.folder, entry.fileName);
  }

  /** Records a rename this process made (flags changed). */
  moved(entry: IndexEntry, folder: Folder, fileName: string): void {
    this.sync.recordMove(entry.id, folder, fileName);
    Object.assign(entry, { folder, fileName, seen: isSeen(folder, fileName) });
    this.order.setSeen(entry.id, entry.seen);
    this.emit({ added: [], removed: [], updated: [entry] });
  }

  /** Records a removal this process made. */
  removed(entry: IndexEntry): void {
    if (!this.sync.deleteMessage(entry.id)) return;
    this.order.remove([entry.id]);
    this.emit({ added: [], removed: [entry], updated: [] });
  }

  private entries(ids: number[]): IndexEntry[] {
    return ids.map((id) => this.getById(id)).filter((e): e is IndexEntry => e !== undefined);
  }

  private entryOf(row: RawRow): IndexEntry {
    const mailbox = this.mailboxNames.get(row.mailboxId) ?? '';
    return { id: row.id, key: `${mailbox}/${row.uniq}`, mailbox, unique: row.uniq, folder: row.folder, fileName: row.fileName, seen: row.seen === 1, receivedMs: row.received };
  }

  private emit(change: IndexChange): void {
    if (change.added.length + change.removed.length + change.updated.length === 0) return;
    for (const listener of this.listeners) listener(change);
  }

  /** Reads the list order from the index file: at the first look, and when another process wrote to it. */
  private load(): void {
    for (const { id, name } of this.db.prepare('SELECT id, name FROM mailboxes').all() as { id: number; name: string }[]) {
      this.mailboxIds.set(name, id);
      this.mailboxNames.set(id, name);
    }
    const count = this.db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    // Newest row ids first: nearly the list order, which the load then sorts cheaply.
    const rows = this.db.prepare('SELECT id, mailbox_id, received, seen FROM messages ORDER BY id DESC').raw().iterate() as IterableIterator<[number, number, number, number]>;
    this.order.load(
      (function* () {
        for (const [id, mailboxId, received, seen] of rows) yield { id, mailboxId, received, seen: seen === 1 };
      })(),
      count,
    );
    this.loaded = true;
  }

  private mailboxId(name: string): number {
    let id = this.mailboxIds.get(name);
    if (id === undefined) {
      id = (this.db.prepare('INSERT INTO mailboxes (name) VALUES (?) ON CONFLICT DO UPDATE SET name = name RETURNING id').pluck().get(name) as number);
      this.mailboxIds.set(name, id);
      this.mailboxNames.set(id, name);
    }
    return id;
  }

  private async look(): Promise<void> {
    if (this.watches) await turn(); // names a watch reported before the look was asked for are read in first
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (!this.loaded || version !== this.dataVersion) this.load();
    const mailboxes = await listMailboxes(this.mailDir);
    this.present = mailboxes;
    const results: SyncResult[] = [];
    const listed = new Set(mailboxes);
    for (const [name, id] of this.mailboxIds) if (!listed.has(name)) results.push(this.dropMailbox(name, id));
    for (const mailbox of mailboxes) {
      const id = this.mailboxId(mailbox);
      const stored = new Map((this.db.prepare('SELECT folder, version FROM folders WHERE mailbox_id = ?').all(id) as { folder: Folder; version: string }[]).map((r) => [r.folder, r.version]));
      const changed: { folder: Folder; version: string | undefined }[] = [];
      const watched: Folder[] = [];
      for (const folder of FOLDERS) {
        const { version: now, watchedBefore } = await this.versionOf(mailbox, folder);
        if (watchedBefore) watched.push(folder);
        else if (now !== stored.get(folder)) changed.push({ folder, version: now });
      }
      if (watched.length > 0) results.push(await this.applyReported(mailbox, id, watched));
      if (changed.length === 0) continue;
      this.stats.foldersListed += changed.filter((c) => c.version !== undefined).length;
      results.push(await this.sync.sync(this.mailDir, mailbox, id, changed));
    }
    this.apply(results);
    this.dataVersion = this.db.pragma('data_version', { simple: true }) as number;
  }

  /**
   * The version of a folder, and whether a watch reported its changes since the last look. A folder not
   * watched yet (or no longer the directory watched) is watched from now on, before its version is taken:
   * a change after that is reported, one before it shows in the version (and the folder is listed).
   */
  private async versionOf(mailbox: string, folder: Folder): Promise<{ version: string | undefined; watchedBefore: boolean }> {
    const key = `${mailbox}/${folder}`;
    const dir = join(this.mailDir, mailbox, folder);
    let version = await folderVersion(dir);
    if (!this.watches || version === undefined) {
      this.watches?.drop(key);
      return { version, watchedBefore: false };
    }
    const watchedBefore = this.watches.watching(key, inodeOf(version));
    if (watchedBefore) {
      if (version !== this.lastSeen.get(key) && !this.watches.pending(key)) this.checkSoon(); // changed, yet no name reported
    } else if (this.watches.open(key, dir, inodeOf(version))) {
      version = await folderVersion(dir);
      if (version === undefined || !this.watches.watching(key, inodeOf(version))) this.watches.drop(key); // replaced meanwhile
    }
    if (version !== undefined) this.lastSeen.set(key, version);
    return { version, watchedBefore };
  }

  /** Applies the names the watches of a mailbox's folders reported (cur/ first, see NameSync). */
  private applyReported(mailbox: string, mailboxId: number, folders: Folder[]): Promise<SyncResult> {
    const reported = folders.map((folder) => ({ folder, names: this.watches!.take(`${mailbox}/${folder}`) }));
    this.stats.namesApplied += reported.reduce((n, r) => n + r.names.length, 0);
    return this.names.apply(this.mailDir, mailbox, mailboxId, reported);
  }

  private checkSoon(): void {
    if (this.checkSoonTimer || this.checking) return;
    this.checkSoonTimer = setTimeout(() => {
      this.checkSoonTimer = undefined;
      void this.checkWatched();
    }, CHECK_SOON_MS).unref();
  }

  /** Compares every watched folder that changed since it was last listed with its rows, in the background. */
  private checkWatched(): Promise<void> {
    this.checking ??= this.checkAll()
      .catch((err: Error) => {
        if (this.db.open) this.warn(`viewer: comparing the Maildir with its index failed: ${err.message}; trying again later`);
      })
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    for (const key of this.watches?.keys() ?? []) {
      const slash = key.indexOf('/');
      const mailbox = key.slice(0, slash);
      const folder = key.slice(slash + 1) as Folder;
      const mailboxId = this.mailboxIds.get(mailbox);
      const dir = join(this.mailDir, mailbox, folder);
      const version = await folderVersion(dir);
      if (!this.db.open || mailboxId === undefined || version === undefined || !this.watches!.watching(key, inodeOf(version))) continue;
      const stored = this.db.prepare('SELECT version FROM folders WHERE mailbox_id = ? AND folder = ?').pluck().get(mailboxId, folder);
      if (stored === version) continue;
      this.watches!.add(key, await this.check.differences(dir, mailboxId, folder));
      this.stats.foldersChecked++;
      await this.refresh();
      // The rows now match the folder as it was listed, and the watch saw every change after that.
      if (this.watches!.watching(key, inodeOf(version)) && this.mailboxIds.get(mailbox) === mailboxId) this.sync.recordVersion(mailboxId, folder, version);
    }
  }

  private dropMailbox(name: string, id: number): SyncResult {
    const rows = (this.db.prepare(`SELECT ${ROW_COLUMNS} FROM messages WHERE mailbox_id = ?`).all(id) as RawRow[]).map((r) => ({ ...r, seen: r.seen === 1 }));
    this.db.transaction(() => {
      for (const row of rows) this.sync.deleteMessage(row.id);
      this.db.prepare('DELETE FROM folders WHERE mailbox_id = ?').run(id);
      this.db.prepare('DELETE FROM mailboxes WHERE id = ?').run(id);
    })();
    this.mailboxIds.delete(name);
    for (const folder of FOLDERS) this.watches?.drop(`${name}/${folder}`);
    return { added: new AddedRows(id, 0), removed: rows, updated: [] };
  }

  /** Puts what the syncs changed into the list order and tells the listeners. */
  private apply(results: SyncResult[]): void {
    const removed = results.flatMap((r) => r.removed);
    const updated = results.flatMap((r) => r.updated);
    this.order.remove(removed.map((r) => r.id));
    for (const { added } of results) this.order.insertColumns(added.mailboxId, added.ids.subarray(0, added.count), added.received.subarray(0, added.count), added.seen.subarray(0, added.count));
    for (const r of updated) this.order.setSeen(r.id, r.seen);
    this.emit({
      added: this.newestAdded(results),
      removed: removed.slice(0, CHANGE_DETAIL).map((r) => this.rowEntry(r)),
      updated: updated.slice(0, CHANGE_DETAIL).map((r) => this.rowEntry(r)),
    });
  }

  /** The entries of the newest CHANGE_DETAIL messages added, newest first; read back from the index file. */
  private newestAdded(results: SyncResult[]): IndexEntry[] {
    const added: { id: number; received: number }[] = [];
    for (const { added: a } of results) {
      for (let i = 0; i < a.count; i++) {
        added.push({ id: a.ids[i]!, received: a.received[i]! });
        if (added.length > 4 * CHANGE_DETAIL) trimNewest(added);
      }
    }
    trimNewest(added);
    return added.map((a) => this.getById(a.id)).filter((e): e is IndexEntry => e !== undefined);
  }

  private rowEntry(r: MessageRow): IndexEntry {
    const mailbox = this.mailboxNames.get(r.mailboxId) ?? '';
    return { id: r.id, key: `${mailbox}/${r.uniq}`, mailbox, unique: r.uniq, folder: r.folder, fileName: r.fileName, seen: r.seen, receivedMs: r.received };
  }
}

/** Sorts newest first and keeps CHANGE_DETAIL. */
function trimNewest(rows: { id: number; received: number }[]): void {
  rows.sort((a, b) => b.received - a.received || b.id - a.id);
  rows.length = Math.min(rows.length, CHANGE_DETAIL);
}

interface RawRow {
  id: number;
  mailboxId: number;
  uniq: string;
  folder: Folder;
  fileName: string;
  received: number;
  seen: number;
}
