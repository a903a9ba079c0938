/** @module The per-check line of the contract: `2020-10-05 17:57:57.510261 Network Active to 8.8.8.8`. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The current time in microseconds since the epoch. */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** Local time with microseconds, `YYYY-MM-DD HH:MM:SS.uuuuuu`. */
export function formatMicros(micros: number): string {
  const date = new Date(Math.floor(micros / 1000));
  const fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(fraction, 6)}`
  );
}

/** One check's line; a simulated failure is marked so nobody mistakes it for a real one. */
export function formatCheckLine(micros: number, ok: boolean, address: string, simulated = false): string {
  const line = `${formatMicros(micros)} Network ${ok ? 'Active' : 'Inactive'} to ${address}`;
  return simulated ? `${line} (simulated failure)` : line;
}
