/** @module Queue ids: short, unique, and only A-Za-z0-9 so they are safe in headers, URLs and shells. */
import { randomBytes } from 'node:crypto';

/** A new queue id, e.g. "MHX2K9Q4A3F19C07B2E". */
export function newQueueId(now: number = Date.now()): string {
  return `${now.toString(36)}${randomBytes(5).toString('hex')}`.toUpperCase();
}
