/** @module POST /status/test-alert: the status page's "Send test alert" (the CSRF check runs before it). */
import { Hono } from 'hono';
import { testAlertPage } from '../pages/test-alert-page.js';
import type { TestAlertRunner } from '../test-alert-runner.js';

/** Sends a test alert and answers with what became of it; mounted at /status. */
export function testAlertRoute(run: TestAlertRunner): Hono {
  const app = new Hono();
  app.post('/test-alert', async (c) => {
    const result = await run();
    return c.html(testAlertPage(result), result.exitCode === 0 ? 200 : 502);
  });
  return app;
}
