/** @module Feeds the Prometheus metrics from checks and transitions, with label children cached per target. */
import type { Counter, Gauge, Histogram, MonitorMetrics } from '@uptime/metrics';
import type { TrackedTarget } from './tracked-target.js';

interface Children {
  host: string;
  success: ReturnType<Counter['labels']>;
  failure: ReturnType<Counter['labels']>;
  rtt: ReturnType<Histogram['labels']>;
  up: ReturnType<Gauge['labels']>;
}

/** Counts checks, observes round-trip times and sets each target's up gauge. */
export class TargetMetrics {
  private readonly children = new WeakMap<TrackedTarget, Children>();

  constructor(private readonly metrics: MonitorMetrics) {}

  /** One check of `entry` (after `entry.address` was updated). */
  check(entry: TrackedTarget, ok: boolean, rttMs: number | null): void {
    const c = this.childrenOf(entry);
    (ok ? c.success : c.failure).inc();
    if (ok && rttMs !== null) c.rtt.observe(rttMs / 1000);
  }

  /** The target's status after a check: 1 up, 0 down, no value while unknown. */
  status(entry: TrackedTarget): void {
    if (entry.state.status !== 'unknown') this.childrenOf(entry).up.set(entry.state.status === 'up' ? 1 : 0);
  }

  private childrenOf(entry: TrackedTarget): Children {
    const cached = this.children.get(entry);
    if (cached && cached.host === entry.address) return cached;
    if (cached) this.metrics.up.remove({ target: entry.target.name, host: cached.host });
    const labels = { target: entry.target.name, host: entry.address };
    const made: Children = {
      host: entry.address,
      success: this.metrics.checks.labels({ ...labels, result: 'success' }),
      failure: this.metrics.checks.labels({ ...labels, result: 'failure' }),
      rtt: this.metrics.rtt.labels(labels),
      up: this.metrics.up.labels(labels),
    };
    this.children.set(entry, made);
    return made;
  }
}
