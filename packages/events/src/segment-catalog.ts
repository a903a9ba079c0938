/** @module Lists the segments of an events directory with the time range of each closed one. */
import { readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { INDEX_DIR } from './segment-index.js';
import { parseIndexName, parseSegmentName, type IndexName, type SegmentName } from './segment-name.js';

/** A segment file, with its index entry when it is closed. */
export interface CatalogEntry {
  name: SegmentName;
  file: string;
  path: string;
  index?: IndexName & { path: string };
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Every segment in `dir`; index entries whose segment is gone are listed in `strayIndexes`. */
export async function listSegments(dir: string): Promise<{ segments: CatalogEntry[]; strayIndexes: string[] }> {
  // The index folder first: an index entry is written after its segment, so the segment of any
  // entry seen here is in the listing below unless it was removed.
  const indexDir = join(dir, INDEX_DIR);
  const indexFiles = await listDir(indexDir);
  const files = await listDir(dir);
  const inDir = join(dir, '.');
  const byBase = new Map<string, CatalogEntry>();
  for (const file of files) {
    const name = parseSegmentName(file);
    if (name) byBase.set(name.base, { name, file, path: `${inDir}${sep}${file}` });
  }
  const strayIndexes: string[] = [];
  for (const file of indexFiles) {
    const index = parseIndexName(file);
    if (!index) continue;
    const path = `${indexDir}${sep}${file}`;
    const entry = byBase.get(index.segmentBase);
    if (!entry) strayIndexes.push(path);
    else if (!entry.index) entry.index = { ...index, path };
  }
  return { segments: [...byBase.values()], strayIndexes };
}
