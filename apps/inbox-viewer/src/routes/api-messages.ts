/** @module GET /api/messages (the list) and GET /api/messages/:id (one parsed message). */
import { Hono } from 'hono';
import type { MailStore } from '../mail-store/mail-store.js';
import { lookUpMessage } from '../message-lookup.js';
import { parseMessageQuery } from '../message-query.js';

/** The message API, mounted at /api/messages. */
export function messagesApi(store: MailStore): Hono {
  const api = new Hono();
  api.get('/', async (c) => {
    const { total, messages } = await store.list(parseMessageQuery(c));
    return c.json({ total, messages });
  });
  api.get('/:id', async (c) => c.json(await lookUpMessage(store, c.req.param('id'))));
  return api;
}
