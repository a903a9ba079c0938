/** @module Keeps the MTA's Prometheus metrics current and shares them with the viewer through <dataDir>/run/metrics/mta.prom. */
import { createMtaMetrics, MetricsSnapshot, type MtaMetrics } from '@uptime/metrics';
import type { AppConfig, DataLayout } from '@uptime/config';
import type { RecipientOutcome } from './delivery/outcome.js';
import { isLocal } from './recipient.js';
import { SpoolUsage } from './spool/spool-usage.js';

/** Counts received mail and delivery outcomes, mirrors the spool's size; the snapshot runs from start() to stop(). */
export class MtaMetricsFeed {
  readonly metrics: MtaMetrics = createMtaMetrics();
  /** Handed to the spool, which keeps it current. */
  readonly usage = new SpoolUsage((u) => {
    this.metrics.queued.set(u.messages);
    this.metrics.spoolBytes.set(u.bytes);
    this.changed();
  });
  private snapshot?: MetricsSnapshot;

  /** `relayMode` labels deliveries to other domains (mx or smarthost). */
  constructor(private readonly relayMode: AppConfig['mta']['relay']['mode']) {}

  /** Starts writing the snapshot (once this process holds the spool, so it never overwrites another MTA's). */
  start(layout: DataLayout): void {
    this.snapshot = new MetricsSnapshot(layout, 'mta', this.metrics.registry);
    void this.snapshot.flush();
  }

  /** A message was answered 250. */
  received(): void {
    this.metrics.received.inc();
    this.changed();
  }

  /** What one delivery attempt did to each recipient. */
  outcomes(outcomes: readonly RecipientOutcome[]): void {
    for (const { status, recipient } of outcomes) {
      if (status === 'delivered') this.metrics.delivered.inc({ transport: isLocal(recipient) ? 'local' : this.relayMode });
      else this.metrics[status].inc();
    }
    this.changed();
  }

  /** Writes the current values now (tests, and before a stop). */
  flush(): Promise<void> {
    return this.snapshot?.flush() ?? Promise.resolve();
  }

  /** Stops the snapshot and removes its file. */
  async stop(): Promise<void> {
    await this.snapshot?.stop();
  }

  private changed(): void {
    this.snapshot?.flushSoon();
  }
}
