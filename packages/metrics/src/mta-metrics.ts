/** @module The MTA's metrics: messages received, delivered, deferred, bounced; queue and spool size. */
import { Counter, Gauge, Registry } from 'prom-client';

/** The gauge of messages waiting in the spool; /api/health reads it. */
export const MTA_QUEUE_GAUGE = 'uptime_mta_queue_messages';

export interface MtaMetrics {
  registry: Registry;
  received: Counter;
  delivered: Counter<'transport'>;
  deferred: Counter;
  bounced: Counter;
  queued: Gauge;
  spoolBytes: Gauge;
}

/** Creates the MTA's metrics in a registry of their own. */
export function createMtaMetrics(): MtaMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    received: new Counter({ name: 'uptime_mta_messages_received_total', help: 'Messages accepted (answered 250) by the MTA.', registers }),
    delivered: new Counter({ name: 'uptime_mta_deliveries_total', help: 'Recipients delivered, by transport (local, mx, smarthost).', labelNames: ['transport'], registers }),
    deferred: new Counter({ name: 'uptime_mta_deferred_total', help: 'Delivery attempts that failed temporarily and will be retried.', registers }),
    bounced: new Counter({ name: 'uptime_mta_bounced_total', help: 'Recipients given up on (a bounce was sent).', registers }),
    queued: new Gauge({ name: MTA_QUEUE_GAUGE, help: 'Messages in the spool waiting for delivery.', registers }),
    spoolBytes: new Gauge({ name: 'uptime_mta_spool_bytes', help: 'Bytes of the messages in the spool.', registers }),
  };
}
