/**
 * @module The on-disk mail index (`<dataDir>/index/mail-index.sqlite`, SQLite with FTS5): one row per
 * Maildir file, the version of every folder last listed, and the search text. The Maildir stays the
 * store of record; this file can be deleted at any time and is rebuilt from it.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Bumped whenever the tables below change; an index of another version is rebuilt. */
const SCHEMA_VERSION = '2';
export const INDEX_FILE = 'mail-index.sqlite';

/**
 * Kept small, since a first start fills a million rows: the file name is `uniq` followed by `info`
 * (its `:2,FLAGS`, empty in new/), and besides the unique index there are only two partial ones, which
 * fill in delivery order at no extra sort (the list order is kept in memory, see message-order.ts).
 */
const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE mailboxes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE folders (mailbox_id INTEGER NOT NULL, folder TEXT NOT NULL, version TEXT NOT NULL, PRIMARY KEY (mailbox_id, folder));
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  mailbox_id INTEGER NOT NULL,
  uniq TEXT NOT NULL,
  folder TEXT NOT NULL,
  info TEXT NOT NULL,
  received INTEGER NOT NULL,
  seen INTEGER NOT NULL,
  -- 0: search text not read yet; 1: read; 2: the file could not be read
  indexed INTEGER NOT NULL DEFAULT 0,
  event_id TEXT,
  UNIQUE (mailbox_id, uniq)
);
CREATE INDEX messages_to_read ON messages (id) WHERE indexed = 0;
CREATE INDEX messages_by_event ON messages (event_id) WHERE event_id IS NOT NULL;
CREATE VIRTUAL TABLE search_text USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
`;

export type IndexDb = Database.Database;

function create(path: string): IndexDb {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -16000');
  const version = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get()
    ? (db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get() as string | undefined)
    : undefined;
  if (version === undefined && db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() === 0) {
    db.exec(SCHEMA);
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
    return db;
  }
  if (version !== SCHEMA_VERSION) {
    db.close();
    throw new Error(`it has schema version ${version ?? 'none'}, this viewer writes version ${SCHEMA_VERSION}`);
  }
  const check = db.pragma('quick_check(1)', { simple: true });
  if (check !== 'ok') {
    db.close();
    throw new Error(`quick_check: ${String(check)}`);
  }
  return db;
}

function removeFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Opens (or creates) the index in `indexDir`. A damaged index, or one of another version, is deleted
 * and made anew with a warning; when the directory cannot be written, the index lives in memory.
 */
export function openIndexDb(indexDir: string, warn: (line: string) => void): IndexDb {
  const path = join(indexDir, INDEX_FILE);
  try {
    mkdirSync(indexDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    warn(`viewer: cannot make the mail index directory ${indexDir} (${(err as Error).message}); keeping the index in memory, rebuilt at every start`);
    return create(':memory:');
  }
  try {
    return create(path);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'EACCES') {
      warn(`viewer: cannot write the mail index ${path} (${(err as Error).message}); keeping the index in memory, rebuilt at every start`);
      return create(':memory:');
    }
    warn(`viewer: the mail index ${path} is damaged or unreadable (${(err as Error).message}); rebuilding it from the Maildir`);
    removeFiles(path);
    return create(path);
  }
}
