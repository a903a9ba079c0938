/** @module GET /assets/style.css and /assets/live.js: the only style sheet and script the pages load. */
import { Hono } from 'hono';
import { LIVE_JS } from '../assets/live-js.js';
import { STYLE_CSS } from '../assets/style-css.js';

/** The static assets, mounted at /assets. */
export function assets(): Hono {
  const app = new Hono();
  const serve = (body: string, type: string) => () =>
    new Response(body, { headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' } });
  app.get('/style.css', serve(STYLE_CSS, 'text/css; charset=utf-8'));
  app.get('/live.js', serve(LIVE_JS, 'text/javascript; charset=utf-8'));
  return app;
}
