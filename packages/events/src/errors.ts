/** @module The error codes of the event log, in one place (err.code carries them). */

export const EVENTS_ERROR_CODES = {
  /** record() after close(): open a new writer. */
  WRITER_CLOSED: 'EVENTS_WRITER_CLOSED',
  /** The role cannot be part of a file name. */
  BAD_ROLE: 'EVENTS_BAD_ROLE',
  /** An event given to record() lacks a valid code, time, hosts or message. */
  BAD_EVENT: 'EVENTS_BAD_EVENT',
  /** A query value (since, limit, code) is not valid. */
  BAD_QUERY: 'EVENTS_BAD_QUERY',
  /** A segment file is not valid JSON of the expected shape. */
  BAD_SEGMENT: 'EVENTS_BAD_SEGMENT',
} as const;

export type EventsErrorCode = (typeof EVENTS_ERROR_CODES)[keyof typeof EVENTS_ERROR_CODES];

/** An error of the event log; `code` says which of EVENTS_ERROR_CODES it is. */
export class EventsError extends Error {
  constructor(
    readonly code: EventsErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'EventsError';
  }
}
