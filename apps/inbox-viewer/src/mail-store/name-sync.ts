/**
 * @module Applies a few names of one folder, as a watch reported them, to the index rows: each file is
 * looked at, and its row added, moved (between new/ and cur/, or new flags) or removed. The work is
 * proportional to the names, not to the folder.
 */
import { lstatSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { AddedRows, type FolderSync, type MessageRow, type SyncResult } from './folder-sync.js';
import type { IndexDb } from './index-db.js';
import { deliverySecondsMs, infoOf, isSeen, parseFileName, type Folder } from './maildir-scan.js';
import { isPlainName } from './message-id.js';

interface Row {
  id: number;
  uniq: string;
  folder: Folder;
  fileName: string;
  received: number;
}

/** The file at a path when it is a regular file; undefined when it is gone or something else. */
function fileAt(path: string): Stats | undefined {
  try {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    return stats?.isFile() ? stats : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Names applied per transaction. */
const CHUNK = 2000;

/** Calls `run` with a CHUNK of the items at a time, giving other work a turn between chunks. */
async function inChunks<T>(items: T[], run: (some: T[]) => void): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    run(items.slice(i, i + CHUNK));
  }
}

/** Statements that apply reported names, prepared once per database. */
export class NameSync {
  private readonly rowOfUniq;
  private readonly insertRow;

  constructor(
    private readonly db: IndexDb,
    private readonly sync: FolderSync,
  ) {
    this.rowOfUniq = db.prepare('SELECT id, uniq, folder, uniq || info AS fileName, received FROM messages WHERE mailbox_id = ? AND uniq = ?');
    this.insertRow = db.prepare('INSERT INTO messages (mailbox_id, uniq, folder, info, received, seen) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /**
   * Applies the names reported for the folders of one mailbox: the files there first, then the names
   * gone, so that a rename (both of its names reported) moves the row instead of removing it and adding
   * another. Give cur/ first: of a copy mid-rename, the one in cur/ counts. Many names (a burst while
   * nobody asked) go in transactions of CHUNK, with a turn for other work between them.
   */
  async apply(mailDir: string, mailbox: string, mailboxId: number, reported: { folder: Folder; names: string[] }[]): Promise<SyncResult> {
    const all = reported.flatMap(({ folder, names }) => names.filter((name) => !name.startsWith('.') && isPlainName(name)).map((name) => ({ folder, name })));
    const result: SyncResult = { added: new AddedRows(mailboxId, all.length), removed: [], updated: [] };
    const gone: { folder: Folder; name: string }[] = [];
    await inChunks(all, (some) =>
      this.db.transaction(() => {
        for (const { folder, name } of some) {
          const stats = fileAt(join(mailDir, mailbox, folder, name));
          if (stats) this.present(mailDir, mailbox, mailboxId, folder, name, stats, result);
          else gone.push({ folder, name });
        }
      })(),
    );
    await inChunks(gone, (some) => this.db.transaction(() => some.forEach(({ folder, name }) => this.absent(mailboxId, folder, name, result)))());
    return result;
  }

  private absent(mailboxId: number, folder: Folder, name: string, result: SyncResult): void {
    const row = this.rowOfUniq.get(mailboxId, parseFileName(name).unique) as Row | undefined;
    if (!row || row.folder !== folder || row.fileName !== name) return; // its row is elsewhere already, or it never had one
    if (this.sync.deleteMessage(row.id)) result.removed.push(this.rowOf(row, mailboxId, false));
  }

  private present(mailDir: string, mailbox: string, mailboxId: number, folder: Folder, name: string, stats: Stats, result: SyncResult): void {
    const uniq = parseFileName(name).unique;
    const row = this.rowOfUniq.get(mailboxId, uniq) as Row | undefined;
    if (row && row.folder === folder && row.fileName === name) return;
    const seen = isSeen(folder, name);
    if (!row) {
      const received = deliverySecondsMs(name) ?? Math.floor(stats.mtimeMs);
      const { lastInsertRowid } = this.insertRow.run(mailboxId, uniq, folder, infoOf(name), received, seen ? 1 : 0);
      result.added.push(Number(lastInsertRowid), received, seen);
      return;
    }
    // The same message under another name: moved, or a copy mid-rename, of which the cur/ one counts.
    if (row.folder === 'cur' && folder === 'new' && fileAt(join(mailDir, mailbox, row.folder, row.fileName))) return;
    this.sync.recordMove(row.id, folder, name);
    result.updated.push(this.rowOf({ ...row, folder, fileName: name }, mailboxId, seen));
  }

  private rowOf(row: Row, mailboxId: number, seen: boolean): MessageRow {
    return { id: row.id, mailboxId, uniq: row.uniq, folder: row.folder, fileName: row.fileName, received: row.received, seen };
  }
}
