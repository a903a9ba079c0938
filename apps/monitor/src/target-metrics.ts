/**
 * @module Feeds the Prometheus metrics from checks and transitions. Thousands of checks a second are
 * counted in plain numbers per target and handed to prom-client only when the metrics are read: a
 * labelled increment per check costs more than the rest of the check's bookkeeping. Series are set
 * through their labels, not prom-client's children (six bound functions each: 12 MB at 20,000 targets).
 */
import type { HostStatus } from '@uptime/events';
import type { Histogram, MonitorMetrics } from '@uptime/metrics';

type Labels = { target: string; host: string };
type CheckLabels = Labels & { result: 'success' | 'failure' };

interface Children {
  target: string;
  host: string;
  /** The labels of its series, kept so each write shares them with the series (no object more). */
  upLabels: Labels;
  /** Made on first use: most targets never fail, and each series costs about 1 KB. */
  success?: CheckLabels;
  failure?: CheckLabels;
  /** Checks counted since the metrics were last read. */
  successes: number;
  failures: number;
  /** In the list of children with counts to hand over. */
  dirty: boolean;
  /** Its series were removed (the target moved to another address): its counts are dropped. */
  gone: boolean;
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
  private dirty: Children[] = [];
  private readonly rttByProbe = new Map<string, ReturnType<Histogram['labels']>>();
  private metrics?: MonitorMetrics;

  /** Connects the metrics; they must call `collect` before their check series are read (createMonitorMetrics(beforeCollect)). */
  attach(metrics: MonitorMetrics): this {
    this.metrics = metrics;
    return this;
  }

  /** One check of `entry` (after `entry.address` was updated). */
  check(entry: Target, ok: boolean, rttMs: number | null): void {
    const c = this.childrenOf(entry);
    if (ok) c.successes += 1;
    else c.failures += 1;
    if (!c.dirty) {
      c.dirty = true;
      this.dirty.push(c);
    }
    if (ok && rttMs !== null) this.rttOf(entry.target.probe).observe(rttMs / 1000);
  }

  /** The target's new status: 1 up, 0 down or unreachable (no series while unknown). */
  status(entry: Target, status: HostStatus): void {
    if (status === 'unknown') return;
    const c = this.childrenOf(entry);
    c.upValue = status === 'up' ? 1 : 0;
    this.required().up.set(c.upLabels, c.upValue);
  }

  /** Hands the counts gathered since the last read to the counters. */
  collect(): void {
    const metrics = this.required();
    const dirty = this.dirty;
    this.dirty = [];
    for (const c of dirty) {
      c.dirty = false;
      if (c.gone) continue;
      const labels = (result: CheckLabels['result']): CheckLabels => ({ target: c.target, host: c.host, result });
      if (c.successes > 0) metrics.checks.inc((c.success ??= labels('success')), c.successes);
      if (c.failures > 0) metrics.checks.inc((c.failure ??= labels('failure')), c.failures);
      c.successes = 0;
      c.failures = 0;
    }
  }

  private required(): MonitorMetrics {
    if (!this.metrics) throw new Error('TargetMetrics used before attach()');
    return this.metrics;
  }

  private rttOf(probe: string): ReturnType<Histogram['labels']> {
    let child = this.rttByProbe.get(probe);
    if (!child) this.rttByProbe.set(probe, (child = this.required().rtt.labels({ probe })));
    return child;
  }

  private childrenOf(entry: Target): Children {
    const cached = this.children.get(entry);
    if (cached && cached.host === entry.address) return cached;
    const metrics = this.required();
    if (cached) {
      cached.gone = true;
      metrics.up.remove({ target: cached.target, host: cached.host });
      for (const result of ['success', 'failure']) metrics.checks.remove({ target: cached.target, host: cached.host, result });
    }
    const made: Children = {
      target: entry.target.name,
      host: entry.address,
      successes: 0,
      failures: 0,
      dirty: false,
      gone: false,
      upLabels: { target: entry.target.name, host: entry.address },
    };
    // the status goes with the target to its new address at once, not at its next status change
    if (cached?.upValue !== undefined) metrics.up.set(made.upLabels, (made.upValue = cached.upValue));
    this.children.set(entry, made);
    return made;
  }
}
