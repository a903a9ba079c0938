/** @module The per-check line of the contract (`2020-10-05 17:57:57.510261 Network Active to 8.8.8.8`) and the CSV time. */
import { wallMicros } from '../wall-clock.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Formats the part of a time down to the second once per second: thousands of checks a second share it. */
function perSecond<T>(format: (date: Date) => T): (second: number) => T {
  let lastSecond = NaN;
  let last = format(new Date(0));
  return (second) => {
    if (second !== lastSecond) {
      lastSecond = second;
      last = format(new Date(second * 1000));
    }
    return last;
  };
}

const localDateTime = perSecond(
  (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
);

const isoParts = (d: Date): { dateTime: string; zone: string } => {
  const offset = -d.getTimezoneOffset();
  return {
    dateTime: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
    zone: `${offset >= 0 ? '+' : '-'}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`,
  };
};

/** The current time in microseconds since the epoch, from the one wall clock (it follows a clock step at once). */
export function nowMicros(): number {
  return wallMicros();
}

/** Local time with microseconds, `YYYY-MM-DD HH:MM:SS.uuuuuu`. */
export function formatMicros(micros: number): string {
  const second = Math.floor(micros / 1_000_000);
  return `${localDateTime(second)}.${pad(micros - second * 1_000_000, 6)}`;
}

/**
 * A formatter like `isoLocal` of @uptime/events (ISO 8601 with milliseconds and offset) for times in ms,
 * fast for times in the same second as the one before; each kind of time (check times, status-since
 * times) keeps its own.
 */
export function isoLocalMsFormatter(): (ms: number) => string {
  const isoDateTime = perSecond(isoParts);
  return (ms) => {
    const second = Math.floor(ms / 1000);
    const { dateTime, zone } = isoDateTime(second);
    return `${dateTime}.${pad(Math.floor(ms) - second * 1000, 3)}${zone}`;
  };
}

/** `isoLocal` of @uptime/events for a time in ms: the check times of the CSV. */
export const isoLocalMs = isoLocalMsFormatter();

/** One check's line; a simulated failure is marked so nobody mistakes it for a real one. */
export function formatCheckLine(micros: number, ok: boolean, address: string, simulated = false): string {
  const line = `${formatMicros(micros)} Network ${ok ? 'Active' : 'Inactive'} to ${address}`;
  return simulated ? `${line} (simulated failure)` : line;
}
