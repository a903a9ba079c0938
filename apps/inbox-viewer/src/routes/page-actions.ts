/** @module The form posts of the pages: mark read or unread and delete (after a confirmation), one message or the selected ones; each answers 303 back. */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { MailStore, MessageSummary } from '../mail-store/mail-store.js';
import { applyAction, idList, type MessageAction } from '../message-actions.js';
import { notFound, refOf } from '../message-lookup.js';
import { confirmDeletePage } from '../pages/confirm-delete-page.js';
import type { CsrfTokens } from '../security/csrf.js';

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

/** The list rows of the messages that `ids` name and that still exist. */
async function summaries(store: MailStore, ids: string[]): Promise<MessageSummary[]> {
  const rows = await Promise.all(ids.map(async (id) => {
    const entry = await store.entry(refOf(id));
    return entry ? store.summarize(entry) : undefined;
  }));
  return rows.filter((m): m is MessageSummary => m !== undefined);
}

/** The form posts, mounted at /messages (the CSRF check runs before them); Delete without `confirm=1` answers a page that asks first. */
export function pageActions(store: MailStore, csrf: CsrfTokens): Hono {
  const app = new Hono();
  /** The confirmation page for deleting `ids`, or a redirect to `back` when none of them exists any more. */
  const askFirst = async (c: Context, ids: string[], back: string, cancel: string) => {
    const messages = await summaries(store, ids);
    if (messages.length === 0) return c.redirect(back, 303);
    return c.html(confirmDeletePage(messages, { csrf: csrf.token(), back, cancel }));
  };
  app.post('/bulk', async (c) => {
    const body = await form(c);
    const action = field(body, 'action');
    if (action !== 'delete' && action !== 'read' && action !== 'unread') throw new HTTPException(400, { message: 'action: expected delete, read or unread' });
    const raw = body.ids;
    const ids = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    const back = safeBack(field(body, 'back'));
    if (ids.length === 0) return c.redirect(back, 303);
    const checked = idList(ids);
    if (action === 'delete' && field(body, 'confirm') !== '1') return askFirst(c, checked, back, back);
    await applyAction(store, action as MessageAction, checked);
    return c.redirect(back, 303);
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
    const back = `/?mailbox=${encodeURIComponent(ref.mailbox)}`;
    if (field(await form(c), 'confirm') !== '1') {
      if (!(await store.entry(ref))) throw notFound(id);
      return askFirst(c, [id], back, `/messages/${id}`);
    }
    if (!(await store.remove(ref))) throw notFound(id);
    return c.redirect(back, 303);
  });
  return app;
}
