/** @module Queue ids: short, unique, and only A-Za-z0-9 so they are safe in headers, URLs and shells. */
import { randomBytes } from 'node:crypto';

/** A new queue id, e.g. "0MHX2K9Q4A3F19C07B2E": the arrival time (base 36, fixed width, so ids sort by age) and 40 random bits. */
export function newQueueId(now: number = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomBytes(5).toString('hex')}`.toUpperCase();
}
