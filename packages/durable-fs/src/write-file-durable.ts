/** @module Crash-safe whole-file writes. */
import { open, rename, mkdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** fsyncs a directory so that a rename or a new entry in it survives a power loss. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates a directory (and its parents) if it does not exist. */
export async function ensureDir(dir: string, mode = 0o755): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
}

export interface DurableWriteOptions {
  /** File mode of the new file (default 0o644). */
  mode?: number;
  /** Directory for the temporary file (default: beside the target, same filesystem). */
  tmpDir?: string;
}

/**
 * Writes `data` to `path` atomically and durably: the content goes to a temporary file that is
 * fsynced and renamed over `path`, then the directory is fsynced. Readers see the old or the new
 * file, never a part of one.
 */
export async function writeFileDurable(
  path: string,
  data: string | Uint8Array,
  options: DurableWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const tmpDir = options.tmpDir ?? dir;
  const tmp = join(tmpDir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w', options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dir);
}
