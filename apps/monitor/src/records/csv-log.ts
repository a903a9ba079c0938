/**
 * @module CSV logs (RFC 4180 quoting by csv-stringify) with a header row on a new file, also after a rotation.
 * Text a spreadsheet would run as a formula (a target named `=HYPERLINK(...)`) is written with a leading `'`.
 */
import { stringify as stringifySync } from 'csv-stringify/sync';
import { openAppendLog, type AppendLog, type AppendLogOptions } from './append-log.js';
import { csvRowFormatter } from './csv-row.js';

export interface CsvLog<Row> {
  append(row: Row): void;
  flush(): Promise<void>;
}

/**
 * Opens a CSV log with the given columns; a header row is written whenever a write finds the file
 * missing or empty (new, or renamed away by a rotation).
 * Rows are gathered and written as `options` say (see openAppendLog).
 */
export function openCsvLog<Row extends Record<string, unknown>>(
  path: string,
  columns: ReadonlyArray<keyof Row & string>,
  onProblem: (message: string) => void,
  options: AppendLogOptions = {},
): CsvLog<Row> {
  const header = stringifySync([columns as string[]], { record_delimiter: 'unix' });
  const log: AppendLog = openAppendLog(path, onProblem, { ...options, header });
  const format = csvRowFormatter<Row>(columns);
  return {
    append(row) {
      log.append(format(row));
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
