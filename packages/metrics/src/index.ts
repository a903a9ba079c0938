/** @module Prometheus metrics of the monitor and the MTA, shared with the viewer through snapshot files. */
export { createMonitorMetrics, type MonitorMetrics } from './monitor-metrics.js';
export { createMtaMetrics, type MtaMetrics } from './mta-metrics.js';
export { MetricsSnapshot, readMetricsSnapshots } from './metrics-snapshot.js';
export { Counter, Gauge, Histogram, Registry } from 'prom-client';
