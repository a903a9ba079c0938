/**
 * @module The alert of a transition, never lost and never doubled: the transition is stored in the outbox
 * before its event is recorded and replaced by its alert afterwards. One whose event cannot be recorded
 * stays parked in the outbox and is tried again while running (and at the next start, after a kill).
 */
import type { HostDownEvent, HostUpEvent, NewEvent, UptimeEvent } from '@uptime/events';
import type { TransitionEvent } from './alert-message.js';
import type { AlertDispatch } from './alert-dispatch.js';
import type { Outbox, PendingEntry, PendingTransition } from './outbox.js';

export interface TransitionAlertsOptions {
  outbox: Outbox;
  /** Sends the alert of a recorded change, or holds it for a digest. */
  dispatch: Pick<AlertDispatch, 'dispatch'>;
  /** Records an event durably. */
  record: (event: NewEvent) => Promise<UptimeEvent>;
  onProblem: (message: string) => void;
  /**
   * A transition whose event is now recorded (at once, or later for one parked or left by a kill): its
   * target's state takes the change and is saved. Its alert is completed in the outbox only afterwards,
   * so a kill at any moment leaves either a pending transition (completed at the next start) or a saved
   * state that knows of the change (no second alert for it).
   */
  onRecorded?: (pending: PendingTransition, event: TransitionEvent) => void | Promise<void>;
  /** How soon a parked transition is tried again: `first`, doubling up to `max` (default 1 s to 30 s). */
  retryMs?: { first: number; max: number };
}

/** A pending entry whose event, once recorded (and its target told), is kept so that a retry does neither twice. */
interface Parked extends PendingEntry {
  recorded?: TransitionEvent;
  told?: boolean;
}

/** Whether a transition is told by email: any HOST_DOWN, a HOST_UP that ends an outage. */
export function worthAlert(event: NewEvent): boolean {
  if ((event.code === 'HOST_DOWN' || event.code === 'HOST_UP') && event.suppressed !== undefined) return false; // held back (maintenance)
  return event.code === 'HOST_DOWN' || (event.code === 'HOST_UP' && event.outageSeconds !== undefined);
}

/** Records transition events and queues their alerts. */
export class TransitionAlerts {
  private readonly parked: Parked[] = [];
  private retrying?: Promise<number>;
  private timer?: NodeJS.Timeout;
  private delay: number;
  private stopped = false;
  private lastProblem?: string;

  constructor(private readonly options: TransitionAlertsOptions) {
    this.delay = options.retryMs?.first ?? 1000;
  }

  /** Whether a transition of the target with state key `key` is parked, waiting for its event to be recorded. */
  isParked(key: string): boolean {
    return this.parked.some((p) => p.pending.key === key);
  }

  /** Transitions parked in the outbox. */
  get parkedCount(): number {
    return this.parked.length;
  }

  /**
   * Completes the transitions a kill left pending, oldest first: records each event (again, maybe: a
   * duplicate event is better than a lost alert) and queues its alert; what fails stays parked and is
   * tried again while running. Resolves with the number completed. Call before the sender starts.
   */
  async recover(): Promise<number> {
    this.parked.push(...(await this.options.outbox.listPending(this.options.onProblem)));
    return this.retry();
  }

  /**
   * Records a transition's event with the time it carries and tells its target (`onRecorded`); one worth
   * an alert is stored in the outbox first, and its alert completed and queued after the target took the
   * change. When the outbox cannot be written nothing is kept (the next check finds the transition again);
   * when the event (or the completed alert) cannot be written the transition is parked and tried again
   * (see `isParked`); either way this rejects.
   */
  async record(pending: PendingTransition): Promise<HostDownEvent | HostUpEvent> {
    if (!worthAlert(pending.event)) {
      const event = (await this.options.record(pending.event)) as HostUpEvent;
      await this.tell(pending, event);
      return event;
    }
    const entry: Parked = { file: (await this.options.outbox.putPending(pending)).file, pending };
    try {
      return await this.complete(entry);
    } catch (err) {
      this.parked.push(entry);
      this.schedule();
      throw err;
    }
  }

  /** Stops retrying; what is still parked stays in the outbox for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.retrying;
  }

  private async complete(entry: Parked): Promise<TransitionEvent> {
    entry.recorded ??= (await this.options.record(entry.pending.event)) as TransitionEvent;
    if (!entry.told) await this.tell(entry.pending, entry.recorded);
    entry.told = true;
    await this.options.dispatch.dispatch(entry.file, entry.recorded, entry.pending.address, entry.pending.behind);
    return entry.recorded;
  }

  /** Tells the target of its recorded change; a failure there is reported and does not hold the alert back. */
  private async tell(pending: PendingTransition, event: TransitionEvent): Promise<void> {
    try {
      await this.options.onRecorded?.(pending, event);
    } catch (err) {
      this.options.onProblem(`status change of ${event.target} not applied: ${(err as Error).message}`);
    }
  }

  /** Completes parked transitions oldest first, until one fails (kept, in order, for the next try). */
  private retry(): Promise<number> {
    this.retrying ??= this.completeParked().finally(() => (this.retrying = undefined));
    return this.retrying;
  }

  private async completeParked(): Promise<number> {
    let completed = 0;
    for (let entry = this.parked[0]; entry && !this.stopped; entry = this.parked[0]) {
      try {
        await this.complete(entry);
      } catch (err) {
        const problem = `pending alert ${entry.file} could not be completed (${(err as Error).message}); it is kept and tried again`;
        if (problem !== this.lastProblem) this.options.onProblem(problem);
        this.lastProblem = problem;
        this.schedule();
        return completed;
      }
      this.parked.shift();
      completed += 1;
    }
    this.lastProblem = undefined;
    this.delay = this.options.retryMs?.first ?? 1000;
    return completed;
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.retry();
    }, this.delay);
    this.timer.unref();
    this.delay = Math.min(this.delay * 2, this.options.retryMs?.max ?? 30_000);
  }
}
