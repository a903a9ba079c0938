/** @module The page that asks before messages are deleted (what Delete leads to without JavaScript). */
import { html } from 'hono/html';
import type { MessageSummary } from '../mail-store/mail-store.js';
import { page, type Markup } from './layout.js';
import { senderName } from './sender-name.js';

/** Where the confirmation form goes back to: after deleting (`back`) and on Cancel (`cancel`). */
export interface ConfirmTargets {
  csrf: string;
  back: string;
  cancel: string;
}

/** "Delete N messages?" with the list of them, a Delete button that confirms and a Cancel link. */
export function confirmDeletePage(messages: MessageSummary[], targets: ConfirmTargets): Markup {
  const count = `${messages.length} message${messages.length === 1 ? '' : 's'}`;
  const title = `Delete ${count}?`;
  return page(
    title,
    'inbox',
    html`<h1>${title}</h1>
<p>They are removed from the mailbox for good.</p>
<ul>${messages.map((m) => html`<li>${m.from ? senderName(m.from) : '(no sender)'}: ${m.subject || '(no subject)'}</li>`)}</ul>
<form method="post" action="/messages/bulk" class="toolbar">
<input type="hidden" name="csrf" value="${targets.csrf}"><input type="hidden" name="back" value="${targets.back}"><input type="hidden" name="confirm" value="1">
${messages.map((m) => html`<input type="hidden" name="ids" value="${m.id}">`)}
<button type="submit" name="action" value="delete" class="danger">Delete ${count}</button>
<a href="${targets.cancel}">Cancel</a>
</form>`,
  );
}
