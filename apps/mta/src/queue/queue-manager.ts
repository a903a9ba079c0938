/** @module The queue manager: schedules delivery attempts (now, after a backoff, on flush) with bounded concurrency. */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { silentLog, type MtaLog } from '../delivery/mail-events.js';
import type { RecipientOutcome } from '../delivery/outcome.js';
import { isLocal } from '../recipient.js';
import type { QueuedEnvelope } from '../spool/spool-file.js';
import type { SpooledMessage } from '../spool/spool.js';
import { attemptDelivery, UnrecordedProgressError, type AttemptContext, type Finished } from './delivery-attempt.js';
import { WorkLane } from './work-lane.js';

/** What the queue manager works with: what each attempt needs, and how to schedule them. */
export interface QueueManagerOptions extends Omit<AttemptContext, 'log'> {
  log?: MtaLog;
  /** Parallel attempts: messages with only local recipients, and the others. */
  concurrency?: { local: number; relay: number };
  /** Bytes of just-accepted messages kept in memory for their first attempt; beyond it they are read back from disk. */
  memoryBudget?: number;
  /** Hears what each attempt did to each recipient (for the metrics). */
  onOutcomes?: (outcomes: readonly RecipientOutcome[]) => void;
}

/** Messages larger than this are attempted in the large lane, which holds at most LARGE_BUDGET bytes of them at once. */
export const LARGE_MESSAGE = 1024 * 1024;

/** Bytes of large messages attempted at once (an attempt holds its message in memory); one larger than this runs alone. */
export const LARGE_BUDGET = 32 * 1024 * 1024;

/** The longest a timer may wait (setTimeout's limit); later attempts are rescheduled on wake-up. */
const MAX_TIMER = 2 ** 31 - 1;

/** Counts of what the attempts so far did. */
export interface QueueTotals {
  delivered: number;
  deferred: number;
  bounced: number;
}

/** Schedules attempts; one instance per spool, in the process that holds the spool lock. */
export class QueueManager {
  private readonly lanes: { local: WorkLane; relay: WorkLane; large: WorkLane };
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  /** Ids waiting in a lane or being attempted, so none is attempted twice at once. */
  private readonly busy = new Set<string>();
  /** Busy ids asked for again (a flush during their attempt): attempted once more when it ends. */
  private readonly again = new Set<string>();
  /** Removals of finished messages waiting for their events to be written. */
  private readonly removals = new Set<Promise<void>>();
  /** Recipients delivered or bounced whose record on disk failed (state or removal): never attempted again by this process. */
  private readonly unrecorded = new Map<string, Finished>();
  private inMemory = 0;
  private closed = false;
  readonly totals: QueueTotals = { delivered: 0, deferred: 0, bounced: 0 };

  constructor(private readonly options: QueueManagerOptions) {
    const concurrency = options.concurrency ?? { local: 32, relay: 16 };
    this.lanes = { local: new WorkLane(concurrency.local), relay: new WorkLane(concurrency.relay), large: new WorkLane(LARGE_BUDGET) };
  }

  private get log(): MtaLog {
    return this.options.log ?? silentLog;
  }

  /** A message just written to the spool: attempt it now, with its bytes (when given) kept in memory when they fit. */
  submit(envelope: QueuedEnvelope, data?: Buffer): void {
    const keep = data !== undefined && this.inMemory + data.length <= (this.options.memoryBudget ?? 64 * 1024 * 1024);
    if (keep) this.inMemory += data.length;
    this.enqueue(envelope.id, this.laneFor(envelope), keep ? { envelope, data } : undefined, envelope.size);
  }

  /** Schedules every message in the spool (after a start or a crash): untried ones now, deferred ones when due. */
  async recover(): Promise<number> {
    const ids = await this.options.spool.list();
    for (const id of ids) {
      const state = await this.options.spool.readState(id);
      const at = state ? Date.parse(state.nextAttemptAt) : Date.now();
      this.schedule(id, at);
    }
    return ids.length;
  }

  /** Attempts every deferred message now (`queue flush`); returns how many. */
  flush(): number {
    let count = 0;
    for (const [id, { timer }] of [...this.timers]) {
      if (existsSync(this.options.spool.pathOf(id))) {
        this.schedule(id, Date.now());
        count += 1;
      } else {
        clearTimeout(timer); // removed with `queue delete`
        this.timers.delete(id);
        this.options.spool.forget(id);
      }
    }
    return count;
  }

  /** Resolves when no attempt runs or waits and finished messages are removed (deferred ones may remain, on their timers). */
  async idle(): Promise<void> {
    const lanes = Object.values(this.lanes);
    while (lanes.reduce((n, lane) => n + lane.size, 0) + this.removals.size > 0) {
      await Promise.all([...lanes.map((lane) => lane.idle()), ...this.removals]);
    }
  }

  /** Stops scheduling; waits up to `graceMs` for attempts in progress (an interrupted one is repeated after restart). */
  async close(graceMs = 5000): Promise<void> {
    this.closed = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const lane of Object.values(this.lanes)) lane.stop();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.idle(), grace]);
    clearTimeout(timer);
  }

  private laneFor(envelope: QueuedEnvelope): WorkLane {
    if (envelope.size > LARGE_MESSAGE) return this.lanes.large;
    return envelope.recipients.every(isLocal) ? this.lanes.local : this.lanes.relay;
  }

  private schedule(id: string, at: number): void {
    if (this.closed) return;
    const existing = this.timers.get(id);
    if (existing) clearTimeout(existing.timer);
    this.timers.delete(id);
    const delay = at - Date.now();
    if (delay <= 0) return this.enqueue(id, this.lanes.relay);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      if (at - Date.now() > 1000) return this.schedule(id, at); // woke early: the wait was capped
      this.enqueue(id, this.lanes.relay);
    }, Math.min(delay, MAX_TIMER));
    this.timers.set(id, { at, timer });
  }

  private enqueue(id: string, lane: WorkLane, cached?: SpooledMessage, size = 1): void {
    if (this.closed) return;
    if (this.busy.has(id)) {
      this.again.add(id);
      return;
    }
    this.busy.add(id);
    lane.push(() => this.attempt(id, lane, cached), lane === this.lanes.large ? size : 1);
  }

  /** One attempt in `lane`; a large message that came through another lane (a retry) moves to the large lane first. */
  private async attempt(id: string, lane: WorkLane, cached?: SpooledMessage): Promise<void> {
    if (!cached && lane !== this.lanes.large) {
      const size = await stat(this.options.spool.pathOf(id)).then((s) => s.size, () => 0);
      if (size > LARGE_MESSAGE) return this.lanes.large.push(() => this.attempt(id, this.lanes.large), size);
    }
    let removed: Promise<void> | undefined;
    try {
      const result = await attemptDelivery({ ...this.options, log: this.log }, id, cached, this.unrecorded.get(id));
      this.unrecorded.delete(id);
      removed = result.removed;
      for (const { status } of result.outcomes) this.totals[status] += 1;
      if (result.outcomes.length) this.options.onOutcomes?.(result.outcomes);
      if (result.retryAt !== undefined) this.schedule(id, result.retryAt);
      if (result.bounce) this.submit(result.bounce.envelope, result.bounce.data);
    } catch (err) {
      if (err instanceof UnrecordedProgressError) this.unrecorded.set(id, err.done);
      this.log.warn(`mta: ${id}: attempt failed: ${(err as Error).message}; will retry`);
      this.schedule(id, Date.now() + this.options.retry.first);
    } finally {
      if (cached) this.inMemory -= cached.data.length;
      if (removed) this.awaitRemoval(id, removed);
      else this.release(id);
    }
  }

  /** Keeps the id busy, without holding a lane, until its spool file is gone. */
  private awaitRemoval(id: string, removed: Promise<void>): void {
    const done = removed
      .catch((err: Error) => {
        this.unrecorded.set(id, 'all');
        this.log.warn(`mta: ${id}: could not remove the delivered message: ${err.message}; will retry`);
        this.schedule(id, Date.now() + this.options.retry.first);
      })
      .finally(() => {
        this.removals.delete(done);
        this.release(id);
      });
    this.removals.add(done);
  }

  private release(id: string): void {
    this.busy.delete(id);
    if (this.again.delete(id)) this.enqueue(id, this.lanes.relay);
  }
}
