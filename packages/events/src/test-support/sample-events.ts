/** @module Events to record in tests. */
import type { NewEvent } from '../event.js';
import { isoLocal } from '../local-time.js';

/** A HOST_DOWN event for `host`, at `ms` when given. */
export function hostDown(host: string, ms?: number, target = `target ${host}`): NewEvent {
  return {
    code: 'HOST_DOWN',
    hosts: [host],
    target,
    before: 'up',
    after: 'down',
    message: `${target} ${host} is down`,
    ...(ms === undefined ? {} : { time: isoLocal(new Date(ms)) }),
  };
}

/** A HOST_UP event for `host` after an outage, at `ms` when given. */
export function hostUp(host: string, ms?: number, outageSeconds = 12): NewEvent {
  return {
    code: 'HOST_UP',
    hosts: [host],
    target: `target ${host}`,
    before: 'down',
    after: 'up',
    outageSeconds,
    message: `target ${host} ${host} is up after ${outageSeconds} s`,
    ...(ms === undefined ? {} : { time: isoLocal(new Date(ms)) }),
  };
}

/** A MAIL_DELIVERED event (no hosts). */
export function mailDelivered(n: number, ms?: number): NewEvent {
  return {
    code: 'MAIL_DELIVERED',
    hosts: [],
    messageId: `<m${n}@sensor.lab>`,
    recipient: 'admin@localhost',
    detail: 'delivered to Maildir',
    message: `message ${n} delivered to admin@localhost`,
    ...(ms === undefined ? {} : { time: isoLocal(new Date(ms)) }),
  };
}
