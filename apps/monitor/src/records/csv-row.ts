/**
 * @module One CSV row as csv-stringify writes it (RFC 4180, formula-safe cells), cell by cell and without a
 * stream: a check's row costs string joins. Text that needs nothing (no quote, delimiter, line break or
 * formula start) is used as it is; any other cell is csv-stringify's, remembered, since such texts repeat
 * (a target's name on each of its rows).
 */
import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_CAST } from '@uptime/events';

/** Text csv-stringify leaves alone and no spreadsheet runs: starts with a letter, digit or `_`; no `,` `"` CR LF. */
const PLAIN = /^[\p{L}\p{N}_][^,"\r\n]*$/u;
const MEMO_LIMIT = 10_000;

/** Formats rows of `columns` into CSV text, each ending in `\n`. */
export function csvRowFormatter<Row extends Record<string, unknown>>(columns: ReadonlyArray<keyof Row & string>): (row: Row) => string {
  const memo = new Map<string, string>();
  const viaLibrary = (value: unknown): string => stringify([[value]], { record_delimiter: 'unix', cast: SAFE_CSV_CAST }).slice(0, -1);
  const cell = (value: unknown): string => {
    if (typeof value !== 'string') return value === undefined || value === null ? '' : viaLibrary(value);
    if (value === '' || PLAIN.test(value)) return value;
    let text = memo.get(value);
    if (text === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(value, (text = viaLibrary(value)));
    }
    return text;
  };
  return (row) => {
    let line = '';
    for (let i = 0; i < columns.length; i += 1) line += (i === 0 ? '' : ',') + cell(row[columns[i] as string]);
    return `${line}\n`;
  };
}
