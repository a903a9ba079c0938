/** @module Which parts of the appliance run: each writes <dataDir>/run/<part>.json while it runs. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataLayout } from './layout.js';

export type PartName = 'monitor' | 'mta' | 'viewer';

export interface PartRecord {
  part: PartName;
  pid: number;
  startedAt: string;
  /** Where the part listens, if it does ("127.0.0.1:2525"). */
  listen?: string;
}

export interface PartHealth extends PartRecord {
  up: boolean;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Records that `part` runs in this process; the returned function removes the record at a clean stop. */
export function registerPart(layout: DataLayout, part: PartName, listen?: string): () => void {
  mkdirSync(layout.run, { recursive: true });
  const file = join(layout.run, `${part}.json`);
  const record: PartRecord = { part, pid: process.pid, startedAt: new Date().toISOString(), listen };
  writeFileSync(file, `${JSON.stringify(record)}\n`);
  return () => {
    try {
      const current = JSON.parse(readFileSync(file, 'utf8')) as PartRecord;
      if (current.pid === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}

/** The parts that were started and not cleanly stopped, and whether their process still runs. */
export function readParts(layout: DataLayout): PartHealth[] {
  let names: string[];
  try {
    names = readdirSync(layout.run).filter((n) => /^(monitor|mta|viewer)\.json$/.test(n));
  } catch {
    return [];
  }
  const parts: PartHealth[] = [];
  for (const name of names) {
    try {
      const record = JSON.parse(readFileSync(join(layout.run, name), 'utf8')) as PartRecord;
      parts.push({ ...record, up: isAlive(record.pid) });
    } catch {
      // a record being written; the next read sees it
    }
  }
  return parts.sort((a, b) => a.part.localeCompare(b.part));
}
