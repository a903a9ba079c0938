/**
 * @module Maintenance at run time: records MAINTENANCE_STARTED / MAINTENANCE_ENDED as windows open and
 * close (checked every second) and marks the changes of covered targets `suppressed: maintenance` (their
 * emails held back; held-downs sends the DOWN of a target still down when the window closes). The
 * decisions are alerting/maintenance-windows'.
 */
import type { MaintenanceWindow } from '@uptime/config';
import type { NewEvent, UptimeEvent } from '@uptime/events';
import { MaintenanceWindows, type WindowTarget } from './alerting/maintenance-windows.js';

export interface MaintenanceTrackerOptions {
  windows: readonly MaintenanceWindow[];
  record: (event: NewEvent) => Promise<UptimeEvent>;
  onProblem: (message: string) => void;
  /** Wall-clock ms (default Date.now()). */
  now?: () => number;
}

/** Tracks the maintenance windows and what they held back. */
export class MaintenanceTracker {
  private readonly rule: MaintenanceWindows;
  private readonly open = new Set<string>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: MaintenanceTrackerOptions) {
    this.rule = new MaintenanceWindows(options.windows);
    this.now = options.now ?? Date.now;
  }

  /** Records the windows open now and checks every second. */
  async start(): Promise<void> {
    if (this.options.windows.length === 0) return;
    await this.tick();
    this.timer = setInterval(() => void (this.ticking ??= this.tick().finally(() => (this.ticking = undefined))), 1000);
    this.timer.unref();
  }

  /** `maintenance` when an open window covers `target` at `now` (wall ms). */
  suppression(target: WindowTarget, now: number): 'maintenance' | undefined {
    return this.rule.covering(target, now) !== undefined ? 'maintenance' : undefined;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  private async tick(): Promise<void> {
    const now = this.now();
    const openNow = new Map(this.rule.open(now).map((w) => [w.name, w]));
    for (const w of this.options.windows) {
      const wasOpen = this.open.has(w.name);
      if (openNow.has(w.name) === wasOpen) continue;
      if (wasOpen) this.open.delete(w.name);
      else this.open.add(w.name);
      const word = wasOpen ? 'ended' : 'started';
      await this.options
        .record({ code: wasOpen ? 'MAINTENANCE_ENDED' : 'MAINTENANCE_STARTED', hosts: [], window: w.name, targets: w.targets, message: `Maintenance window ${w.name} ${word}.` })
        .catch((err: Error) => this.options.onProblem(`maintenance ${w.name} ${word}, not recorded: ${err.message}`));
    }
  }
}
