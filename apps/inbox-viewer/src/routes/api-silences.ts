/** @module GET/POST /api/silences, DELETE /api/silences/:id and POST /api/targets/:name/ack: requests to the monitor, which applies them within a second or so. */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { DataLayout } from '@uptime/config';
import { listSilences, requestAck, requestSilence, requestSilenceDelete } from '../silence-requests.js';

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new HTTPException(400, { message: 'body: not valid JSON' });
  }
}

/** The silence and acknowledgement API, mounted at /api; `author` is who is asking (the viewer.auth user, else "viewer"). */
export function silencesApi(layout: DataLayout, author: string): Hono {
  const api = new Hono();
  api.get('/silences', async (c) => c.json({ silences: (await listSilences(layout)).map(({ waiting: _w, ...s }) => s) }));
  api.post('/silences', async (c) => c.json({ id: (await requestSilence(layout, await jsonBody(c), author)).id }));
  api.delete('/silences/:id', async (c) => {
    await requestSilenceDelete(layout, c.req.param('id'), author);
    return c.json({ deleted: 1 });
  });
  api.post('/targets/:name/ack', async (c) => {
    const body = await jsonBody(c);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HTTPException(400, { message: 'body: expected an object {"comment":"..."}' });
    await requestAck(layout, c.req.param('name'), (body as { comment?: unknown }).comment, author);
    return c.json({ acknowledged: c.req.param('name') });
  });
  return api;
}
