/** @module The shared event model and the event log under <dataDir>/events/. */
export { EVENT_CODES, HOST_STATUSES, isEventCode, type EventCode, type HostStatus } from './event-codes.js';
export type {
  UptimeEvent,
  NewEvent,
  HostDownEvent,
  HostUpEvent,
  HostUnreachableEvent,
  MaintenanceEvent,
  SilenceEvent,
  AcknowledgedEvent,
  FlappingEvent,
  Suppression,
  CertExpiringEvent,
  MonitorLifecycleEvent,
  AlertQueuedEvent,
  AlertFailedEvent,
  MailEvent,
} from './event.js';
export { isoLocal } from './local-time.js';
export { readCsvText, safeCsvText, SAFE_CSV_CAST } from './csv-cell.js';
export { openEventWriter, type EventWriter, type EventWriterOptions } from './event-writer.js';
export { readEvents, type EventQuery, type ReadOptions } from './read-events.js';
