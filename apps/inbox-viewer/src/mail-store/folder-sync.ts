/**
 * @module Brings the index rows of one mailbox in line with a fresh listing of its changed folders:
 * names that appeared are added, names that went are removed, a message that moved between new/ and
 * cur/ (or changed flags) keeps its row. Written in small transactions, yielding between them.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { dropSecondaryIndexes, makeSecondaryIndexes, type IndexDb } from './index-db.js';
import { deliverySecondsMs, isSeen, listFolderNames, parseFileName, type Folder } from './maildir-scan.js';

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
 * Messages a sync added, as columns: a first sync of a big Maildir adds a million, and one object
 * per message would cost more memory than the viewer may use.
 */
export interface AddedRows {
  mailboxId: number;
  ids: number[];
  received: number[];
  seen: boolean[];
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
/** An empty index gets at least this many rows at once: its secondary indexes are made after them. */
export const BULK_MIN = 1000;
const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

interface Known {
  id: number;
  uniq: string;
  folder: Folder;
  fileName: string;
  received: number;
}

/** A file name to add, with what the sync learned of it. */
interface ToInsert {
  folder: Folder;
  name: string;
  received: number;
}

/** Statements a sync uses, prepared once per database. */
export class FolderSync {
  private readonly rowsOfFolder;
  private readonly insertRow;
  private readonly isEmpty;
  private readonly rowOfUniq;
  private readonly moveRow;
  private readonly deleteRow;
  private readonly deleteText;
  private readonly setVersion;
  private readonly dropVersion;

  constructor(private readonly db: IndexDb) {
    this.rowsOfFolder = db.prepare('SELECT id, uniq, folder, file_name AS fileName, received FROM messages WHERE mailbox_id = ? AND folder = ?');
    this.insertRow = db.prepare('INSERT OR IGNORE INTO messages (mailbox_id, uniq, folder, file_name, received, seen) VALUES (?, ?, ?, ?, ?, ?)');
    this.isEmpty = db.prepare('SELECT 1 FROM messages LIMIT 1').pluck();
    this.rowOfUniq = db.prepare('SELECT id, uniq, folder, file_name AS fileName, received FROM messages WHERE mailbox_id = ? AND uniq = ?');
    this.moveRow = db.prepare('UPDATE messages SET folder = ?, file_name = ?, seen = ?, indexed = CASE indexed WHEN 2 THEN 0 ELSE indexed END WHERE id = ?');
    this.deleteRow = db.prepare('DELETE FROM messages WHERE id = ? RETURNING indexed');
    this.deleteText = db.prepare('DELETE FROM search_text WHERE rowid = ?');
    this.setVersion = db.prepare('INSERT INTO folders (mailbox_id, folder, version) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET version = excluded.version');
    this.dropVersion = db.prepare('DELETE FROM folders WHERE mailbox_id = ? AND folder = ?');
  }

  /** Deletes the rows of a message (and its search text). */
  deleteMessage(id: number): boolean {
    const gone = this.deleteRow.get(id) as { indexed: number } | undefined;
    if (gone?.indexed === 1) this.deleteText.run(id);
    return gone !== undefined;
  }

  /** Records where a message is now, after this process renamed it. */
  recordMove(id: number, folder: Folder, fileName: string): void {
    this.moveRow.run(folder, fileName, isSeen(folder, fileName) ? 1 : 0, id);
  }

  /**
   * Lists the given folders of a mailbox (each with the version taken before its listing) and applies
   * the differences; `version` undefined means the folder is gone.
   */
  async sync(mailDir: string, mailbox: string, mailboxId: number, changed: { folder: Folder; version: string | undefined }[]): Promise<SyncResult> {
    const result: SyncResult = { added: { mailboxId, ids: [], received: [], seen: [] }, removed: [], updated: [] };
    const fresh: { folder: Folder; names: string[] }[] = [];
    const missing = new Map<string, Known>();
    for (const { folder, version } of changed) {
      const names = version === undefined ? new Set<string>() : await listFolderNames(join(mailDir, mailbox, folder));
      for (const row of this.rowsOfFolder.iterate(mailboxId, folder) as IterableIterator<Known>) {
        if (!names.delete(row.fileName)) missing.set(row.uniq, row);
      }
      // Sorted names go into the (mailbox_id, uniq) index in order, several times faster than in listing order.
      fresh.push({ folder, names: [...names].sort() });
      await yieldToRequests();
    }
    const toInsert: ToInsert[] = [];
    for (const { folder, names } of fresh) {
      for (const name of names) {
        const { unique } = parseFileName(name);
        const moved = missing.size > 0 ? missing.get(unique) : undefined;
        if (moved) {
          missing.delete(unique);
          this.moveRow.run(folder, name, isSeen(folder, name) ? 1 : 0, moved.id);
          result.updated.push({ id: moved.id, mailboxId, uniq: unique, folder, fileName: name, received: moved.received, seen: isSeen(folder, name) });
        } else toInsert.push({ folder, name, received: deliverySecondsMs(name) ?? NaN });
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

  /** Inserts new rows in chunks; into an empty index in big ones, with its secondary indexes made afterwards. */
  private async insertAll(mailboxId: number, rows: ToInsert[], result: SyncResult): Promise<void> {
    const bulk = rows.length >= BULK_MIN && this.isEmpty.get() === undefined;
    const chunk = bulk ? BULK_CHUNK : CHUNK;
    if (bulk) dropSecondaryIndexes(this.db);
    try {
      for (let i = 0; i < rows.length; i += chunk) {
        this.db.transaction(() => {
          for (let j = i; j < Math.min(rows.length, i + chunk); j++) this.insert(mailboxId, rows[j]!, result);
        })();
        await yieldToRequests();
      }
    } finally {
      if (bulk) makeSecondaryIndexes(this.db);
    }
  }

  private insert(mailboxId: number, m: ToInsert, result: SyncResult): void {
    const seen = isSeen(m.folder, m.name);
    const unique = parseFileName(m.name).unique;
    const { changes, lastInsertRowid } = this.insertRow.run(mailboxId, unique, m.folder, m.name, m.received, seen ? 1 : 0);
    if (changes === 1) {
      result.added.ids.push(Number(lastInsertRowid));
      result.added.received.push(m.received);
      result.added.seen.push(seen);
      return;
    }
    // The same message is also in a folder that did not change: a copy mid-rename. The cur/ copy counts.
    const other = this.rowOfUniq.get(mailboxId, unique) as Known | undefined;
    if (!other || other.folder === 'cur' || m.folder !== 'cur') return;
    this.moveRow.run(m.folder, m.name, seen ? 1 : 0, other.id);
    result.updated.push({ id: other.id, mailboxId, uniq: unique, folder: m.folder, fileName: m.name, received: other.received, seen });
  }

  /** Names that do not start with the delivery seconds are dated by their mtime. */
  private async dateOddNames(mailDir: string, mailbox: string, rows: ToInsert[]): Promise<void> {
    const odd = rows.filter((r) => Number.isNaN(r.received));
    for (let i = 0; i < odd.length; i += 64) {
      await Promise.all(
        odd.slice(i, i + 64).map(async (row) => {
          row.received = await lstat(join(mailDir, mailbox, row.folder, row.name)).then((s) => Math.floor(s.mtimeMs), () => Date.now());
        }),
      );
    }
  }
}
