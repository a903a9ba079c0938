/** @module The event model: what every event carries, and the fields of each code. */
import type { EventCode, HostStatus } from './event-codes.js';

interface EventBase<C extends EventCode> {
  /** Unique, only `A-Za-z0-9._-`. */
  id: string;
  /** ISO 8601 with the local offset, e.g. 2026-11-21T12:51:00.123+01:00. */
  time: string;
  code: C;
  /** IP addresses involved, possibly empty. */
  hosts: string[];
  /** One human-readable sentence. */
  message: string;
}

/** Why the email of a HOST_DOWN or HOST_UP was held back. */
export type Suppression = 'maintenance' | 'silence' | 'flapping' | 'acknowledged';

export interface HostDownEvent extends EventBase<'HOST_DOWN'> {
  target: string;
  before: HostStatus;
  after: 'down';
  suppressed?: Suppression;
}

export interface HostUpEvent extends EventBase<'HOST_UP'> {
  target: string;
  before: HostStatus;
  after: 'up';
  outageSeconds?: number;
  suppressed?: Suppression;
}

export interface MaintenanceEvent extends EventBase<'MAINTENANCE_STARTED' | 'MAINTENANCE_ENDED'> {
  window: string;
  /** The window's targets as configured (names or tag:NAME); empty = all. */
  targets: string[];
}

export interface SilenceEvent extends EventBase<'SILENCE_ADDED' | 'SILENCE_REMOVED'> {
  silenceId: string;
  /** The silence's targets as given (names or tag:NAME); empty = all. */
  targets: string[];
  /** When it ends (ISO 8601 with offset). */
  until: string;
  author: string;
  comment: string;
}

export interface AcknowledgedEvent extends EventBase<'ACKNOWLEDGED'> {
  target: string;
  author: string;
  comment: string;
}

export interface FlappingEvent extends EventBase<'FLAPPING_STARTED' | 'FLAPPING_STOPPED'> {
  target: string;
  /** The weighted percent state change over the last 21 checks when it crossed `high` / fell below `low`. */
  percent: number;
}

export interface HostUnreachableEvent extends EventBase<'HOST_UNREACHABLE'> {
  target: string;
  before: HostStatus;
  after: 'unreachable';
  /** The parents (target names) that were down, unreachable or failing. */
  parents: string[];
}

export interface CertExpiringEvent extends EventBase<'CERT_EXPIRING'> {
  target: string;
  /** When the certificate stops being valid (ISO 8601 with offset). */
  notAfter: string;
  /** Whole days until then (negative once it has expired). */
  daysLeft: number;
}

export type MonitorLifecycleEvent = EventBase<'MONITOR_STARTED' | 'MONITOR_STOPPED'>;

export interface AlertQueuedEvent extends EventBase<'ALERT_QUEUED'> {
  eventId: string;
  messageId: string;
}

export interface AlertFailedEvent extends EventBase<'ALERT_FAILED'> {
  eventId: string;
  error: string;
}

export interface MailEvent extends EventBase<'MAIL_DELIVERED' | 'MAIL_DEFERRED' | 'MAIL_BOUNCED'> {
  messageId: string;
  recipient: string;
  detail: string;
}

export type UptimeEvent =
  | HostDownEvent
  | HostUpEvent
  | HostUnreachableEvent
  | CertExpiringEvent
  | MaintenanceEvent
  | SilenceEvent
  | AcknowledgedEvent
  | FlappingEvent
  | MonitorLifecycleEvent
  | AlertQueuedEvent
  | AlertFailedEvent
  | MailEvent;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a caller gives to record an event: `id` and `time` are filled in by the log. */
export type NewEvent = DistributiveOmit<UptimeEvent, 'id' | 'time'> & { time?: string };
