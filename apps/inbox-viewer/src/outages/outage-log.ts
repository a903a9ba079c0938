/** @module Outages: the ended ones from logs/outage_log.csv (and its rotated files), the ongoing ones from the event log. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readCsvText, readEvents, type HostDownEvent, type HostUpEvent } from '@uptime/events';

/** One outage; `end` and `durationSeconds` are null while it goes on. */
export interface Outage {
  date: string;
  host: string;
  target: string;
  start: string;
  end: string | null;
  durationSeconds: number | null;
}

/** The columns of outage_log.csv, in order. */
export const OUTAGE_COLUMNS = ['date', 'host', 'target', 'start', 'end', 'duration_seconds'] as const;

const LOG_NAME = /^outage_log\.csv(\..+)?$/;

/** The fields of one line, or undefined for a header, an empty line or one that is not CSV (a torn last row). */
function parseLine(line: string): Record<string, string> | undefined {
  let fields: string[];
  try {
    fields = (parse(line, { relax_quotes: true, relax_column_count: true, bom: true }) as string[][])[0] ?? [];
  } catch {
    return undefined;
  }
  if (fields.length === 0 || (fields[0]?.toLowerCase() === OUTAGE_COLUMNS[0] && fields[1]?.toLowerCase() === OUTAGE_COLUMNS[1])) return undefined;
  // the monitor writes text a spreadsheet would run with a leading quote (see safeCsvText): the names are without it
  return Object.fromEntries(OUTAGE_COLUMNS.map((column, i) => [column, readCsvText(fields[i] ?? '')]));
}

function fromRow(row: Record<string, string>): Outage | undefined {
  const { date, host, target, start, end } = row;
  const seconds = row.duration_seconds ? Number(row.duration_seconds) : NaN;
  if (!host || !start || !end || Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) return undefined;
  return { date: date || start.slice(0, 10), host, target: target || host, start, end, durationSeconds: Number.isFinite(seconds) ? seconds : (Date.parse(end) - Date.parse(start)) / 1000 };
}

/** The ended outages of every outage log file under `logsDir`, oldest first; a header row or a damaged row is left out. */
export async function readOutageLog(logsDir: string): Promise<Outage[]> {
  const names = await readdir(logsDir).catch(() => [] as string[]);
  const outages = new Map<string, Outage>();
  for (const name of names.filter((n) => LOG_NAME.test(n) && !n.endsWith('.gz'))) {
    const text = await readFile(join(logsDir, name), 'utf8').catch(() => '');
    // fixed columns, line by line: a rotated file may have no header, and a crash may leave a torn last row
    for (const line of text.split(/\r?\n/)) {
      const row = line.trim() ? parseLine(line) : undefined;
      const outage = row && fromRow(row);
      if (outage) outages.set(`${outage.host}\u0000${outage.target}\u0000${outage.start}`, outage);
    }
  }
  return [...outages.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

const localDate = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The target an event is about: its name, or its host for an old event without one. */
const targetOf = (e: HostDownEvent | HostUpEvent) => (typeof e.target === 'string' && e.target !== '' ? e.target : (e.hosts[0] ?? ''));

/**
 * Targets whose newest HOST_DOWN / HOST_UP event is a HOST_DOWN: outages that have not ended. Events pair
 * by target name whatever their address: a DOWN from a failed name lookup has no address, its UP has one.
 */
export async function readOngoingOutages(eventsDir: string): Promise<Outage[]> {
  const events = await readEvents(eventsDir, { code: ['HOST_DOWN', 'HOST_UP'], limit: 10_000 }, { onProblem: () => undefined });
  const newest = new Map<string, HostDownEvent | HostUpEvent>();
  for (const e of events) {
    if (e.code !== 'HOST_DOWN' && e.code !== 'HOST_UP') continue;
    const key = targetOf(e);
    if (!newest.has(key)) newest.set(key, e);
  }
  return [...newest.values()]
    .filter((e) => e.code === 'HOST_DOWN')
    .map((e) => ({ date: localDate(e.time), host: e.hosts[0] ?? '', target: targetOf(e), start: e.time, end: null, durationSeconds: null }))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** Ended and ongoing outages, oldest first, optionally of one host only. */
export async function readOutages(dirs: { logs: string; events: string }, host?: string): Promise<Outage[]> {
  const [ended, ongoing] = await Promise.all([readOutageLog(dirs.logs), readOngoingOutages(dirs.events)]);
  // an outage the log already holds as ended is not ongoing (the event of its end may be older than the row);
  // by target, since the row's host is the address at the end and the DOWN event may have had none
  const endedStarts = new Set(ended.map((o) => `${o.target}\u0000${Date.parse(o.start)}`));
  const all = [...ended, ...ongoing.filter((o) => !endedStarts.has(`${o.target}\u0000${Date.parse(o.start)}`))];
  return host === undefined ? all : all.filter((o) => o.host === host);
}
