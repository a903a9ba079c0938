/** @module The form posts of the pages: mark read or unread and delete, one message or the selected ones; each answers 303 back. */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { MailStore } from '../mail-store/mail-store.js';
import { applyAction, idList, type MessageAction } from '../message-actions.js';
import { notFound, refOf } from '../message-lookup.js';

type Form = Record<string, string | File | Array<string | File>>;

const field = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : undefined;
};

/** A path of this viewer to go back to; anything else (another site, a scheme) becomes the inbox. */
export function safeBack(value: string | undefined): string {
  return value && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

async function form(c: Context): Promise<Form> {
  return (await c.req.parseBody({ all: true })) as Form;
}

/** The form posts, mounted at /messages (the CSRF check runs before them). */
export function pageActions(store: MailStore): Hono {
  const app = new Hono();
  app.post('/bulk', async (c) => {
    const body = await form(c);
    const action = field(body, 'action');
    if (action !== 'delete' && action !== 'read' && action !== 'unread') throw new HTTPException(400, { message: 'action: expected delete, read or unread' });
    const raw = body.ids;
    const ids = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    if (ids.length > 0) await applyAction(store, action as MessageAction, idList(ids));
    return c.redirect(safeBack(field(body, 'back')), 303);
  });
  app.post('/:id/seen', async (c) => {
    const id = c.req.param('id');
    const seen = field(await form(c), 'seen') !== '0';
    if (!(await store.setSeen(refOf(id), seen))) throw notFound(id);
    return c.redirect(seen ? `/messages/${id}` : `/?mailbox=${encodeURIComponent(refOf(id).mailbox)}`, 303);
  });
  app.post('/:id/delete', async (c) => {
    const id = c.req.param('id');
    const ref = refOf(id);
    if (!(await store.remove(ref))) throw notFound(id);
    return c.redirect(`/?mailbox=${encodeURIComponent(ref.mailbox)}`, 303);
  });
  return app;
}
