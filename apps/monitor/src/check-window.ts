/** @module The recent checks of one target: loss and round-trip times over a fixed window. */

export interface RecentCheck {
  t: string;
  ok: boolean;
  rttMs: number | null;
}

/** A ring of the last `size` checks. */
export class CheckWindow {
  private readonly items: RecentCheck[] = [];

  constructor(private readonly size = 60) {}

  push(check: RecentCheck): void {
    this.items.push(check);
    if (this.items.length > this.size) this.items.shift();
  }

  /** Oldest first. */
  recent(): RecentCheck[] {
    return [...this.items];
  }

  /** Failed checks in the window, in percent (null before the first check). */
  lossPercent(): number | null {
    if (this.items.length === 0) return null;
    const failed = this.items.filter((c) => !c.ok).length;
    return Math.round((failed / this.items.length) * 1000) / 10;
  }

  /** Mean round-trip time of the successful checks in the window. */
  averageRttMs(): number | null {
    const rtts = this.items.flatMap((c) => (c.ok && c.rttMs !== null ? [c.rttMs] : []));
    if (rtts.length === 0) return null;
    return Math.round((rtts.reduce((a, b) => a + b, 0) / rtts.length) * 1000) / 1000;
  }
}
