/** @module The inbox query (mailbox, q, limit, offset) shared by the API and the inbox page. */
import type { Context } from 'hono';
import type { ListQuery } from './mail-store/mail-store.js';
import { isPlainName } from './mail-store/message-id.js';
import { badParam, intParam, textParam } from './query-params.js';

/** Default and largest page size of the message list. */
export const MESSAGE_LIMIT = { fallback: 50, max: 500 } as const;

/** Reads and checks the list parameters; throws a 400 naming the bad one. */
export function parseMessageQuery(c: Context): ListQuery {
  const mailbox = textParam(c.req.query('mailbox'));
  if (mailbox !== undefined && !isPlainName(mailbox)) throw badParam('mailbox', mailbox, 'a mailbox name');
  return {
    mailbox,
    q: textParam(c.req.query('q')),
    limit: intParam(c.req.query('limit'), 'limit', { min: 1, max: MESSAGE_LIMIT.max, fallback: MESSAGE_LIMIT.fallback }),
    offset: intParam(c.req.query('offset'), 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }),
  };
}
