/** @module Enumerates Maildir mailboxes and message files: <mailDir>/<mailbox>/{new,cur}/<unique>[:2,FLAGS]. */
import { lstat, readdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { isPlainName } from './message-id.js';

/** One message file found in a mailbox. */
export interface MaildirFile {
  mailbox: string;
  folder: 'new' | 'cur';
  fileName: string;
  /** The file name without the `:2,FLAGS` info; stable when flags change. */
  unique: string;
  seen: boolean;
  path: string;
  size: number;
  mtimeMs: number;
  /** Delivery time in ms: the seconds at the start of the file name, else the mtime. */
  receivedMs: number;
}

const FOLDERS = ['new', 'cur'] as const;
const BATCH = 64;

async function readNames(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && !e.name.startsWith('.') && isPlainName(e.name)).map((e) => e.name);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}

/** The mailbox directories under the mail root (real directories only, sorted by name). */
export async function listMailboxes(mailDir: string): Promise<string[]> {
  try {
    const entries = await readdir(mailDir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && isPlainName(e.name))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Splits a Maildir file name into its unique part and the `S` (seen) flag of its `:2,` info. */
export function parseFileName(fileName: string): { unique: string; flags: string } {
  const colon = fileName.indexOf(':');
  if (colon < 0) return { unique: fileName, flags: '' };
  const info = fileName.slice(colon + 1);
  return { unique: fileName.slice(0, colon), flags: info.startsWith('2,') ? info.slice(2) : '' };
}

async function describe(mailDir: string, mailbox: string, folder: 'new' | 'cur', fileName: string): Promise<MaildirFile | undefined> {
  const root = resolve(mailDir);
  const path = join(root, mailbox, folder, fileName);
  if (!path.startsWith(root + sep)) return undefined;
  let stats;
  try {
    stats = await lstat(path);
  } catch {
    return undefined; // moved or removed since the directory was read
  }
  if (!stats.isFile()) return undefined;
  const { unique, flags } = parseFileName(fileName);
  const seconds = /^(\d{9,11})\./.exec(fileName)?.[1];
  return {
    mailbox,
    folder,
    fileName,
    unique,
    seen: folder === 'cur' && flags.includes('S'),
    path,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    receivedMs: seconds ? Number(seconds) * 1000 : stats.mtimeMs,
  };
}

/** Every message file of one mailbox; a name seen in both new/ and cur/ (mid-rename) is kept once. */
export async function scanMailbox(mailDir: string, mailbox: string, only?: (unique: string) => boolean): Promise<MaildirFile[]> {
  const byUnique = new Map<string, MaildirFile>();
  for (const folder of FOLDERS) {
    const names = (await readNames(join(mailDir, mailbox, folder))).filter((n) => !only || only(parseFileName(n).unique));
    for (let i = 0; i < names.length; i += BATCH) {
      const files = await Promise.all(names.slice(i, i + BATCH).map((n) => describe(mailDir, mailbox, folder, n)));
      for (const file of files) if (file) byUnique.set(file.unique, file);
    }
  }
  return [...byUnique.values()];
}
