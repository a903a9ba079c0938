import { describe, expect, it } from 'vitest';
import { CheckStats } from './check-stats.js';

describe('CheckStats', () => {
  it('reports quantiles and the maximum of the lateness of checks', () => {
    const stats = new CheckStats();
    for (let ms = 1; ms <= 100; ms++) stats.started(ms);
    stats.started(250.4);
    stats.skip();
    const snapshot = stats.snapshot(5, 2000);
    expect(snapshot).toMatchObject({ targets: 5, intervalMs: 2000, checks: 101, skipped: 1 });
    expect(snapshot.latenessMs).toEqual({ p50: 51, p90: 91, p99: 100, max: 250 });
    expect(snapshot.cpuSeconds).toBeGreaterThan(0);
    expect(snapshot.maxRssMb).toBeGreaterThan(0);
  });

  it('keeps the true maximum beyond the tracked range, and is all zero before the first check', () => {
    expect(new CheckStats().snapshot(1, 1000).latenessMs).toEqual({ p50: 0, p90: 0, p99: 0, max: 0 });
    const stats = new CheckStats(10);
    stats.started(-3);
    stats.started(5000);
    expect(stats.snapshot(1, 1000).latenessMs).toEqual({ p50: 0, p90: 5000, p99: 5000, max: 5000 });
  });
});
