/** @module Where the MTA reports what became of mail: the event log, or nothing at all. */

/** A MAIL_* event as the MTA records it (the event log adds id and time). */
export interface MailEventRecord {
  code: 'MAIL_DELIVERED' | 'MAIL_DEFERRED' | 'MAIL_BOUNCED';
  hosts: string[];
  message: string;
  messageId: string;
  recipient: string;
  detail: string;
}

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
