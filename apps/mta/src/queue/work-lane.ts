/** @module A FIFO of jobs run with bounded concurrency (a count, or a sum of weights such as bytes), that can say when it is idle. */

/** Runs pushed jobs in order, at most `limit` (of their weights) at a time; a job heavier than `limit` runs alone. */
export class WorkLane {
  private readonly waiting: Array<{ job: () => Promise<void>; weight: number }> = [];
  private running = 0;
  private used = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Jobs waiting plus jobs running. */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /** Queues a job of `weight` (1 unless given); its errors are the job's business (it should not throw). */
  push(job: () => Promise<void>, weight = 1): void {
    if (this.stopped) return;
    this.waiting.push({ job, weight });
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
    while (!this.stopped && this.waiting.length > 0 && (this.running === 0 || this.used + (this.waiting[0]?.weight ?? 1) <= this.limit)) {
      const { job, weight } = this.waiting.shift() as { job: () => Promise<void>; weight: number };
      this.running += 1;
      this.used += weight;
      void job()
        .catch(() => undefined)
        .finally(() => {
          this.running -= 1;
          this.used -= weight;
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
