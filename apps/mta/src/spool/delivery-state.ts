/** @module What the queue remembers between delivery attempts of one message. */

/** Kept in <spool>/defer/<id>.json once a message was deferred; absent for a message not yet tried. */
export interface DeliveryState {
  /** Attempts made so far. */
  attempts: number;
  /** ISO 8601 times of the last attempt and of the next one. */
  lastAttemptAt: string;
  nextAttemptAt: string;
  /** Recipients (addresses as queued) that were delivered or bounced and need no further attempt. */
  done: string[];
  /** The last temporary failure of each recipient still pending. */
  lastErrors: Record<string, string>;
}

/** Parses a state file, or returns undefined when it is damaged (the message is then retried in full). */
export function parseDeliveryState(text: string): DeliveryState | undefined {
  try {
    const state = JSON.parse(text) as DeliveryState;
    if (typeof state.attempts !== 'number' || !Array.isArray(state.done) || Number.isNaN(Date.parse(state.nextAttemptAt))) return undefined;
    return { ...state, lastErrors: state.lastErrors ?? {} };
  } catch {
    return undefined;
  }
}
