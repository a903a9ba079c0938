/** @module When a checked certificate is to be reported: while it expires within the target's certificateExpiry, once a day. */

export const DAY_MS = 86_400_000;

/** Remembers, per target, when CERT_EXPIRING was last raised; no I/O. */
export class CertificateWatch {
  private readonly lastRaised = new Map<string, number>();

  /**
   * The whole days left when `target` should raise CERT_EXPIRING now (its certificate ends at `notAfterMs`,
   * wall clock, within `withinMs` of `wallNowMs`), else undefined. The day between two reports is measured on
   * the monotonic clock (`monoNowMs`), so a clock step neither repeats nor skips one. A renewed certificate
   * (outside the window again) starts afresh.
   */
  /** Notes that `target` raised CERT_EXPIRING `agoMs` before `monoNowMs` (in an earlier run, from the event log). */
  raisedBefore(target: string, agoMs: number, monoNowMs: number): void {
    const at = monoNowMs - agoMs;
    if ((this.lastRaised.get(target) ?? -Infinity) < at) this.lastRaised.set(target, at);
  }

  due(target: string, notAfterMs: number, withinMs: number, wallNowMs: number, monoNowMs: number): number | undefined {
    if (notAfterMs - wallNowMs > withinMs) {
      this.lastRaised.delete(target);
      return undefined;
    }
    const last = this.lastRaised.get(target);
    if (last !== undefined && monoNowMs - last < DAY_MS) return undefined;
    this.lastRaised.set(target, monoNowMs);
    return Math.floor((notAfterMs - wallNowMs) / DAY_MS);
  }
}
