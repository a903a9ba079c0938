/** @module GET /api/events/stream: server-sent events (`event`, `message`, `mailbox`, `status`) for pages of this origin and for programs. */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveHub, LiveUpdate } from '../live/live-hub.js';
import { refuseCrossSite } from '../security/request-origin.js';

const KEEP_ALIVE_MS = 15_000;

/** The event stream, mounted at /api/events/stream. */
export function streamApi(hub: LiveHub): Hono {
  const api = new Hono();
  api.get('/', (c) => {
    refuseCrossSite(c); // another site's page may not listen in
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let sequence = 0;
      const send = (update: LiveUpdate) => void stream.writeSSE({ event: update.type, data: JSON.stringify(update.data), id: String(++sequence) }).catch(() => undefined);
      const unsubscribe = hub.subscribe(send);
      stream.onAbort(unsubscribe);
      await hub.watching(); // `ready` means: every change from now on is sent
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ retryMs: 2000 }), retry: 2000 });
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(KEEP_ALIVE_MS);
        if (!stream.aborted) await stream.write(': keep-alive\n\n').catch(() => undefined);
      }
      unsubscribe();
    });
  });
  return api;
}
