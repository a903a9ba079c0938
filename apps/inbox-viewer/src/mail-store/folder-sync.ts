/**
 * @module Brings the index rows of one mailbox in line with a fresh listing of its changed folders:
 * names that appeared are added, names that went are removed, a message that moved between new/ and
 * cur/ (or changed flags) keeps its row. Written in small transactions, yielding between them.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { BulkInsert, type NewRows } from './bulk-insert.js';
import type { IndexDb } from './index-db.js';
import { deliverySecondsMs, infoOf, isSeen, listFolderNames, parseFileName, type Folder } from './maildir-scan.js';

/** One message row as the index keeps it. */
export interface MessageRow {
  id: number;
  mailboxId: number;
  uniq: string;
  folder: Folder;
  fileName: string;
  received: number;
  seen: boolean;
}

/**
 * Messages a sync added, as typed columns of known size: a first sync of a big Maildir adds a million,
 * and an object per message (or arrays that grow by copying) would cost more memory than the viewer may use.
 */
export class AddedRows {
  readonly ids: Int32Array;
  readonly received: Float64Array;
  readonly seen: Uint8Array;
  count = 0;

  constructor(
    readonly mailboxId: number,
    capacity: number,
  ) {
    this.ids = new Int32Array(capacity);
    this.received = new Float64Array(capacity);
    this.seen = new Uint8Array(capacity);
  }

  push(id: number, received: number, seen: boolean): void {
    this.ids[this.count] = id;
    this.received[this.count] = received;
    this.seen[this.count++] = seen ? 1 : 0;
  }
}

/** What a sync changed. */
export interface SyncResult {
  added: AddedRows;
  removed: MessageRow[];
  updated: MessageRow[];
}

const CHUNK = 2000;
/** Rows per transaction when an empty index is filled: the event loop is not serving anyone yet. */
const BULK_CHUNK = 20_000;
/** An empty index gets at least this many rows at once: many rows per statement, without waiting for the disk. */
export const BULK_MIN = 1000;
const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

interface Known {
  id: number;
  uniq: string;
  folder: Folder;
  fileName: string;
  received: number;
}


const TWO_21 = 2 ** 21;

/**
 * The positions of `received` in time order. Up to 2^21 rows, a native sort of numbers that hold the
 * second and the position (exact in a double), many times cheaper than a sort with a comparator.
 */
export function timeOrder(received: readonly number[]): Uint32Array {
  const n = received.length;
  if (n >= TWO_21) return Uint32Array.from(received.keys()).sort((a, b) => received[a]! - received[b]! || a - b);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = Math.min(Math.max(Math.floor(received[i]! / 1000), 0), 2 ** 31) * TWO_21 + i;
  keys.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i]! % TWO_21;
  return order;
}

/** Statements a sync uses, prepared once per database. */
export class FolderSync {
  private readonly rowsOfFolder;
  private readonly insertRow;
  private readonly isEmpty;
  private readonly hasRows;
  private readonly rowOfUniq;
  private readonly moveRow;
  private readonly deleteRow;
  private readonly deleteText;
  private readonly setVersion;
  private readonly dropVersion;
  private readonly bulkInsert;

  constructor(private readonly db: IndexDb) {
    this.rowsOfFolder = db.prepare('SELECT id, uniq, folder, uniq || info AS fileName, received FROM messages WHERE mailbox_id = ? AND folder = ?');
    this.insertRow = db.prepare('INSERT OR IGNORE INTO messages (mailbox_id, uniq, folder, info, received, seen) VALUES (?, ?, ?, ?, ?, ?)');
    this.isEmpty = db.prepare('SELECT 1 FROM messages LIMIT 1').pluck();
    this.hasRows = db.prepare('SELECT 1 FROM messages WHERE mailbox_id = ? AND folder = ? LIMIT 1').pluck();
    this.rowOfUniq = db.prepare('SELECT id, uniq, folder, uniq || info AS fileName, received FROM messages WHERE mailbox_id = ? AND uniq = ?');
    this.moveRow = db.prepare('UPDATE messages SET folder = ?, info = ?, seen = ?, indexed = CASE indexed WHEN 2 THEN 0 ELSE indexed END WHERE id = ?');
    this.deleteRow = db.prepare('DELETE FROM messages WHERE id = ? RETURNING indexed');
    this.deleteText = db.prepare('DELETE FROM search_text WHERE rowid = ?');
    this.setVersion = db.prepare('INSERT INTO folders (mailbox_id, folder, version) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET version = excluded.version');
    this.dropVersion = db.prepare('DELETE FROM folders WHERE mailbox_id = ? AND folder = ?');
    this.bulkInsert = new BulkInsert(db);
  }

  /** Deletes the rows of a message (and its search text). */
  deleteMessage(id: number): boolean {
    const gone = this.deleteRow.get(id) as { indexed: number } | undefined;
    if (gone?.indexed === 1) this.deleteText.run(id);
    return gone !== undefined;
  }

  /** Records where a message is now, after this process renamed it. */
  recordMove(id: number, folder: Folder, fileName: string): void {
    this.moveRow.run(folder, infoOf(fileName), isSeen(folder, fileName) ? 1 : 0, id);
  }

  /** Records the version of a folder whose rows are known to match its files as of that version. */
  recordVersion(mailboxId: number, folder: Folder, version: string): void {
    this.setVersion.run(mailboxId, folder, version);
  }

  /**
   * Lists the given folders of a mailbox (each with the version taken before its listing) and applies
   * the differences; `version` undefined means the folder is gone.
   */
  async sync(mailDir: string, mailbox: string, mailboxId: number, changed: { folder: Folder; version: string | undefined }[]): Promise<SyncResult> {
    const result: SyncResult = { added: new AddedRows(mailboxId, 0), removed: [], updated: [] };
    const fresh: { folder: Folder; names: string[] }[] = [];
    const missing = new Map<string, Known>();
    for (const { folder, version } of changed) {
      const listed = version === undefined ? [] : await listFolderNames(join(mailDir, mailbox, folder));
      if (this.hasRows.get(mailboxId, folder) === undefined) {
        fresh.push({ folder, names: listed }); // nothing to compare with (a first start): no set of a million names
      } else {
        const names = new Set(listed);
        listed.length = 0;
        for (const row of this.rowsOfFolder.iterate(mailboxId, folder) as IterableIterator<Known>) {
          if (!names.delete(row.fileName)) missing.set(row.uniq, row);
        }
        fresh.push({ folder, names: [...names] });
      }
      await yieldToRequests();
    }
    const toInsert: NewRows = { folders: [], names: [], received: [] };
    for (const { folder, names } of fresh) {
      for (const name of names) {
        const { unique } = parseFileName(name);
        const moved = missing.size > 0 ? missing.get(unique) : undefined;
        if (moved) {
          missing.delete(unique);
          this.moveRow.run(folder, infoOf(name), isSeen(folder, name) ? 1 : 0, moved.id);
          result.updated.push({ id: moved.id, mailboxId, uniq: unique, folder, fileName: name, received: moved.received, seen: isSeen(folder, name) });
        } else {
          toInsert.folders.push(folder);
          toInsert.names.push(name);
          toInsert.received.push(deliverySecondsMs(name) ?? NaN);
        }
      }
      names.length = 0;
    }
    await this.dateOddNames(mailDir, mailbox, toInsert);
    await this.insertAll(mailboxId, toInsert, result);
    const gone = [...missing.values()];
    for (let i = 0; i < gone.length; i += CHUNK) {
      this.db.transaction(() => {
        for (const row of gone.slice(i, i + CHUNK)) if (this.deleteMessage(row.id)) result.removed.push({ ...row, mailboxId, seen: false });
      })();
      await yieldToRequests();
    }
    for (const { folder, version } of changed) {
      if (version === undefined) this.dropVersion.run(mailboxId, folder);
      else this.setVersion.run(mailboxId, folder, version);
    }
    return result;
  }

  /**
   * Inserts new rows in chunks, oldest first (Maildir names start with the delivery time, so the
   * (mailbox_id, uniq) index fills in order). An empty index is filled in big chunks of many rows per
   * statement, without waiting for the disk: a crash there leaves a damaged index, which is rebuilt, or
   * a part of the rows without the folder versions, which the next look completes.
   */
  private async insertAll(mailboxId: number, rows: NewRows, result: SyncResult): Promise<void> {
    const n = rows.names.length;
    const bulk = n >= BULK_MIN && this.isEmpty.get() === undefined;
    const chunk = bulk ? BULK_CHUNK : CHUNK;
    const order = timeOrder(rows.received);
    const added = new AddedRows(mailboxId, n);
    result.added = added;
    if (bulk) this.db.pragma('synchronous = OFF');
    try {
      for (let i = 0; i < n; i += chunk) {
        const end = Math.min(n, i + chunk);
        this.db.transaction(() => {
          if (bulk) {
            const insertOne = (k: number) => this.insert(mailboxId, rows.folders[k]!, rows.names[k]!, rows.received[k]!, result);
            this.bulkInsert.insert(mailboxId, rows, order, i, end, (id, k, seen) => added.push(id, rows.received[k]!, seen), insertOne);
          } else {
            for (let j = i; j < end; j++) this.insert(mailboxId, rows.folders[order[j]!]!, rows.names[order[j]!]!, rows.received[order[j]!]!, result);
          }
        })();
        for (let j = i; j < end; j++) rows.names[order[j]!] = ''; // its memory can go
        await yieldToRequests();
      }
    } finally {
      if (bulk) this.db.pragma('synchronous = NORMAL');
    }
  }

  private insert(mailboxId: number, folder: Folder, name: string, received: number, result: SyncResult): void {
    const seen = isSeen(folder, name);
    const unique = parseFileName(name).unique;
    const { changes, lastInsertRowid } = this.insertRow.run(mailboxId, unique, folder, infoOf(name), received, seen ? 1 : 0);
    if (changes === 1) {
      result.added.push(Number(lastInsertRowid), received, seen);
      return;
    }
    // The same message is also in a folder that did not change: a copy mid-rename. The cur/ copy counts.
    const other = this.rowOfUniq.get(mailboxId, unique) as Known | undefined;
    if (!other || other.folder === 'cur' || folder !== 'cur') return;
    this.moveRow.run(folder, infoOf(name), seen ? 1 : 0, other.id);
    result.updated.push({ id: other.id, mailboxId, uniq: unique, folder, fileName: name, received: other.received, seen });
  }

  /** Names that do not start with the delivery seconds are dated by their mtime. */
  private async dateOddNames(mailDir: string, mailbox: string, rows: NewRows): Promise<void> {
    const odd: number[] = [];
    for (let i = 0; i < rows.received.length; i++) if (Number.isNaN(rows.received[i])) odd.push(i);
    for (let i = 0; i < odd.length; i += 64) {
      await Promise.all(
        odd.slice(i, i + 64).map(async (k) => {
          const path = join(mailDir, mailbox, rows.folders[k]!, rows.names[k]!);
          rows.received[k] = await lstat(path).then((s) => Math.floor(s.mtimeMs), () => Date.now());
        }),
      );
    }
  }
}
