/** @module The stable event codes of the contract (SPEC.md, Events). */

export const EVENT_CODES = [
  'HOST_DOWN',
  'HOST_UP',
  'MONITOR_STARTED',
  'MONITOR_STOPPED',
  'ALERT_QUEUED',
  'ALERT_FAILED',
  'MAIL_DELIVERED',
  'MAIL_DEFERRED',
  'MAIL_BOUNCED',
  'HOST_UNREACHABLE',
  'CERT_EXPIRING',
  'MAINTENANCE_STARTED',
  'MAINTENANCE_ENDED',
  'SILENCE_ADDED',
  'SILENCE_REMOVED',
  'ACKNOWLEDGED',
  'FLAPPING_STARTED',
  'FLAPPING_STOPPED',
] as const;

export type EventCode = (typeof EVENT_CODES)[number];

/** Status words used in `before` and `after` (and in the status of every target). */
export const HOST_STATUSES = ['up', 'down', 'unknown', 'unreachable'] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

/** True when `value` is one of the stable codes. */
export function isEventCode(value: string): value is EventCode {
  return (EVENT_CODES as readonly string[]).includes(value);
}
