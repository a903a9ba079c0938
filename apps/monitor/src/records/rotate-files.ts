/** @module Rotation by renaming, as logrotate does: `name` -> `name.1` -> `name.2` ... up to `name.<keep>`. */
import { readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const ignoreMissing = (err: NodeJS.ErrnoException) => {
  if (err.code !== 'ENOENT') throw err;
};

/**
 * Moves `path` to `path.1` (`.1` to `.2` and so on), keeping `keep` rotated files: older ones, also those
 * beyond a `keep` lowered since, are deleted; with `keep` 0 the file is simply deleted. Other suffixes
 * (`name.2026-11-21`, `name.1.gz`) are left alone.
 */
export async function rotateFiles(path: string, keep: number): Promise<void> {
  const prefix = `${basename(path)}.`;
  for (const name of await readdir(dirname(path))) {
    const suffix = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    if (/^[1-9]\d*$/.test(suffix) && Number(suffix) >= keep) await unlink(join(dirname(path), name)).catch(ignoreMissing);
  }
  for (let n = keep - 1; n >= 1; n--) await rename(`${path}.${n}`, `${path}.${n + 1}`).catch(ignoreMissing);
  await (keep > 0 ? rename(path, `${path}.1`) : unlink(path)).catch(ignoreMissing);
}
