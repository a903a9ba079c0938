/** @module Dates as mail headers write them (RFC 5322 3.3), in local time with the offset. */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');

/** Formats a date like "Sat, 21 Nov 2026 12:55:03 +0100". */
export function rfc2822Date(date: Date = new Date()): string {
  const offset = -date.getTimezoneOffset();
  const zone = `${offset >= 0 ? '+' : '-'}${pad(offset / 60)}${pad(offset % 60)}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${DAYS[date.getDay()]}, ${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()} ${time} ${zone}`;
}
