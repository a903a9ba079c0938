/**
 * @module Sends the alert of each recorded change at once, or holds it on disk for its window's digest
 * (`alerts.groupWait`, decided by alerting/digest-window). A held change lives in its outbox file, so a
 * kill loses none: the next start sends what was held. A digest is written over the first held file and
 * lists the others (`covers`), which are removed before it is sent, so nothing is sent twice.
 */
import { composeAlert, type AlertMessage, type AlertOptions, type BehindTarget, type TransitionEvent } from './alert-message.js';
import type { AlertSender } from './alert-sender.js';
import type { HeldEntry, Outbox, OutboxEntry } from './outbox.js';
import { composeDigest, type HeldChange } from '../alerting/digest-message.js';
import { DigestWindow } from '../alerting/digest-window.js';

export interface AlertDispatchOptions {
  outbox: Outbox;
  sender: Pick<AlertSender, 'enqueueStored'>;
  alert: AlertOptions;
  /** alerts.groupWait in ms; 0 sends every change at once. */
  groupWaitMs: number;
  onProblem: (message: string) => void;
  /** Monotonic ms (default performance.now()). */
  now?: () => number;
}

/** How soon a digest that could not be written is tried again. */
const RETRY_MS = 1000;

/** Decides per change between an alert now and the window's digest, and sends the digest when the window ends. */
export class AlertDispatch {
  private readonly window: DigestWindow;
  private held: HeldEntry[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: AlertDispatchOptions) {
    this.window = new DigestWindow(options.groupWaitMs);
    this.now = options.now ?? (() => performance.now());
  }

  /** Changes held at the time of a kill: removes those a written digest already carries, and sends the rest at once. Call before the sender starts. */
  async recover(): Promise<void> {
    const { outbox, onProblem } = this.options;
    const covered = new Set((await outbox.list(onProblem)).flatMap((e) => e.alert.covers ?? []));
    for (const file of covered) await outbox.remove(file);
    this.held = (await outbox.listHeld(onProblem)).filter((e) => !covered.has(e.file));
    if (this.held.length > 0) await this.endWindow();
  }

  /** The recorded change in outbox file `file` (a pending entry): its alert now, or held for the digest. Resolves once on disk. */
  dispatch(file: string, event: TransitionEvent, address: string, behind: BehindTarget[] = []): Promise<void> {
    const { outbox } = this.options;
    return this.route({ event, address, ...(behind.length ? { behind } : {}) }, (alert) => outbox.complete(file, alert), (held) => outbox.hold(file, held));
  }

  /** An already recorded change that has no outbox file (a DOWN held back by maintenance): its alert now, or held for the digest. */
  dispatchRecorded(event: TransitionEvent, address: string): Promise<void> {
    const { outbox } = this.options;
    return this.route({ event, address }, (alert) => outbox.put(alert), (held) => outbox.putHeld(held));
  }

  private async route(change: HeldChange, store: (alert: AlertMessage) => Promise<OutboxEntry>, hold: (held: HeldChange) => Promise<HeldEntry>): Promise<void> {
    const decision = this.window.offer(this.now(), this.held.length);
    if (decision.send === 'now') {
      this.options.sender.enqueueStored(await store(composeAlert(change.event, this.options.alert, change.address, change.behind)));
      return;
    }
    this.held.push(await hold(change));
    this.arm(decision.until);
  }

  /** Stops the window's timer; what is held stays on disk and is sent at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.flushing;
  }

  private arm(at: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing ??= this.endWindow().finally(() => (this.flushing = undefined));
    }, Math.max(0, Math.ceil(at - this.now())));
    this.timer.unref();
  }

  /** The window ended: the held changes go out as one digest (one change: its own alert), and the next window opens. */
  private async endWindow(): Promise<void> {
    const end = this.window.close(this.now(), this.held.length);
    if (!end.flush) return;
    const batch = this.held;
    this.held = [];
    try {
      await this.send(batch);
    } catch (err) {
      this.options.onProblem(`digest of ${batch.length} held alert(s) could not be written (${(err as Error).message}); it is tried again`);
      this.held = [...batch, ...this.held];
      this.arm(this.now() + RETRY_MS);
      return;
    }
    this.arm(end.next);
  }

  private async send(batch: HeldEntry[]): Promise<void> {
    const { outbox, sender, alert } = this.options;
    const [first, ...rest] = batch;
    if (!first) return;
    const message =
      rest.length === 0
        ? composeAlert(first.held.event, alert, first.held.address, first.held.behind)
        : { ...composeDigest(batch.map((e) => e.held), alert), covers: rest.map((e) => e.file) };
    const entry = await outbox.complete(first.file, message);
    for (const e of rest) await outbox.remove(e.file);
    sender.enqueueStored(entry);
  }
}
