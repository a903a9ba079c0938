/** @module The monitor's metrics: checks, round-trip times, target up/down, alerts. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The metrics the monitor updates; per-target series carry the labels `target` and `host`. */
export interface MonitorMetrics {
  registry: Registry;
  checks: Counter<'target' | 'host' | 'result'>;
  rtt: Histogram<'probe'>;
  up: Gauge<'target' | 'host'>;
  alertsQueued: Counter;
  alertsFailed: Counter;
  alertsPending: Gauge;
}

/**
 * Creates the monitor's metrics in a registry of their own. `beforeCollect` runs before the checks and
 * round-trip series are read, for a caller that counts checks itself and hands over the sums only then.
 */
export function createMonitorMetrics(beforeCollect?: () => void): MonitorMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    checks: new Counter({ name: 'uptime_checks_total', help: 'Checks made, by target and result (success or failure).', labelNames: ['target', 'host', 'result'], registers, ...(beforeCollect ? { collect: beforeCollect } : {}) }),
    rtt: new Histogram({
      name: 'uptime_check_rtt_seconds',
      help: 'Round-trip time of successful checks, by probe (per target it is in the status API; a histogram per target costs too much memory at thousands of targets).',
      labelNames: ['probe'],
      buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 2.5],
      registers,
      ...(beforeCollect ? { collect: beforeCollect } : {}),
    }),
    up: new Gauge({ name: 'uptime_target_up', help: 'Whether a target is up (1) or down (0); absent while unknown.', labelNames: ['target', 'host'], registers }),
    alertsQueued: new Counter({ name: 'uptime_alerts_queued_total', help: 'Alert emails accepted by the MTA.', registers }),
    alertsFailed: new Counter({ name: 'uptime_alerts_failed_total', help: 'Attempts to hand an alert email to the MTA that failed (the alert is kept and retried).', registers }),
    alertsPending: new Gauge({ name: 'uptime_alerts_pending', help: 'Alert emails in the outbox, not yet accepted by the MTA.', registers }),
  };
}
