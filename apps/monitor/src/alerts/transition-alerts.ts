/**
 * @module The alert of a transition, never lost to a kill: the transition is stored in the outbox before
 * its event is recorded and replaced by its alert afterwards; the next start completes what a kill left.
 */
import type { HostDownEvent, HostUpEvent, NewEvent, UptimeEvent } from '@uptime/events';
import { composeAlert, type AlertOptions, type TransitionEvent } from './alert-message.js';
import type { AlertSender } from './alert-sender.js';
import type { Outbox } from './outbox.js';

export interface TransitionAlertsOptions {
  outbox: Outbox;
  sender: Pick<AlertSender, 'enqueueStored'>;
  /** Records an event durably. */
  record: (event: NewEvent) => Promise<UptimeEvent>;
  alert: AlertOptions;
  onProblem: (message: string) => void;
}

/** Whether a transition is told by email: any HOST_DOWN, a HOST_UP that ends an outage. */
export function worthAlert(event: NewEvent): boolean {
  return event.code === 'HOST_DOWN' || (event.code === 'HOST_UP' && event.outageSeconds !== undefined);
}

/** Records transition events and queues their alerts. */
export class TransitionAlerts {
  constructor(private readonly options: TransitionAlertsOptions) {}

  /**
   * Completes the transitions a kill left pending, oldest first: records each event (again, maybe: a
   * duplicate event is better than a lost alert) and queues its alert. Call before the sender starts.
   */
  async recover(): Promise<number> {
    const { outbox, onProblem } = this.options;
    let completed = 0;
    for (const { file, pending } of await outbox.listPending(onProblem)) {
      try {
        const event = (await this.options.record(pending.event)) as TransitionEvent;
        await outbox.complete(file, composeAlert(event, this.options.alert, pending.address));
        completed += 1;
      } catch (err) {
        onProblem(`pending alert ${file} could not be completed (${(err as Error).message}); it is kept for the next start`);
      }
    }
    return completed;
  }

  /**
   * Records a transition's event; one worth an alert is stored in the outbox first, and its alert queued
   * once the event is recorded. `address` is what the alert subject shows (a host name until resolved).
   * A failure leaves the pending entry on disk for the next start.
   */
  async record(event: NewEvent, address: string): Promise<HostDownEvent | HostUpEvent> {
    if (!worthAlert(event)) return (await this.options.record(event)) as HostUpEvent;
    const { outbox, sender } = this.options;
    const { file } = await outbox.putPending({ event, address });
    const recorded = (await this.options.record(event)) as TransitionEvent;
    sender.enqueueStored(await outbox.complete(file, composeAlert(recorded, this.options.alert, address)));
    return recorded;
  }
}
