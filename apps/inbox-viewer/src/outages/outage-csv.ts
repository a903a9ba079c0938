/**
 * @module Outages as CSV with the columns of outage_log.csv; an ongoing outage has an empty end and duration.
 * Text a spreadsheet would run as a formula (a target named `=HYPERLINK(...)`) gets a leading `'`.
 */
import { safeCsvText } from '@uptime/events';
import { OUTAGE_COLUMNS, type Outage } from './outage-log.js';

/** One CSV field: text made safe for spreadsheets, quoted when it holds a comma, quote, line break or edge space (RFC 4180). */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : typeof value === 'number' ? String(value) : safeCsvText(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole CSV document, CRLF line ends, header first. */
export function outagesCsv(outages: Outage[]): string {
  const lines = [OUTAGE_COLUMNS.join(',')];
  for (const o of outages) lines.push([o.date, o.host, o.target, o.start, o.end, o.durationSeconds].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
