/**
 * @module Gathers the items that arrive while a flush is in flight into the next flush, so a
 * storm of calls becomes a few writes. Each caller's promise settles when its item was flushed.
 */

/** An item waiting for a flush, with the callbacks that settle its caller's promise. */
export interface Waiting<T, R> {
  item: T;
  resolve(value: R): void;
  reject(err: unknown): void;
}

/** A queue that hands everything pending to one `flush` at a time. */
export class BatchQueue<T, R> {
  private pending: Waiting<T, R>[] = [];
  private running: Promise<void> | undefined;

  /** `flush` must settle every item it is given. */
  constructor(private readonly flush: (batch: Waiting<T, R>[]) => Promise<void>) {}

  /** Queues an item; resolves with what the flush gave it. */
  push(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.running ??= this.run();
    });
  }

  /** Resolves once nothing is pending or being flushed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    await null; // let the calls made in the same tick join the first batch
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.flush(batch);
      } catch (err) {
        for (const waiting of batch) waiting.reject(err);
      }
    }
    this.running = undefined;
  }
}
