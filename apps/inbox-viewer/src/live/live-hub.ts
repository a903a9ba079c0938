/**
 * @module The source of live updates: while anyone listens, it looks every second for new events,
 * changes in the mail store and a new status file, and hands each to every listener.
 */
import { stat } from 'node:fs/promises';
import type { UptimeEvent } from '@uptime/events';
import { listEvents } from '../event-source.js';
import type { IndexChange } from '../mail-store/mail-index.js';
import type { MailStore, MessageSummary } from '../mail-store/mail-store.js';
import { encodeMessageId } from '../mail-store/message-id.js';
import { readTargetStatus, type TargetStatus } from '../status-source.js';

/** One update as the event stream sends it (the SSE event name is `type`). */
export type LiveUpdate =
  | { type: 'event'; data: UptimeEvent }
  | { type: 'message'; data: MessageSummary }
  | { type: 'mailbox'; data: { removed: string[]; updated: string[] } }
  | { type: 'status'; data: { targets: TargetStatus[] } };

export interface LiveSources {
  store: MailStore;
  eventsDir: string;
  statusFile: string;
  /** How often to look (default 1 s). */
  intervalMs?: number;
}

/** Late writers may record an event a little in the past; events this far back are looked at again. */
const LOOK_BACK_MS = 5000;

/** Fans out updates to the open event streams; does nothing while nobody listens. */
export class LiveHub {
  private readonly listeners = new Set<(update: LiveUpdate) => void>();
  private timer: NodeJS.Timeout | undefined;
  private stopStore: (() => void) | undefined;
  private eventsFromMs = 0;
  private sentEvents = new Map<string, number>();
  private statusVersion: string | undefined;
  private generation = 0;
  private looked: Promise<void> = Promise.resolve();

  constructor(private readonly sources: LiveSources) {}

  /** Starts sending updates to `listener`; returns the function that stops it. */
  subscribe(listener: (update: LiveUpdate) => void): () => void {
    if (this.listeners.size === 0) this.start();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Resolves once the hub knows what exists now: changes after that reach the listeners. */
  watching(): Promise<void> {
    return this.looked;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private send(update: LiveUpdate): void {
    for (const listener of this.listeners) listener(update);
  }

  private start(): void {
    this.eventsFromMs = Date.now() - LOOK_BACK_MS;
    this.sentEvents = new Map();
    this.statusVersion = undefined;
    const generation = ++this.generation;
    this.looked = this.firstLook();
    void this.looked.then(() => {
      if (generation !== this.generation) return; // stopped meanwhile
      this.stopStore = this.sources.store.onChange((change) => void this.mailChanged(change));
      this.schedule(generation);
    });
  }

  private stop(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopStore?.();
    this.stopStore = undefined;
  }

  /** Looks again after the interval, as long as the loop of `generation` was not stopped (a tick may outlive stop()). */
  private schedule(generation: number): void {
    if (this.listeners.size === 0 || generation !== this.generation) return;
    this.timer = setTimeout(() => void this.tick().finally(() => this.schedule(generation)), this.sources.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** Remembers what exists now, so that only what comes later is sent. */
  private async firstLook(): Promise<void> {
    await Promise.all([this.sources.store.index.refresh().catch(() => undefined), this.pollEvents(false), this.pollStatus(false)]);
  }

  private async tick(): Promise<void> {
    await Promise.all([this.sources.store.index.refresh().catch(() => undefined), this.pollEvents(true), this.pollStatus(true)]);
  }

  private async mailChanged(change: IndexChange): Promise<void> {
    for (const entry of change.added.slice(0, 100)) {
      const summary = await this.sources.store.summarize(entry);
      if (summary) this.send({ type: 'message', data: summary });
    }
    if (change.removed.length + change.updated.length > 0) {
      this.send({ type: 'mailbox', data: { removed: change.removed.map(encodeMessageId), updated: change.updated.map(encodeMessageId) } });
    }
  }

  private async pollEvents(send: boolean): Promise<void> {
    const since = new Date(this.eventsFromMs);
    const events = await listEvents(this.sources.eventsDir, { since, limit: 1000 }).catch(() => []);
    for (const event of events.reverse()) {
      if (this.sentEvents.has(event.id)) continue;
      const ms = Date.parse(event.time);
      this.sentEvents.set(event.id, ms);
      if (send) this.send({ type: 'event', data: event });
    }
    const newest = Math.max(this.eventsFromMs + LOOK_BACK_MS, ...this.sentEvents.values());
    this.eventsFromMs = newest - LOOK_BACK_MS;
    for (const [id, ms] of this.sentEvents) if (ms < this.eventsFromMs) this.sentEvents.delete(id);
  }

  private async pollStatus(send: boolean): Promise<void> {
    const version = await stat(this.sources.statusFile).then((s) => `${s.mtimeMs}:${s.size}:${s.ino}`, () => 'none');
    if (version === this.statusVersion) return;
    this.statusVersion = version;
    if (send) this.send({ type: 'status', data: { targets: await readTargetStatus(this.sources.statusFile).catch(() => []) } });
  }
}
