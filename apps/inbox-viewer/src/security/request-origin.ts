/**
 * @module Where a request comes from: the Host it was sent to (a guard against DNS rebinding while the
 * viewer is open on loopback) and whether a browser sent it from another site (Origin, Sec-Fetch-Site).
 * Besides the origin a request was sent to, the origin of viewer.url counts as this viewer's own: behind
 * a TLS proxy the browser says `Origin: https://sensor.lab` while the viewer itself is reached over http.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

declare module 'hono' {
  interface ContextVariableMap {
    /** The origin of viewer.url, when it is set. */
    publicOrigin: string | undefined;
  }
}

const LOOPBACK_HOST = /^(localhost|[a-z0-9-]+\.localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d{1,5})?$/i;

/** Makes the origin of viewer.url (`publicUrl`) known to the checks below, for every request. */
export function publicOrigin(publicUrl: string | undefined): MiddlewareHandler {
  const origin = publicUrl === undefined ? undefined : new URL(publicUrl).origin;
  return async (c, next) => {
    c.set('publicOrigin', origin);
    await next();
  };
}

/**
 * Answers 421 to a request whose Host header is not a loopback name (nor the host of viewer.url): a page
 * of another site that had its name pointed at 127.0.0.1.
 */
export function loopbackHostOnly(): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    const configured = c.get('publicOrigin');
    if (!LOOPBACK_HOST.test(host) && (configured === undefined || host.toLowerCase() !== new URL(configured).host)) {
      throw new HTTPException(421, { message: `host ${JSON.stringify(host.slice(0, 100))} is not this viewer's; open it as http://127.0.0.1 or http://localhost, or set viewer.url` });
    }
    await next();
  };
}

/** The origin this request was sent to (scheme, host and port). */
export function ownOrigin(c: Context): string {
  return new URL(c.req.url).origin;
}

/** Why a browser request came from another site, or undefined when it is same-origin or not from a browser page. */
export function crossSiteReason(c: Context): string | undefined {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  const origin = c.req.header('origin');
  // `Origin: null` hides where a request came from (a no-referrer policy, a sandboxed frame): only the
  // browser's own word that it is same-origin makes it acceptable.
  if (origin === 'null' && site === 'same-origin') return undefined;
  if (origin !== undefined && origin !== ownOrigin(c) && origin !== c.get('publicOrigin')) {
    return `Origin ${origin.slice(0, 100)} is not ${c.get('publicOrigin') ?? ownOrigin(c)}`;
  }
  return undefined;
}

/** A 403 for a request that came from another site. */
export function refuseCrossSite(c: Context): void {
  const reason = crossSiteReason(c);
  if (reason) throw new HTTPException(403, { message: `cross-site request refused: ${reason}` });
}
