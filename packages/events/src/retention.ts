/**
 * @module Retention: removes whole closed segments (and their index entries) that are older than
 * `maxAgeDays`, then the oldest ones while the log is bigger than `maxBytes`. Open segments stay.
 */
import { stat, unlink } from 'node:fs/promises';
import { listSegments, type CatalogEntry } from './segment-catalog.js';

/** How long and how much of the log to keep; both off when not set. */
export interface RetentionPolicy {
  maxAgeDays?: number;
  maxBytes?: number;
}

const DAY_MS = 86_400_000;

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function remove(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

async function removeSegment(entry: CatalogEntry): Promise<void> {
  await remove(entry.path); // segment first: an index entry without its segment is ignored
  if (entry.index) await remove(entry.index.path);
}

/** True when the policy asks for anything. */
export function hasRetention(policy: RetentionPolicy | undefined): policy is RetentionPolicy {
  return policy?.maxAgeDays !== undefined || policy?.maxBytes !== undefined;
}

/** Applies the policy to `dir`; returns the number of segments removed. */
export async function applyRetention(dir: string, policy: RetentionPolicy, now = Date.now()): Promise<number> {
  const { segments, strayIndexes } = await listSegments(dir);
  await Promise.all(strayIndexes.map(remove));
  const closed = segments
    .filter((s) => s.index)
    .sort((a, b) => (a.index?.lastMs ?? 0) - (b.index?.lastMs ?? 0));
  let removed = 0;
  if (policy.maxAgeDays !== undefined) {
    const cutoff = now - policy.maxAgeDays * DAY_MS;
    while (closed.length > 0 && (closed[0]?.index?.lastMs ?? 0) < cutoff) {
      await removeSegment(closed.shift() as CatalogEntry);
      removed += 1;
    }
  }
  if (policy.maxBytes !== undefined) {
    const kept = new Set(closed);
    const live = segments.filter((s) => kept.has(s) || !s.index);
    const sizes = new Map<CatalogEntry, number>();
    await Promise.all(
      live.map(async (s) => {
        sizes.set(s, (await sizeOf(s.path)) + (s.index ? await sizeOf(s.index.path) : 0));
      }),
    );
    let total = [...sizes.values()].reduce((a, b) => a + b, 0);
    while (total > policy.maxBytes && closed.length > 0) {
      const oldest = closed.shift() as CatalogEntry;
      await removeSegment(oldest);
      total -= sizes.get(oldest) ?? 0;
      removed += 1;
    }
  }
  return removed;
}
