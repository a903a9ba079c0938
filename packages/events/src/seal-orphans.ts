/**
 * @module Closes the segments left open by writers that died (crash, kill -9): writes their index
 * entry so readers stop reading them whole and retention can age them. The files are not changed.
 * Also removes the temporary files of durable writes that a dead process left behind.
 */
import { readFile, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isStoredEvent } from './event-shape.js';
import { isProcessAlive, processStartMs } from './process-alive.js';
import { listSegments } from './segment-catalog.js';
import { parseSegmentText, serializeSegment } from './segment-format.js';
import { buildSegmentIndex, INDEX_DIR, writeSegmentIndex } from './segment-index.js';
import { writerStartMs, type SegmentName } from './segment-name.js';

function isOrphan(name: SegmentName): boolean {
  // Same pid as ours: a previous process that had our pid, if it started before we did.
  if (name.pid === process.pid) return writerStartMs(name) < processStartMs() - 1000;
  return !isProcessAlive(name.pid);
}

/** Temporary files of writeFileDurable: `.<name>.<pid>.<8 hex>.tmp`. */
const TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Removes the temporary files of dead processes in `dir`. */
async function removeDeadTemps(dir: string): Promise<void> {
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const file of files) {
    const pid = Number(TEMP.exec(file)?.[1]);
    if (pid && pid !== process.pid && !isProcessAlive(pid)) await unlink(join(dir, file)).catch(() => undefined);
  }
}

/** Indexes the unindexed segments of dead writers; returns how many it sealed. */
export async function sealOrphans(dir: string): Promise<number> {
  await removeDeadTemps(dir);
  await removeDeadTemps(join(dir, INDEX_DIR));
  const { segments } = await listSegments(dir);
  let sealed = 0;
  for (const entry of segments) {
    if (entry.index || !isOrphan(entry.name)) continue;
    let text: string;
    try {
      text = await readFile(entry.path, 'utf8');
    } catch {
      continue; // removed meanwhile
    }
    let events: unknown[];
    try {
      events = parseSegmentText(text).events;
    } catch {
      continue; // corrupt: left as it is, readers report it
    }
    if (events.length === 0 || !events.every(isStoredEvent)) continue;
    const layout = serializeSegment(events);
    if (layout.text !== text) continue; // edited by hand: no byte offsets, readers read it whole
    await writeSegmentIndex(dir, buildSegmentIndex(entry.file, events, layout));
    sealed += 1;
  }
  return sealed;
}
