/** @module Headers on every answer: a strict Content-Security-Policy, nosniff and no referrer. */
import type { MiddlewareHandler } from 'hono';

/** The page policy: nothing runs, styles are inline, images are ours or data:, forms post only to us. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');

/** Adds the security headers after the handler ran (also to error answers). */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'SAMEORIGIN');
  };
}
