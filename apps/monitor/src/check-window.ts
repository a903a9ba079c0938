/** @module The recent checks of one target: loss and round-trip times over a fixed window, kept in flat arrays. */
import { isoLocal } from '@uptime/events';

export interface RecentCheck {
  t: string;
  ok: boolean;
  rttMs: number | null;
}

/**
 * A ring of the last `size` checks; loss and mean round-trip time are kept up to date as checks arrive.
 * Its arrays share one buffer, and each check's time is kept only for `recent()` (`keepTimes`): thousands
 * of targets show no recent checks, and their times would be half of the window's memory.
 */
export class CheckWindow {
  private readonly times?: Float64Array;
  private readonly ok: Uint8Array;
  /** Round-trip times in whole microseconds, -1 for none; only those of successful checks count for the mean. */
  private readonly rttUs: Int32Array;
  private lastTime = 0;
  private next = 0;
  private count = 0;
  private failed = 0;
  private rttSumUs = 0;
  private rttCount = 0;

  constructor(
    private readonly size = 60,
    { keepTimes = true }: { keepTimes?: boolean } = {},
  ) {
    const timeBytes = keepTimes ? 8 * size : 0;
    const buffer = new ArrayBuffer(timeBytes + 5 * size);
    if (keepTimes) this.times = new Float64Array(buffer, 0, size);
    this.rttUs = new Int32Array(buffer, timeBytes, size);
    this.ok = new Uint8Array(buffer, timeBytes + 4 * size, size);
  }

  /** Adds a check made at `timeMs` (ms since the epoch); nothing is allocated. */
  push(timeMs: number, ok: boolean, rttMs: number | null): void {
    const i = this.next;
    if (this.count === this.size) this.forget(i);
    else this.count += 1;
    const rttUs = rttMs !== null ? Math.round(rttMs * 1000) : -1;
    if (this.times) this.times[i] = timeMs;
    this.lastTime = timeMs;
    this.ok[i] = ok ? 1 : 0;
    this.rttUs[i] = rttUs;
    if (!ok) this.failed += 1;
    if (ok && rttUs >= 0) {
      this.rttSumUs += rttUs;
      this.rttCount += 1;
    }
    this.next = (i + 1) % this.size;
  }

  /** When the last check was made (ms since the epoch), or null before the first. */
  lastTimeMs(): number | null {
    return this.count === 0 ? null : this.lastTime;
  }

  /** The round-trip time of the last check, or null. */
  lastRttMs(): number | null {
    const rttUs = this.count === 0 ? -1 : (this.rttUs[(this.next - 1 + this.size) % this.size] ?? -1);
    return rttUs >= 0 ? rttUs / 1000 : null;
  }

  /** Oldest first (none unless made with `keepTimes`). */
  recent(): RecentCheck[] {
    const out: RecentCheck[] = [];
    if (!this.times) return out;
    for (let k = 0; k < this.count; k++) {
      const i = (this.next - this.count + k + this.size) % this.size;
      const rttUs = this.rttUs[i] ?? -1;
      out.push({ t: isoLocal(new Date(this.times[i] as number)), ok: this.ok[i] === 1, rttMs: rttUs >= 0 ? rttUs / 1000 : null });
    }
    return out;
  }

  /** Failed checks in the window, in percent (null before the first check). */
  lossPercent(): number | null {
    if (this.count === 0) return null;
    return Math.round((this.failed / this.count) * 1000) / 10;
  }

  /** Mean round-trip time of the successful checks in the window. */
  averageRttMs(): number | null {
    if (this.rttCount === 0) return null;
    return Math.round(this.rttSumUs / this.rttCount) / 1000;
  }

  private forget(i: number): void {
    if (this.ok[i] === 0) this.failed -= 1;
    const rttUs = this.rttUs[i] ?? -1;
    if (this.ok[i] === 1 && rttUs >= 0) {
      this.rttSumUs -= rttUs;
      this.rttCount -= 1;
    }
  }
}
