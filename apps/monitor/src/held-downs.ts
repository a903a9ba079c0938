/**
 * @module DOWN alerts that a maintenance window or a silence held back: each is remembered until its
 * target is up again, and sent once nothing holds it any more while the target is still down (checked
 * every second). A target that went down and came back while held gets no email. Kept across restarts
 * by the silence state (see `entries` and `restore`).
 */
import type { HostDownEvent, Suppression, UptimeEvent } from '@uptime/events';

/** A DOWN alert held back, with the address it was about. */
export interface HeldDown {
  event: HostDownEvent;
  address: string;
}

export interface HeldDownsOptions {
  /** Whether something (a maintenance window, a silence) still holds back the alerts of the target of a name now. */
  holds: (name: string) => boolean;
  /** Whether the target of a name is down now; undefined while not known yet (not checked since the start): it stays held. */
  isDown: (name: string) => boolean | undefined;
  /** Sends the DOWN alert of a change that was held back. */
  sendDown: (event: HostDownEvent, address: string) => Promise<void>;
  onProblem: (message: string) => void;
  /** The held set changed (to be saved). */
  onChange?: () => void;
}

/** The holds whose DOWN is sent when they end; an acknowledgement or flapping is told differently. */
const SENT_AT_END: ReadonlySet<Suppression> = new Set(['maintenance', 'silence']);

const isHeld = (v: unknown): v is HeldDown => {
  const h = (v ?? {}) as Partial<HeldDown>;
  return typeof h.address === 'string' && h.event?.code === 'HOST_DOWN' && typeof h.event.target === 'string';
};

/** The held-back DOWN alerts, by target name. */
export class HeldDowns {
  private readonly held = new Map<string, HeldDown>();
  private timer?: NodeJS.Timeout;
  private releasing?: Promise<void>;

  constructor(private readonly options: HeldDownsOptions) {}

  /** Takes the entries a previous run kept (malformed ones are dropped). */
  restore(entries: readonly unknown[]): void {
    for (const entry of entries) if (isHeld(entry)) this.held.set(entry.event.target, entry);
  }

  /** The entries to keep across a restart. */
  entries(): HeldDown[] {
    return [...this.held.values()];
  }

  /** Hears of a recorded change: a held-back DOWN is remembered until its target is up again. */
  noted(event: UptimeEvent, address: string): void {
    if (event.code === 'HOST_DOWN' && event.suppressed !== undefined && SENT_AT_END.has(event.suppressed)) this.held.set(event.target, { event, address });
    else if (event.code === 'HOST_UP' && this.held.has(event.target)) this.held.delete(event.target);
    else return;
    this.options.onChange?.();
  }

  /** Looks every second for holds that ended. */
  start(): void {
    this.timer = setInterval(() => void this.release(), 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.releasing;
  }

  /** Sends the DOWN of each target no longer held that is still down; forgets those that are not. */
  release(): Promise<void> {
    this.releasing ??= this.releaseNow().finally(() => (this.releasing = undefined));
    return this.releasing;
  }

  private async releaseNow(): Promise<void> {
    let changed = false;
    for (const [name, { event, address }] of this.held) {
      if (this.options.holds(name)) continue;
      const down = this.options.isDown(name);
      if (down === undefined) continue;
      this.held.delete(name);
      changed = true;
      if (!down) continue;
      await this.options.sendDown(event, address).catch((err: Error) => {
        this.held.set(name, { event, address }); // tried again at the next release
        this.options.onProblem(`DOWN alert of ${name}, held back until now, not stored (${err.message}); it is tried again`);
      });
    }
    if (changed) this.options.onChange?.();
  }
}
