/** @module The one error handler: JSON `{error}` under /api, a small HTML page elsewhere. */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SearchIndexBusy } from './mail-store/search-index.js';
import { errorPage } from './pages/error-page.js';

function isApi(c: Context): boolean {
  return c.req.path === '/api' || c.req.path.startsWith('/api/');
}

function respond(c: Context, status: ContentfulStatusCode, message: string) {
  return isApi(c) ? c.json({ error: message }, status) : c.html(errorPage(status, message), status);
}

/** Turns an HTTPException into its status and message (a search before the index is built into 503); anything else is logged and answered 500. */
export const onError: ErrorHandler = (err, c) => {
  if (err instanceof SearchIndexBusy) {
    c.header('Retry-After', String(err.retryAfterSeconds));
    return respond(c, 503, err.message);
  }
  if (err instanceof HTTPException) {
    if (err.res) return err.getResponse();
    return respond(c, err.status as ContentfulStatusCode, err.message || 'request failed');
  }
  process.stderr.write(`viewer: ${c.req.method} ${c.req.path} failed: ${err.stack ?? String(err)}\n`);
  return respond(c, 500, 'internal error; the viewer log has the details');
};

/** A 404 in the same two shapes. */
export const onNotFound: NotFoundHandler = (c) => respond(c, 404, `${c.req.path} not found`);
