/** @module A FIFO of jobs run with bounded concurrency, that can say when it is idle. */

/** Runs pushed jobs in order, at most `limit` at a time. */
export class WorkLane {
  private readonly waiting: Array<() => Promise<void>> = [];
  private running = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Jobs waiting plus jobs running. */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /** Queues a job; its errors are the job's business (it should not throw). */
  push(job: () => Promise<void>): void {
    if (this.stopped) return;
    this.waiting.push(job);
    this.pump();
  }

  /** Starts no new job from now on; drops those waiting. */
  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
    this.settle();
  }

  /** Resolves when nothing waits and nothing runs. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.stopped && this.running < this.limit && this.waiting.length > 0) {
      const job = this.waiting.shift() as () => Promise<void>;
      this.running += 1;
      void job()
        .catch(() => undefined)
        .finally(() => {
          this.running -= 1;
          this.pump();
          this.settle();
        });
    }
  }

  private settle(): void {
    if (this.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
