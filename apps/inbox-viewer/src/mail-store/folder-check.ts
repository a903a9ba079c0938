/**
 * @module The safety net behind the folder watches: lists a whole folder in the background and names
 * every file the index has otherwise (a change a watch missed). It only reads, a slice at a time; the
 * names it finds are applied like the ones a watch reports, each looked at again.
 */
import type { IndexDb } from './index-db.js';
import { listFolderNames, type Folder } from './maildir-scan.js';

/** Names put in the set or rows compared before requests get a turn (a few milliseconds). */
const SLICE = 2000;
const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

/** Compares folders with their index rows. */
export class FolderCheck {
  private readonly rowsAfter;

  constructor(db: IndexDb) {
    // `+mailbox_id`: a walk along the row ids from where the last slice ended, not the mailbox's rows sorted at every slice.
    this.rowsAfter = db.prepare('SELECT id, uniq || info FROM messages WHERE id > ? AND +mailbox_id = ? AND folder = ? ORDER BY id LIMIT ?').raw();
  }

  /** The names that are in the folder without a row, or in a row without their file. */
  async differences(dir: string, mailboxId: number, folder: Folder): Promise<string[]> {
    const listed = await listFolderNames(dir);
    const names = new Set<string>();
    for (let i = 0; i < listed.length; i += SLICE) {
      for (let j = i; j < Math.min(listed.length, i + SLICE); j++) names.add(listed[j]!);
      await yieldToRequests();
    }
    listed.length = 0;
    const differ: string[] = [];
    for (let after = 0; ; await yieldToRequests()) {
      const rows = this.rowsAfter.all(after, mailboxId, folder, SLICE) as [number, string][];
      if (rows.length === 0) break;
      for (const [, name] of rows) if (!names.delete(name)) differ.push(name);
      after = rows[rows.length - 1]![0];
    }
    for (const name of names) differ.push(name);
    return differ;
  }
}
