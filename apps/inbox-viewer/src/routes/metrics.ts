/** @module GET /metrics: every running part's metrics in the Prometheus text format. */
import { Hono } from 'hono';
import { Gauge, Registry, readMetricsSnapshots } from '@uptime/metrics';
import { readParts, type DataLayout } from '@uptime/config';

/** Serves the snapshots of the monitor and the MTA, and whether each part runs. */
export function metricsRoute(layout: DataLayout): Hono {
  const registry = new Registry();
  new Gauge({
    name: 'uptime_part_up',
    help: 'Whether a part of the appliance that was started runs (1) or not (0).',
    labelNames: ['part'],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ part: 'viewer' }, 1);
      for (const part of readParts(layout)) if (part.part !== 'viewer') this.set({ part: part.part }, part.up ? 1 : 0);
    },
  });
  const app = new Hono();
  app.get('/', async (c) => {
    const text = (await registry.metrics()) + (await readMetricsSnapshots(layout));
    return c.body(text, 200, { 'Content-Type': registry.contentType });
  });
  return app;
}
