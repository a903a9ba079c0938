/** @module Writes the run's statistics for `--stats-file` (benchmarks read it). */
import { writeFileSync } from 'node:fs';
import type { MonitorStats } from './check-stats.js';

/** Writes `stats` as JSON to `path`; a failure is reported on stderr, never fatal. */
export function writeStats(path: string, stats: MonitorStats): void {
  try {
    writeFileSync(path, `${JSON.stringify(stats, null, 2)}\n`);
  } catch (err) {
    process.stderr.write(`monitor: cannot write the stats file ${path}: ${(err as Error).message}\n`);
  }
}
