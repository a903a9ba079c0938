/** @module The live status of every target, written atomically for the viewer to read. */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileDurable } from '@uptime/durable-fs';
import type { HostStatus } from '@uptime/events';
import type { RecentCheck } from './check-window.js';

export interface TargetStatus {
  name: string;
  host: string;
  probe: string;
  status: HostStatus;
  since: string | null;
  rttMs: number | null;
  lastCheck: string | null;
  /** Failed checks among the recent ones, in percent. */
  lossPercent: number | null;
  averageRttMs: number | null;
  /** The last checks, oldest first. */
  recent: RecentCheck[];
}

/** Writes the status file at most every `minGapMs`, and at once when asked to. */
export class StatusFile {
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly snapshot: () => TargetStatus[],
    private readonly onProblem: (message: string) => void,
    private readonly minGapMs = 1000,
  ) {}

  /** Marks the status changed; `now` writes without waiting for the gap (a transition). */
  changed(now = false): void {
    if (now) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.write();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.write();
      }, this.minGapMs);
    }
  }

  /** Writes the current status and waits for it. */
  async write(): Promise<void> {
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dirname(this.path), { recursive: true });
        const body = { updatedAt: new Date().toISOString(), targets: this.snapshot() };
        await writeFileDurable(this.path, `${JSON.stringify(body)}\n`);
      } catch (err) {
        this.onProblem(`cannot write ${this.path}: ${(err as Error).message}`);
      }
    });
    return this.writing;
  }

  /** Stops the pending timer and writes a last time. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.write();
  }
}
