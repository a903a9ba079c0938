/** @module HTTP Basic authentication against viewer.auth; a verified header is remembered so scrypt runs once per login. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { verifyPassword } from './password-hash.js';

/** The credentials of viewer.auth. */
export interface AuthConfig {
  user: string;
  passwordHash: string;
}

const REMEMBER_MS = 10 * 60_000;
const REMEMBER_MAX = 100;

function challenge(): HTTPException {
  const res = new Response('authentication required', {
    status: 401,
    headers: { 'WWW-Authenticate': 'Basic realm="uptime sensor", charset="UTF-8"', 'Content-Type': 'text/plain; charset=utf-8' },
  });
  return new HTTPException(401, { res });
}

function sameText(a: string, b: string): boolean {
  const [x, y] = [createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest()];
  return timingSafeEqual(x, y);
}

/** Answers 401 unless the request carries the configured user and password. */
export function basicAuth(auth: AuthConfig): MiddlewareHandler {
  const verified = new Map<string, number>(); // sha256 of the header -> until when it is trusted
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const digest = createHash('sha256').update(header).digest('base64');
    const until = verified.get(digest);
    if (until === undefined || until < Date.now()) {
      const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header);
      const text = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
      const colon = text.indexOf(':');
      const ok = colon > 0 && sameText(text.slice(0, colon), auth.user) && (await verifyPassword(text.slice(colon + 1), auth.passwordHash));
      if (!ok) throw challenge();
      if (verified.size >= REMEMBER_MAX) verified.clear();
      verified.set(digest, Date.now() + REMEMBER_MS);
    }
    await next();
  };
}
