/**
 * @module Protection of requests that change state: every POST, PUT, PATCH and DELETE must come from
 * this origin (Origin / Sec-Fetch-Site); forms also carry a token only our pages know, and API calls
 * must send JSON (which another site cannot do without a CORS preflight that the viewer never allows).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { refuseCrossSite } from './request-origin.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The form token of this process: an HMAC under a secret made at start, so it dies with the process. */
export class CsrfTokens {
  private readonly secret = randomBytes(32);

  /** The token that forms put in their `csrf` field. */
  token(): string {
    return createHmac('sha256', this.secret).update('uptime-viewer-forms').digest('base64url');
  }

  /** True when `value` is this process's token. */
  check(value: unknown): boolean {
    const expected = Buffer.from(this.token());
    const given = Buffer.from(typeof value === 'string' ? value : '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** Refuses state-changing requests from other sites, API calls without a JSON body type, and forms without the token. */
export function csrfProtection(tokens: CsrfTokens): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    refuseCrossSite(c);
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (c.req.path.startsWith('/api/')) {
      const bodyless = c.req.method === 'DELETE' && !c.req.header('content-length') && !c.req.header('transfer-encoding');
      if (!bodyless && type !== 'application/json') throw new HTTPException(415, { message: 'send the request body as application/json' });
    } else {
      const form = type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data' ? await c.req.parseBody({ all: true }) : {};
      if (!tokens.check(form.csrf)) throw new HTTPException(403, { message: 'the form has expired or did not come from this viewer; reload the page and try again' });
    }
    await next();
  };
}
