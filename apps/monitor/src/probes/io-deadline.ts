/**
 * @module A check's deadline decided only after the I/O already waiting has been read. After an event-loop
 * stall, libuv runs due timers before it polls for I/O: an answer that came in time but was not read yet
 * would count as a time-out. The expiry therefore waits for the check phase, after the next poll.
 */

/** A running deadline; `cancel` stops it, also once it is due but not yet decided. */
export interface IoDeadline {
  cancel(): void;
}

/** Calls `onExpire` once `ms` have passed and the I/O that was waiting by then has been read, unless cancelled first. */
export function ioDeadline(ms: number, onExpire: () => void): IoDeadline {
  let decide: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => (decide = setImmediate(onExpire)), ms);
  return {
    cancel() {
      clearTimeout(timer);
      if (decide) clearImmediate(decide);
    },
  };
}
