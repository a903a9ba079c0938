/**
 * @module Watches the new/ and cur/ folders of the mailboxes (inotify on Linux) and collects the names
 * it reports, so that a look at the store applies just those instead of listing the folder again.
 * A watch that fails, reports no name or stops is dropped; its folder is then listed as before.
 */
import { watch, type FSWatcher } from 'node:fs';

/** One folder's watch and the names it reported since they were last taken. */
interface Watched {
  watcher: FSWatcher;
  /** The inode of the directory watched: a folder replaced by another is watched again. */
  inode: string;
  names: Set<string>;
  /** False once the watch can no longer be trusted (an error, an event without a name, the folder went). */
  sound: boolean;
}

/** The watches of all folders, by `<mailbox>/<folder>`. */
export class FolderWatches {
  private readonly watched = new Map<string, Watched>();
  private closed = false;

  /**
   * Starts watching a folder (a real directory of that inode); false when the file system cannot watch
   * it. Call before the listing it stands in for, so no change between the two is missed.
   */
  open(key: string, dir: string, inode: string): boolean {
    this.drop(key);
    if (this.closed) return false;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false });
    } catch {
      return false; // no inotify here, or out of watches: this folder is listed as before
    }
    const entry: Watched = { watcher, inode, names: new Set(), sound: true };
    watcher.on('change', (type, name) => {
      if (typeof name !== 'string' || name === '') entry.sound = false;
      else if (type === 'rename') entry.names.add(name); // created, removed or renamed; 'change' is only content
    });
    watcher.on('error', () => (entry.sound = false));
    watcher.on('close', () => (entry.sound = false));
    this.watched.set(key, entry);
    return true;
  }

  /** Whether a sound watch of this very directory runs. */
  watching(key: string, inode: string): boolean {
    const entry = this.watched.get(key);
    return entry !== undefined && entry.sound && entry.inode === inode;
  }

  /** Whether names were reported for a folder since they were last taken. */
  pending(key: string): boolean {
    return (this.watched.get(key)?.names.size ?? 0) > 0;
  }

  /** The names reported for a folder since the last call; they are the caller's to apply. */
  take(key: string): string[] {
    const entry = this.watched.get(key);
    if (!entry || entry.names.size === 0) return [];
    const names = [...entry.names];
    entry.names.clear();
    return names;
  }

  /** Adds names to be looked at as if the watch had reported them (from a check of the whole folder). */
  add(key: string, names: Iterable<string>): void {
    const entry = this.watched.get(key);
    if (entry) for (const name of names) entry.names.add(name);
  }

  /** The keys of the folders watched soundly. */
  keys(): string[] {
    return [...this.watched].filter(([, e]) => e.sound).map(([key]) => key);
  }

  /** Stops watching a folder. */
  drop(key: string): void {
    const entry = this.watched.get(key);
    if (!entry) return;
    this.watched.delete(key);
    entry.watcher.close();
  }

  /** Stops every watch. */
  close(): void {
    this.closed = true;
    for (const key of [...this.watched.keys()]) this.drop(key);
  }
}
