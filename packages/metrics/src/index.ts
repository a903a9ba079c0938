/** @module Prometheus metrics of the monitor and the MTA, shared with the viewer through snapshot files. */
export { createMonitorMetrics, type MonitorMetrics } from './monitor-metrics.js';
export { createMtaMetrics, MTA_QUEUE_GAUGE, type MtaMetrics } from './mta-metrics.js';
export { readMtaQueueSize } from './mta-queue-size.js';
export { MetricsSnapshot, readMetricsSnapshots, snapshotPath } from './metrics-snapshot.js';
export { Counter, Gauge, Histogram, Registry } from 'prom-client';
