/** @module How the events CLI prints events: one readable line each, or CSV rows. */
import type { UptimeEvent } from './event.js';

/** The CSV columns, in order; fields an event lacks stay empty. */
export const CSV_COLUMNS = [
  'id',
  'time',
  'code',
  'hosts',
  'target',
  'before',
  'after',
  'outageSeconds',
  'message',
  'eventId',
  'messageId',
  'recipient',
  'detail',
  'error',
] as const;

const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ');

/** `<time>  <code>  <hosts>  <message>  [<id>]` */
export function formatLine(event: UptimeEvent): string {
  const hosts = event.hosts.length > 0 ? event.hosts.join(',') : '-';
  return `${event.time}  ${event.code.padEnd(15)}  ${hosts.padEnd(15)}  ${oneLine(event.message)}  [${event.id}]`;
}

/** The CSV row of an event (hosts separated by spaces). */
export function csvRow(event: UptimeEvent): Record<(typeof CSV_COLUMNS)[number], string> {
  const fields = event as unknown as Record<string, unknown>;
  const row = {} as Record<(typeof CSV_COLUMNS)[number], string>;
  for (const column of CSV_COLUMNS) {
    const value = column === 'hosts' ? event.hosts.join(' ') : fields[column];
    row[column] = value === undefined || value === null ? '' : String(value);
  }
  return row;
}
