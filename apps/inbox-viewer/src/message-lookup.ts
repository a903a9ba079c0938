/** @module From an id in a URL to a message: 400 for a malformed id, 404 for an unknown one. */
import { HTTPException } from 'hono/http-exception';
import type { MailStore } from './mail-store/mail-store.js';
import type { MaildirFile } from './mail-store/maildir-scan.js';
import { decodeMessageId, type MessageRef } from './mail-store/message-id.js';
import { readMessageView, type MessageView } from './mail-store/message-view.js';

/** The mailbox and unique name an id stands for; throws HTTPException 400 for a malformed id. */
export function refOf(id: string): MessageRef {
  const ref = decodeMessageId(id);
  if (!ref) throw new HTTPException(400, { message: `id: ${JSON.stringify(id.slice(0, 100))} is not a message id` });
  return ref;
}

/** A 404 for a message id. */
export function notFound(id: string): HTTPException {
  return new HTTPException(404, { message: `message ${id} not found` });
}

/** Runs `read` on the file of a message; 404 also when the file goes away meanwhile. */
export async function withMessageFile<T>(store: MailStore, id: string, read: (file: MaildirFile) => Promise<T>): Promise<T> {
  const file = await store.find(refOf(id));
  if (!file) throw notFound(id);
  try {
    return await read(file);
  } catch (err) {
    if (['ENOENT', 'ELOOP'].includes((err as NodeJS.ErrnoException).code ?? '')) throw notFound(id);
    throw err;
  }
}

/** The message an id names, parsed; throws HTTPException 400 or 404. */
export function lookUpMessage(store: MailStore, id: string): Promise<MessageView> {
  return withMessageFile(store, id, (file) => readMessageView(file, store.parsed));
}
