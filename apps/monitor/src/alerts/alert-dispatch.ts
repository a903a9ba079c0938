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
import { groupByRecipient } from '../alerting/recipients.js';

export interface AlertDispatchOptions {
  outbox: Outbox;
  sender: Pick<AlertSender, 'enqueueStored'>;
  alert: AlertOptions;
  /** alerts.groupWait in ms; 0 sends every change at once. */
  groupWaitMs: number;
  onProblem: (message: string) => void;
  /** Monotonic ms (default performance.now()). */
  now?: () => number;
  /** Who gets the alerts of target `name` (alerts.to and its routes; default alert.to). */
  recipientsOf?: (name: string) => string[];
}

/** How soon a digest that could not be written is tried again. */
const RETRY_MS = 1000;

/** Decides per change between an alert now and the window's digest, and sends the digest when the window ends. */
export class AlertDispatch {
  private readonly window: DigestWindow;
  private held: HeldEntry[] = [];
  /** The recipients told of something since the open window began (lower case): their next changes wait for its digest. */
  private told = new Set<string>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private stopped = false;
  private readonly now: () => number;
  private readonly recipientsOf: (name: string) => string[];

  constructor(private readonly options: AlertDispatchOptions) {
    this.window = new DigestWindow(options.groupWaitMs);
    this.now = options.now ?? (() => performance.now());
    this.recipientsOf = options.recipientsOf ?? (() => options.alert.to);
  }

  /** The alert options for target `name`: its recipients. */
  private alertFor(name: string) {
    return { ...this.options.alert, to: this.recipientsOf(name) };
  }

  /**
   * Sends `alert` (about target `target`) at once, outside the digest window, and drops that target's
   * changes held for the digest: the alert tells them (a FLAPPING email replaces the changes that led to it).
   */
  async sendNow(alert: AlertMessage, target: string): Promise<void> {
    const { outbox, sender } = this.options;
    sender.enqueueStored(await outbox.put({ ...alert, to: this.recipientsOf(target) }));
    const dropped = this.held.filter((e) => e.held.event.target === target);
    this.held = this.held.filter((e) => e.held.event.target !== target);
    for (const e of dropped) await outbox.remove(e.file);
  }

  /** Sends `alert` at once, to the recipients it names (a reminder, an escalation). */
  async sendAs(alert: AlertMessage): Promise<void> {
    this.options.sender.enqueueStored(await this.options.outbox.put(alert));
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

  /** An already recorded change that has no outbox file (a DOWN held back by maintenance): its alert now, or held for the digest; `behind`: the targets unreachable behind it now. */
  dispatchRecorded(event: TransitionEvent, address: string, behind: BehindTarget[] = []): Promise<void> {
    const { outbox } = this.options;
    return this.route({ event, address, ...(behind.length ? { behind } : {}) }, (alert) => outbox.put(alert), (held) => outbox.putHeld(held));
  }

  /**
   * The first change after a quiet spell goes at once and opens the window; so does a change in the window
   * for a recipient told of nothing in it yet (a route's first change: a quiet spell for that recipient),
   * to those recipients, and it is held for the others.
   */
  private async route(change: HeldChange, store: (alert: AlertMessage) => Promise<OutboxEntry>, hold: (held: HeldChange) => Promise<HeldEntry>): Promise<void> {
    const { sender, outbox } = this.options;
    const to = this.recipientsOf(change.event.target);
    const compose = (recipients: string[]) => composeAlert(change.event, { ...this.options.alert, to: recipients }, change.address, change.behind);
    const decision = this.window.offer(this.now(), this.held.length);
    if (decision.send === 'now') {
      this.told = new Set(to.map((r) => r.toLowerCase()));
      sender.enqueueStored(await store(compose(to)));
      return;
    }
    const fresh = to.filter((r) => !this.told.has(r.toLowerCase()));
    for (const r of fresh) this.told.add(r.toLowerCase());
    if (fresh.length === to.length) {
      sender.enqueueStored(await store(compose(to)));
      return;
    }
    // stored before the held change replaces the pending one: a kill in between tells `fresh` twice, never not at all
    // (with a Message-ID of its own: the MTA takes a second message of the same id for a resend and drops it)
    if (fresh.length > 0) sender.enqueueStored(await outbox.put(uniqueId(compose(fresh), 'now')));
    this.held.push(await hold(fresh.length > 0 ? { ...change, to: to.filter((r) => !fresh.includes(r)) } : change));
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
    if (!end.flush) {
      this.told.clear();
      return;
    }
    const batch = this.held;
    this.held = [];
    this.told = new Set(batch.flatMap((e) => this.heldFor(e)).map((r) => r.toLowerCase()));
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

  /** Who is still to be told of a held change. */
  private heldFor(entry: HeldEntry): string[] {
    return entry.held.to ?? this.recipientsOf(entry.held.event.target);
  }

  /**
   * One digest per group of recipients with the same changes (routes give some recipients only some
   * targets); one change alone goes as its own alert. The extra digests are stored first, then the first
   * is written over the first held file and lists the others (`covers`): a kill in between may send an
   * extra digest again at the next start, never lose one.
   */
  private async send(batch: HeldEntry[]): Promise<void> {
    const { outbox, sender, alert } = this.options;
    const [first, ...rest] = batch;
    if (!first) return;
    const groups = groupByRecipient(batch, (e) => this.heldFor(e));
    const messageOf = (entries: HeldEntry[], to: string[]) => {
      const [one, ...more] = entries;
      if (!one) return undefined;
      return more.length === 0 ? composeAlert(one.held.event, { ...alert, to }, one.held.address, one.held.behind) : composeDigest(entries.map((e) => e.held), { ...alert, to });
    };
    const [main, ...others] = groups.map((g) => messageOf(g.changes, g.to)).filter((m): m is AlertMessage => m !== undefined);
    if (!main) return;
    const extra: OutboxEntry[] = [];
    for (const message of others) extra.push(await outbox.put(uniqueId(message, `to-${extra.length + 1}`)));
    const entry = await outbox.complete(first.file, rest.length ? { ...main, covers: rest.map((e) => e.file) } : main);
    for (const e of rest) await outbox.remove(e.file);
    sender.enqueueStored(entry);
    for (const e of extra) sender.enqueueStored(e);
  }
}

/** A second message made of the same changes needs a Message-ID of its own. */
function uniqueId(message: AlertMessage, tag: string): AlertMessage {
  return { ...message, messageId: message.messageId.replace(/@/, `.${tag}@`) };
}
