/** @module GET /assets/style.css and the scripts (live.js, stream.js, stream-worker.js, forms.js): the only style sheet and scripts the pages load. */
import { Hono } from 'hono';
import { FORMS_JS } from '../assets/forms-js.js';
import { LIVE_JS } from '../assets/live-js.js';
import { STREAM_WORKER_JS } from '../assets/stream-worker-js.js';
import { STREAM_JS } from '../assets/stream-js.js';
import { STYLE_CSS } from '../assets/style-css.js';

/** The static assets, mounted at /assets. */
export function assets(): Hono {
  const app = new Hono();
  const serve = (body: string, type: string) => () =>
    new Response(body, { headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' } });
  app.get('/style.css', serve(STYLE_CSS, 'text/css; charset=utf-8'));
  app.get('/live.js', serve(LIVE_JS, 'text/javascript; charset=utf-8'));
  app.get('/forms.js', serve(FORMS_JS, 'text/javascript; charset=utf-8'));
  app.get('/stream.js', serve(STREAM_JS, 'text/javascript; charset=utf-8'));
  app.get('/stream-worker.js', serve(STREAM_WORKER_JS, 'text/javascript; charset=utf-8'));
  return app;
}
