/** @module CSV logs (RFC 4180 quoting by csv-stringify) with a header row on a new file. */
import { existsSync, statSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { openAppendLog, type AppendLog } from './append-log.js';

export interface CsvLog<Row> {
  append(row: Row): void;
  flush(): Promise<void>;
}

/** Opens a CSV log with the given columns; a header row is written when the file is new or empty. */
export function openCsvLog<Row extends Record<string, unknown>>(
  path: string,
  columns: ReadonlyArray<keyof Row & string>,
  onProblem: (message: string) => void,
): CsvLog<Row> {
  const log: AppendLog = openAppendLog(path, onProblem);
  const isEmpty = !existsSync(path) || statSync(path).size === 0;
  if (isEmpty) log.append(stringify([columns as string[]]));
  return {
    append(row) {
      log.append(stringify([columns.map((c) => row[c] ?? '')]));
    },
    flush: () => log.flush(),
  };
}

/** A row of `connection_log.csv`: one per check. */
export interface ConnectionRow extends Record<string, unknown> {
  time: string;
  target: string;
  host: string;
  probe: string;
  status: 'up' | 'down';
  rtt_ms: string;
  error: string;
}

export const CONNECTION_COLUMNS = ['time', 'target', 'host', 'probe', 'status', 'rtt_ms', 'error'] as const;

/** A row of `outage_log.csv`: one per ended outage (columns from the contract). */
export interface OutageRow extends Record<string, unknown> {
  date: string;
  host: string;
  target: string;
  start: string;
  end: string;
  duration_seconds: number;
}

export const OUTAGE_COLUMNS = ['date', 'host', 'target', 'start', 'end', 'duration_seconds'] as const;
