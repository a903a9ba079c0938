/** @module Where the MTA reports what became of mail: the event log, or nothing at all. */
import type { MailEvent } from '@uptime/events';

/** A MAIL_* event as the MTA records it (the event log adds id and time). */
export type MailEventRecord = Omit<MailEvent, 'id' | 'time'>;

/** Anything that records events; `@uptime/events`' writer is one. */
export interface MailEventSink {
  record(event: MailEventRecord): Promise<unknown>;
}

/** Receives one line per notable thing the MTA does. */
export interface MtaLog {
  info(line: string): void;
  warn(line: string): void;
}

/** A log that drops every line, for tests and embedding. */
export const silentLog: MtaLog = { info: () => undefined, warn: () => undefined };
