/** @module Counts of a run's checks and how late each started against its schedule, for `--stats-file`. */

/** What `--stats-file` holds. */
export interface MonitorStats {
  targets: number;
  intervalMs: number;
  /** Checks started. */
  checks: number;
  /** Slots skipped because the target's previous check had not finished. */
  skipped: number;
  /** Start of a check minus the time it was due, in ms (1 ms resolution). */
  latenessMs: { p50: number; p90: number; p99: number; max: number };
  /** CPU seconds of this process (user + system) and its peak resident memory. */
  cpuSeconds: number;
  maxRssMb: number;
  uptimeSeconds: number;
}

/** A histogram of lateness in 1 ms steps: constant memory however long the run. */
export class CheckStats {
  private readonly buckets: Uint32Array;
  private checks = 0;
  private skipped = 0;
  private max = 0;

  constructor(private readonly maxTrackedMs = 60_000) {
    this.buckets = new Uint32Array(maxTrackedMs + 1);
  }

  /** Notes a check that started `latenessMs` after it was due. */
  started(latenessMs: number): void {
    const ms = Math.max(0, Math.round(latenessMs));
    this.checks += 1;
    if (ms > this.max) this.max = ms;
    const bucket = Math.min(ms, this.maxTrackedMs);
    this.buckets[bucket] = (this.buckets[bucket] ?? 0) + 1;
  }

  /** Notes a slot skipped because the previous check of its target was still running. */
  skip(): void {
    this.skipped += 1;
  }

  /** The lateness below which a share `q` (0..1) of the checks started. */
  quantile(q: number): number {
    if (this.checks === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.checks));
    let seen = 0;
    for (let ms = 0; ms < this.buckets.length; ms++) {
      seen += this.buckets[ms] ?? 0;
      if (seen >= rank) return ms === this.maxTrackedMs ? this.max : ms; // the last bucket holds all beyond
    }
    return this.max;
  }

  /** The figures so far, with this process's CPU time and peak memory. */
  snapshot(targets: number, intervalMs: number): MonitorStats {
    const cpu = process.cpuUsage();
    return {
      targets,
      intervalMs,
      checks: this.checks,
      skipped: this.skipped,
      latenessMs: { p50: this.quantile(0.5), p90: this.quantile(0.9), p99: this.quantile(0.99), max: this.max },
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
      uptimeSeconds: Math.round(process.uptime() * 10) / 10,
    };
  }
}
