/** @module Hands MAIL_* events to the event log in batches: the log rewrites its current segment per write, so a burst of deliveries should make one write, not hundreds. */
import type { MailEventRecord, MailEventSink } from './mail-events.js';

/** An event sink that holds events for up to `delayMs` and passes them on together. */
export class BatchedEventSink implements MailEventSink {
  private buffer: Array<{ event: MailEventRecord; resolve(value: unknown): void; reject(err: unknown): void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: MailEventSink,
    private readonly delayMs = 200,
  ) {}

  /** Queues the event; resolves when the target recorded it. */
  record(event: MailEventRecord): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.buffer.push({ event, resolve, reject });
      this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    });
  }

  /** Passes every held event on now, in one go; resolves when the target has them all. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    await Promise.allSettled(batch.map(({ event, resolve, reject }) => this.target.record(event).then(resolve, reject)));
  }
}
