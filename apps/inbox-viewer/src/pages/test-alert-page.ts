/** @module The answer to "Send test alert": what became of it, one line per recipient, and the way back to the status page. */
import { html } from 'hono/html';
import type { TestAlertResult } from '../test-alert-runner.js';
import { page, type Markup } from './layout.js';

const VERDICT: Record<number, string> = { 0: 'Delivered', 75: 'Not delivered yet', 1: 'Not delivered' };

/** The form the status page shows: a plain POST with the form token, so it works without JavaScript. */
export function testAlertForm(csrf: string): Markup {
  return html`<form method="post" action="/status/test-alert" class="test-alert"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">Send test alert</button> <span class="muted">to the alert recipients, the way alerts go; the answer says what became of it.</span></form>`;
}

/** The result page. */
export function testAlertPage(result: TestAlertResult): Markup {
  const title = `Test alert: ${VERDICT[result.exitCode] ?? 'Not delivered'}`;
  return page(
    title,
    'status',
    html`<h1>${title}</h1><pre class="test-alert-report">${result.lines.join('\n')}</pre><p><a href="/status">Back to the status page</a></p>`,
  );
}
