/**
 * @module Which alerts of the outbox may be handed to the MTA now, side by side: a storm of 1,000 alerts
 * sent one after the other waits for 1,000 durable writes of the MTA in a row (26.8 s at load 3.5); sent
 * several at a time, the MTA's writes are committed together. The alerts of one target still go one
 * after the other, in the outbox's order (a DOWN is never overtaken by its UP), and an alert that names
 * no targets (a test alert, or one stored by an older version) goes alone. Pure: the queue in, the
 * alerts to start out.
 */
import type { OutboxEntry } from './outbox.js';

/** How many alerts are handed to the MTA at once at most (the MTA keeps 10 places for the appliance's own submission). */
export const SEND_CONCURRENCY = 8;

/**
 * The entries of `queue` (oldest first) to start now, besides those `inFlight`, keeping at most `max` in
 * flight: each in order after every earlier entry of one of its targets, none after an alert without
 * targets that is not yet done, and such an alert only once nothing else is in flight.
 */
export function startable(queue: readonly OutboxEntry[], inFlight: ReadonlySet<OutboxEntry>, max = SEND_CONCURRENCY): OutboxEntry[] {
  const start: OutboxEntry[] = [];
  const busy = new Set<string>();
  let flying = inFlight.size;
  for (const entry of queue) {
    const targets = entry.alert.targets;
    if (!targets) {
      if (flying === 0 && start.length === 0 && !inFlight.has(entry)) start.push(entry);
      break;
    }
    const waits = inFlight.has(entry) || targets.some((t) => busy.has(t));
    for (const t of targets) busy.add(t);
    if (waits) continue;
    if (flying >= max) break;
    start.push(entry);
    flying += 1;
  }
  return start;
}
