/**
 * @module CSV cells a spreadsheet will not run as formulas (OWASP "CSV injection"): text that would start
 * one (`= + - @`, tab, CR, also behind spaces) gets a leading `'`. Used by every CSV writer of the appliance, and undone by
 * readers of our own files.
 */

/** Text that needs the quote: a formula start, possibly behind spaces (spreadsheets skip them) or quotes (so that reading back is exact). */
const NEEDS_QUOTE = /^[\s']*[=+\-@\t\r]/;
/** A plain number (`-1`, `+3.5`, `1e-3`) is read as that number, not run: it stays as it is. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** A cell that safeCsvText quoted. */
const QUOTED = /^'[\s']*[=+\-@\t\r]/;

/** The text for a CSV cell: `'` in front of text a spreadsheet would run (`=HYPERLINK(...)` -> `'=HYPERLINK(...)`). */
export function safeCsvText(text: string): string {
  return NEEDS_QUOTE.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The text that safeCsvText was given, from a cell of a CSV file we wrote. */
export function readCsvText(cell: string): string {
  return QUOTED.test(cell) ? cell.slice(1) : cell;
}

/** csv-stringify's `cast` option that makes every text cell safe (numbers are not text and stay as they are). */
export const SAFE_CSV_CAST = { string: (value: string) => safeCsvText(value) };
