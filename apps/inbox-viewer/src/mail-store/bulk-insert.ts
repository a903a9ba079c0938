/**
 * @module Fills an empty index at a first start: a hundred rows per INSERT statement, their row ids
 * given in delivery order, so that a million messages cost a few seconds instead of a million calls.
 */
import type { IndexDb } from './index-db.js';
import { infoOf, isSeen, parseFileName, type Folder } from './maildir-scan.js';

const ROWS_PER_STATEMENT = 100;
const COLUMNS = 7;
const INSERT = 'INSERT OR IGNORE INTO messages (id, mailbox_id, uniq, folder, info, received, seen) VALUES ';

/** File names to add, with their folder and delivery time, as columns. */
export interface NewRows {
  folders: Folder[];
  names: string[];
  received: number[];
}

/** Called with the position in NewRows of a row that went in, or of one that did not. */
type Added = (id: number, k: number, seen: boolean) => void;
type Skipped = (k: number) => void;

/** Inserts rows with the row ids that follow the highest one; tells which went in. */
export class BulkInsert {
  private readonly many;
  private readonly one;
  private readonly nextId;
  private readonly uniqOf;
  private readonly args = new Array<string | number>(ROWS_PER_STATEMENT * COLUMNS);

  constructor(db: IndexDb) {
    this.many = db.prepare(INSERT + Array.from({ length: ROWS_PER_STATEMENT }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', '));
    this.one = db.prepare(`${INSERT}(?, ?, ?, ?, ?, ?, ?)`);
    this.nextId = db.prepare('SELECT coalesce(max(id), 0) + 1 FROM messages').pluck();
    this.uniqOf = db.prepare('SELECT uniq FROM messages WHERE id = ?').pluck();
  }

  /**
   * Inserts the rows at `order[from]` to `order[to - 1]` in that order (call inside a transaction);
   * `added` is told of each row that went in, `skipped` of each that did not (a row of the same name
   * was there, or its id was taken). No object is made per row: a million would outlive the young heap.
   */
  insert(mailboxId: number, rows: NewRows, order: Uint32Array, from: number, to: number, added: Added, skipped: Skipped): void {
    const first = (this.nextId.get() as number) - from;
    let at = from;
    for (; at + ROWS_PER_STATEMENT <= to; at += ROWS_PER_STATEMENT) {
      for (let j = 0; j < ROWS_PER_STATEMENT; j++) this.put(j * COLUMNS, first + at + j, mailboxId, rows, order[at + j]!);
      if (this.many.run(this.args).changes === ROWS_PER_STATEMENT) {
        for (let j = 0; j < ROWS_PER_STATEMENT; j++) added(first + at + j, order[at + j]!, this.args[j * COLUMNS + 6] === 1);
      } else {
        for (let j = 0; j < ROWS_PER_STATEMENT; j++) this.check(first + at + j, rows, order[at + j]!, added, skipped);
      }
    }
    for (; at < to; at++) {
      this.put(0, first + at, mailboxId, rows, order[at]!);
      if (this.one.run(this.args.slice(0, COLUMNS)).changes === 1) added(first + at, order[at]!, this.args[6] === 1);
      else skipped(order[at]!);
    }
  }

  private put(offset: number, id: number, mailboxId: number, rows: NewRows, k: number): void {
    const { args } = this;
    const name = rows.names[k]!;
    args[offset] = id;
    args[offset + 1] = mailboxId;
    args[offset + 2] = parseFileName(name).unique;
    args[offset + 3] = rows.folders[k]!;
    args[offset + 4] = infoOf(name);
    args[offset + 5] = rows.received[k]!;
    args[offset + 6] = isSeen(rows.folders[k]!, name) ? 1 : 0;
  }

  /** After a statement that did not insert all its rows: whether this one is in, by its id. */
  private check(id: number, rows: NewRows, k: number, added: Added, skipped: Skipped): void {
    const name = rows.names[k]!;
    if (this.uniqOf.get(id) === parseFileName(name).unique) added(id, k, isSeen(rows.folders[k]!, name));
    else skipped(k);
  }
}
