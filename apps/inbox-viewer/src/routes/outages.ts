/** @module GET /api/outages.csv, GET /api/outages (JSON with totals) and the /outages page. */
import { Hono, type Context } from 'hono';
import type { DataLayout } from '@uptime/config';
import { totals } from '../outages/availability.js';
import { outagesCsv } from '../outages/outage-csv.js';
import { readOutages } from '../outages/outage-log.js';
import { outagesPage } from '../pages/outages-page.js';
import { textParam } from '../query-params.js';
import { readTargetDetails } from '../status-source.js';

async function gather(layout: DataLayout, c: Context) {
  const host = textParam(c.req.query('host'));
  const now = Date.now();
  const [outages, targets] = await Promise.all([readOutages(layout, host), readTargetDetails(layout.statusFile).catch(() => [])]);
  const known = targets.filter((t) => host === undefined || t.host === host);
  return { host, now, outages, totals: totals(outages, now, known) };
}

/** The outage API, mounted at /api. */
export function outagesApi(layout: DataLayout): Hono {
  const api = new Hono();
  api.get('/outages.csv', async (c) => {
    const { outages } = await gather(layout, c);
    c.header('Content-Disposition', 'attachment; filename="outages.csv"');
    return c.body(outagesCsv(outages), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });
  api.get('/outages', async (c) => {
    const { outages, totals: list } = await gather(layout, c);
    return c.json({ outages, totals: list });
  });
  return api;
}

/** The outages page, mounted at /. */
export function outagesPages(layout: DataLayout): Hono {
  const app = new Hono();
  app.get('/outages', async (c) => {
    const { host, now, outages, totals: list } = await gather(layout, c);
    return c.html(outagesPage(outages, list, host, now));
  });
  return app;
}
