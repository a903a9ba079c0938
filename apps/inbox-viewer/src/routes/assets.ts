/** @module GET /assets/style.css, /assets/live.js and /assets/forms.js: the only style sheet and scripts the pages load. */
import { Hono } from 'hono';
import { FORMS_JS } from '../assets/forms-js.js';
import { LIVE_JS } from '../assets/live-js.js';
import { STYLE_CSS } from '../assets/style-css.js';

/** The static assets, mounted at /assets. */
export function assets(): Hono {
  const app = new Hono();
  const serve = (body: string, type: string) => () =>
    new Response(body, { headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' } });
  app.get('/style.css', serve(STYLE_CSS, 'text/css; charset=utf-8'));
  app.get('/live.js', serve(LIVE_JS, 'text/javascript; charset=utf-8'));
  app.get('/forms.js', serve(FORMS_JS, 'text/javascript; charset=utf-8'));
  return app;
}
