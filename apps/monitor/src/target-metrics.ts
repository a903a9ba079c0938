/** @module Feeds the Prometheus metrics from checks and transitions, with label children cached per target. */
import type { HostStatus } from '@uptime/events';
import type { Counter, Gauge, MonitorMetrics } from '@uptime/metrics';

type CounterChild = ReturnType<Counter['labels']>;

interface Children {
  host: string;
  /** Made on first use: most targets never fail, and each series costs about 1 KB. */
  success?: CounterChild;
  failure?: CounterChild;
  up: ReturnType<Gauge['labels']>;
  /** The value the up gauge holds (none while unknown), carried to the series of a new address. */
  upValue?: 0 | 1;
}

interface Target {
  target: { name: string; probe: string };
  address: string;
}

/** Counts checks, observes round-trip times and sets each target's up gauge. */
export class TargetMetrics {
  private readonly children = new WeakMap<Target, Children>();

  constructor(private readonly metrics: MonitorMetrics) {}

  /** One check of `entry` (after `entry.address` was updated). */
  check(entry: Target, ok: boolean, rttMs: number | null): void {
    const c = this.childrenOf(entry);
    const labels = () => ({ target: entry.target.name, host: c.host, result: ok ? 'success' : 'failure' });
    if (ok) (c.success ??= this.metrics.checks.labels(labels())).inc();
    else (c.failure ??= this.metrics.checks.labels(labels())).inc();
    if (ok && rttMs !== null) this.metrics.rtt.labels({ probe: entry.target.probe }).observe(rttMs / 1000);
  }

  /** The target's new status: 1 up, 0 down (no series while unknown). */
  status(entry: Target, status: HostStatus): void {
    if (status !== 'up' && status !== 'down') return;
    const c = this.childrenOf(entry);
    c.upValue = status === 'up' ? 1 : 0;
    c.up.set(c.upValue);
  }

  private childrenOf(entry: Target): Children {
    const cached = this.children.get(entry);
    if (cached && cached.host === entry.address) return cached;
    if (cached) {
      this.metrics.up.remove({ target: entry.target.name, host: cached.host });
      for (const result of ['success', 'failure']) this.metrics.checks.remove({ target: entry.target.name, host: cached.host, result });
    }
    const made: Children = { host: entry.address, up: this.metrics.up.labels({ target: entry.target.name, host: entry.address }) };
    // the status goes with the target to its new address at once, not at its next status change
    if (cached?.upValue !== undefined) made.up.set((made.upValue = cached.upValue));
    this.children.set(entry, made);
    return made;
  }
}
