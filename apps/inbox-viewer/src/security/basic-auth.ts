/**
 * @module HTTP Basic authentication against viewer.auth; a verified header is remembered so scrypt runs
 * once per login. Every attempt costs one scrypt, whatever the user name, and goes through the gate.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PasswordGate } from './password-gate.js';
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

/** The address the request came from; requests made without a socket (tests of the app) share one. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Answers 401 unless the request carries the configured user and password (429 after too many failures from its address). */
export function basicAuth(auth: AuthConfig, gate = new PasswordGate()): MiddlewareHandler {
  const verified = new Map<string, number>(); // sha256 of the header -> until when it is trusted
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const digest = createHash('sha256').update(header).digest('base64');
    const until = verified.get(digest);
    if (until === undefined || until < Date.now()) {
      if (!header) throw challenge(); // no attempt yet: nothing to verify
      const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header);
      const text = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
      const colon = text.indexOf(':');
      const [user, password] = colon > 0 ? [text.slice(0, colon), text.slice(colon + 1)] : ['', ''];
      // scrypt runs for a wrong user name too, so the time of the answer does not tell whether the name is right
      const ok = await gate.verify(clientAddress(c), async () => (await verifyPassword(password, auth.passwordHash)) && colon > 0 && sameText(user, auth.user));
      if (!ok) throw challenge();
      if (verified.size >= REMEMBER_MAX) verified.clear();
      verified.set(digest, Date.now() + REMEMBER_MS);
    }
    await next();
  };
}
