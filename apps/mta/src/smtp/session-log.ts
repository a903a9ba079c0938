/** @module The SMTP side's log of abuse and trouble, one line per event with the client address as Postfix writes it, at most so many lines a second (then one summary line). */
import type { MtaLog } from '../delivery/mail-events.js';

/** Lines written per second before the rest are counted instead. */
export const LOG_LINES_PER_SECOND = 20;

/** The client as Postfix names it in its log: `[127.0.0.5]`, `[::1]` (IPv4-mapped IPv6 as IPv4). */
export function clientName(address: string | undefined): string {
  return `[${(address || 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')}]`;
}

/** A rate-limited log: lines past the limit in one second are dropped and counted in one line when the second ends. */
export class SessionLog {
  private windowStart = 0;
  private written = 0;
  private suppressed = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly log: MtaLog,
    private readonly perSecond = LOG_LINES_PER_SECOND,
  ) {}

  /** Writes `mta: <text>` unless the limit for this second is reached. */
  line(text: string): void {
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.flush();
      this.windowStart = now;
      this.written = 0;
    }
    if (this.written < this.perSecond) {
      this.written += 1;
      this.log.warn(`mta: ${text}`);
      return;
    }
    this.suppressed += 1;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), Math.max(1, this.windowStart + 1000 - now));
      this.timer.unref();
    }
  }

  /** Writes the summary of the lines dropped so far, if any. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.suppressed === 0) return;
    this.log.warn(`mta: ${this.suppressed} more session log lines suppressed (at most ${this.perSecond} a second)`);
    this.suppressed = 0;
  }
}
