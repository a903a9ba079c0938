/** @module GET /api/status and GET /api/health. */
import { Hono } from 'hono';
import type { DataLayout } from '@uptime/config';
import { readHealth } from '../health.js';
import { readTargetStatus } from '../status-source.js';

/** Status of the targets and health of the parts, mounted at /api. */
export function statusApi(layout: DataLayout): Hono {
  const api = new Hono();
  api.get('/status', async (c) => c.json({ targets: await readTargetStatus(layout.statusFile) }));
  api.get('/health', async (c) => {
    const report = await readHealth(layout);
    return c.json(report, report.ok ? 200 : 503);
  });
  return api;
}
