/** @module The live status of every target, written atomically for the viewer to read. */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileDurable } from '@uptime/durable-fs';
import type { HostStatus } from '@uptime/events';
import type { RecentCheck } from './check-window.js';
import { TextBuffer } from './text-buffer.js';

export interface TargetStatus {
  name: string;
  host: string;
  probe: string;
  status: HostStatus;
  /** The targets it is reached through (monitor.targets[].parent). */
  parents: string[];
  /** Its tags (monitor.targets[].tags). */
  tags: string[];
  since: string | null;
  rttMs: number | null;
  lastCheck: string | null;
  /** Failed checks among the recent ones, in percent. */
  lossPercent: number | null;
  averageRttMs: number | null;
  /** Why the last check failed (null after a success): which expectation, and what came instead. */
  lastError: string | null;
  /** tls and https: when the certificate last seen expires. */
  certificateExpires: string | null;
  /** A silence covers it now. */
  silenced: boolean;
  /** Someone acknowledged it while down (until it is up again). */
  acknowledged: boolean;
  /** Its state changes too often to be told one by one. */
  flapping: boolean;
  /** The last checks, oldest first; left out when there are many targets (see `recentWindowFits`). */
  recent?: RecentCheck[];
}

/** Most targets whose recent checks the file carries: 250 x 60 checks is about 1 MB of JSON. */
export const RECENT_WINDOW_MAX_TARGETS = 250;

/** Whether the status file carries each target's recent checks. */
export function recentWindowFits(targets: number): boolean {
  return targets <= RECENT_WINDOW_MAX_TARGETS;
}

/** How long after the last write the file is written again: for a routine change, and for a transition. */
export interface StatusWriteGaps {
  routineMs: number;
  transitionMs: number;
}

/**
 * Gaps that keep the cost of the file (which grows with the targets) small: a routine write every
 * second, or every 5 s for 5,000 targets; a transition at once for a few targets, within 0.5 s for 5,000.
 */
export function statusWriteGaps(targets: number): StatusWriteGaps {
  return { routineMs: Math.max(1000, targets), transitionMs: Math.floor(targets / 10) };
}

/**
 * Writes the status file at most every `gaps.routineMs`, and soon after a transition. Changes that come
 * while a write is waiting join it: a storm of transitions costs a write or two, not one per transition.
 */
export class StatusFile {
  private timer?: NodeJS.Timeout;
  private timerDueAt = Infinity;
  private lastWriteAt = -Infinity;
  private last: Promise<void> = Promise.resolve();
  private next?: Promise<void>;
  /** Kept from write to write: the file is built in it without one big string. */
  private readonly text = new TextBuffer();

  constructor(
    private readonly path: string,
    /** The status of each target, one at a time, so that thousands are never all in memory at once. */
    private readonly snapshot: () => Iterable<TargetStatus>,
    private readonly onProblem: (message: string) => void,
    private readonly gaps: StatusWriteGaps = { routineMs: 1000, transitionMs: 0 },
  ) {}

  /** Marks the status changed; a `transition` is written after the shorter gap. */
  changed(transition = false): void {
    const dueAt = this.lastWriteAt + (transition ? this.gaps.transitionMs : this.gaps.routineMs);
    if (this.timer && this.timerDueAt <= dueAt) return;
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDueAt = Infinity;
      void this.write();
    }, Math.max(0, dueAt - performance.now()));
  }

  /** Writes the current status (after the write in progress, if any) and waits for it. */
  write(): Promise<void> {
    if (!this.next) {
      this.next = this.last.then(() => {
        this.next = undefined; // from now on, a change needs another write
        return this.writeNow();
      });
      this.last = this.next;
    }
    return this.next;
  }

  /** Stops the pending timer and writes a last time. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = Infinity;
    await this.write();
  }

  private lastProblem?: string;

  private async writeNow(): Promise<void> {
    this.lastWriteAt = performance.now(); // the gaps run on the monotonic clock: a clock step delays no write
    try {
      await mkdir(dirname(this.path), { recursive: true });
      const { text } = this;
      text.clear();
      text.put(`{"updatedAt":${JSON.stringify(new Date().toISOString())},"targets":[`);
      let first = true;
      for (const target of this.snapshot()) {
        text.put(first ? JSON.stringify(target) : `,${JSON.stringify(target)}`);
        first = false;
      }
      text.put(']}\n');
      await writeFileDurable(this.path, text.bytes());
      if (this.lastProblem) this.onProblem(`writing ${this.path} works again`);
      this.lastProblem = undefined;
    } catch (err) {
      // reported once while it lasts (a full disk would otherwise be told at every write)
      const problem = `cannot write ${this.path}: ${(err as Error).message}; the status shown is from before, it is retried`;
      if (problem !== this.lastProblem) this.onProblem(problem);
      this.lastProblem = problem;
    }
  }
}
