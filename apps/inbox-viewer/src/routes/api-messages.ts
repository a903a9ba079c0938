/** @module The message API: list, one parsed message, its raw source and attachments, marking read and deleting. */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { MailStore } from '../mail-store/mail-store.js';
import { applyAction, idList, type MessageAction } from '../message-actions.js';
import { lookUpMessage, notFound, refOf } from '../message-lookup.js';
import { parseMessageQuery } from '../message-query.js';
import { attachmentResponse, rawResponse } from './message-downloads.js';

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const body: unknown = await c.req.json().catch(() => undefined);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HTTPException(400, { message: 'the body must be a JSON object' });
  return body as Record<string, unknown>;
}

function seenFlag(body: Record<string, unknown>): MessageAction {
  if (typeof body.seen !== 'boolean') throw new HTTPException(400, { message: 'seen: expected true or false' });
  return body.seen ? 'read' : 'unread';
}

/** The message API, mounted at /api/messages. */
export function messagesApi(store: MailStore): Hono {
  const api = new Hono();
  api.get('/', async (c) => {
    const { total, unread, messages } = await store.list(parseMessageQuery(c));
    return c.json({ total, unread, messages });
  });
  api.post('/delete', async (c) => {
    const { changed, notFound: missing } = await applyAction(store, 'delete', idList((await jsonBody(c)).ids));
    return c.json({ deleted: changed, notFound: missing });
  });
  api.post('/seen', async (c) => {
    const body = await jsonBody(c);
    const action = seenFlag(body);
    return c.json(await applyAction(store, action, idList(body.ids)));
  });
  api.get('/:id', async (c) => c.json(await lookUpMessage(store, c.req.param('id'))));
  api.patch('/:id', async (c) => {
    const id = c.req.param('id');
    const action = seenFlag(await jsonBody(c));
    if (!(await store.setSeen(refOf(id), action === 'read'))) throw notFound(id);
    return c.json(await lookUpMessage(store, id));
  });
  api.delete('/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await store.remove(refOf(id)))) throw notFound(id);
    return c.json({ deleted: 1 });
  });
  api.get('/:id/raw', (c) => rawResponse(store, c.req.param('id'), c.req.query('download') === '1'));
  api.get('/:id/attachments/:index', (c) => attachmentResponse(store, c.req.param('id'), c.req.param('index')));
  return api;
}
