/**
 * @module Reminders and escalations at run time (alerts.repeatInterval, alerts.escalate): from the moment
 * a target's DOWN email goes out, checks every second (monotonic clock) what alerting/reminder-schedule
 * says is due and sends it, until the target is up or acknowledged. Each outage's schedule is kept in
 * <dataDir>/state/reminders.json before its email is stored, so a restart neither loses the next one nor
 * sends one twice (the time down is carried across the restart by the wall clock, never backwards).
 */
import type { HostDownEvent } from '@uptime/events';
import { nextDue, takeDue, type RepeatPolicy, type ReminderState } from './alerting/reminder-schedule.js';
import { formatDuration } from './alerts/alert-message.js';
import { JsonStateFile, readStateFile } from './json-state-file.js';

export interface ReminderTrackerOptions {
  policy: RepeatPolicy;
  statePath: string;
  /** Whether target `name` is still down. */
  isDown: (name: string) => boolean;
  /** Whether someone acknowledged target `name`. */
  isAcknowledged: (name: string) => boolean;
  /** Sends reminder `count` of a DOWN. */
  sendReminder: (event: HostDownEvent, address: string, count: number, downForText: string) => Promise<void>;
  /** Sends escalation step `step` of a DOWN. */
  sendEscalation: (event: HostDownEvent, address: string, step: number, downForText: string) => Promise<void>;
  onProblem: (message: string) => void;
  /** Monotonic ms (default performance.now()) and wall ms (default Date.now()). */
  now?: () => number;
  wallNow?: () => number;
}

interface Outage extends ReminderState {
  event: HostDownEvent;
  address: string;
}

interface SavedOutage {
  event: HostDownEvent;
  address: string;
  /** How long after its DOWN email this was written, and when (wall ms). */
  elapsedMs: number;
  savedAt: number;
  reminders: number;
  escalated: number[];
}

/** Tracks the outages whose DOWN email went out and sends what is due for them. */
export class ReminderTracker {
  private readonly outages = new Map<string, Outage>();
  private readonly file: JsonStateFile;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private readonly now: () => number;
  private readonly wallNow: () => number;

  constructor(private readonly options: ReminderTrackerOptions) {
    this.now = options.now ?? (() => performance.now());
    this.wallNow = options.wallNow ?? Date.now;
    this.file = new JsonStateFile(options.statePath, () => this.snapshot(), options.onProblem);
  }

  private get active(): boolean {
    return this.options.policy.repeatInterval > 0 || this.options.policy.escalateAfter.length > 0;
  }

  /** Reads the schedules a previous run kept and checks every second. */
  async start(): Promise<void> {
    if (!this.active) return;
    const saved = (await readStateFile(this.options.statePath, this.options.onProblem)) as { outages?: Record<string, SavedOutage> } | undefined;
    const now = this.now();
    const wall = this.wallNow();
    for (const [name, s] of Object.entries(saved?.outages ?? {})) {
      if (!s?.event || !Number.isFinite(s.elapsedMs) || !Number.isFinite(s.savedAt)) continue;
      const elapsed = s.elapsedMs + Math.max(0, wall - s.savedAt);
      this.outages.set(name, { event: s.event, address: s.address, toldAt: now - elapsed, reminders: s.reminders ?? 0, escalated: s.escalated ?? [] });
    }
    this.timer = setInterval(() => void (this.ticking ??= this.sendDue().finally(() => (this.ticking = undefined))), 1000);
    this.timer.unref();
  }

  /** A DOWN email of target `event.target` went out now: its reminders start. */
  async told(event: HostDownEvent, address: string): Promise<void> {
    if (!this.active || this.outages.has(event.target)) return;
    this.outages.set(event.target, { event, address, toldAt: this.now(), reminders: 0, escalated: [] });
    await this.file.save();
  }

  /** Target `name` is up again: its reminders stop. */
  ended(name: string): void {
    if (this.outages.delete(name)) this.file.changed();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    if (this.active) await this.file.save();
  }

  /** Sends what is due now (done every second once started). */
  async sendDue(): Promise<void> {
    const now = this.now();
    const { policy } = this.options;
    for (const [name, outage] of this.outages) {
      if (!this.options.isDown(name) || this.options.isAcknowledged(name)) {
        this.ended(name);
        continue;
      }
      if ((nextDue(outage, policy) ?? Infinity) > now) continue;
      const due = takeDue(outage, now, policy);
      await this.file.save(); // counted as sent before it is stored: a kill in between loses it, never doubles it
      const downFor = formatDuration((now - outage.toldAt) / 1000);
      try {
        if (due.reminder !== undefined) await this.options.sendReminder(outage.event, outage.address, due.reminder, downFor);
        for (const step of due.escalations) await this.options.sendEscalation(outage.event, outage.address, step, downFor);
      } catch (err) {
        this.options.onProblem(`reminder of ${name} not stored (${(err as Error).message}); the next one follows on schedule`);
      }
    }
  }

  private snapshot(): { version: 1; outages: Record<string, SavedOutage> } {
    const now = this.now();
    const savedAt = this.wallNow();
    const outages: Record<string, SavedOutage> = {};
    for (const [name, o] of this.outages) {
      outages[name] = { event: o.event, address: o.address, elapsedMs: Math.max(0, now - o.toldAt), savedAt, reminders: o.reminders, escalated: o.escalated };
    }
    return { version: 1, outages };
  }
}
