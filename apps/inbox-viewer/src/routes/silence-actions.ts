/** @module The form posts of silences and acknowledgements (the CSRF check runs before them): add, delete, acknowledge; each answers 303 back. */
import { Hono, type Context } from 'hono';
import type { DataLayout } from '@uptime/config';
import { requestAck, requestSilence, requestSilenceDelete, waitApplied } from '../silence-requests.js';
import { safeBack } from './page-actions.js';

type Form = Record<string, string | File | Array<string | File>>;

const text = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
const texts = (form: Form, name: string) => {
  const v = form[name];
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
};
const form = async (c: Context) => (await c.req.parseBody({ all: true })) as Form;

/** The form posts, mounted at /; `author` is who is asking. Each waits a moment for the monitor, so the page it goes back to shows the change. */
export function silenceActions(layout: DataLayout, author: string): Hono {
  const app = new Hono();
  app.post('/silences', async (c) => {
    const body = await form(c);
    const duration = text(body, 'duration')?.trim();
    const until = text(body, 'until')?.trim();
    const input = { targets: texts(body, 'targets'), ...(duration ? { duration } : {}), ...(until ? { until } : {}), comment: text(body, 'comment') };
    await waitApplied(await requestSilence(layout, input, author));
    return c.redirect(safeBack(text(body, 'back') ?? '/silences'), 303);
  });
  app.post('/silences/:id/delete', async (c) => {
    const body = await form(c);
    await waitApplied(await requestSilenceDelete(layout, c.req.param('id'), author));
    return c.redirect(safeBack(text(body, 'back') ?? '/silences'), 303);
  });
  app.post('/status/ack', async (c) => {
    const body = await form(c);
    await waitApplied(await requestAck(layout, text(body, 'target') ?? '', text(body, 'comment'), author));
    return c.redirect(safeBack(text(body, 'back') ?? '/status'), 303);
  });
  return app;
}
