/** @module From an id in a URL to a parsed message: 400 for a malformed id, 404 for an unknown one. */
import { HTTPException } from 'hono/http-exception';
import type { MailStore } from './mail-store/mail-store.js';
import { decodeMessageId } from './mail-store/message-id.js';
import { readMessageView, type MessageView } from './mail-store/message-view.js';

/** The message an id names, parsed; throws HTTPException 400 or 404. */
export async function lookUpMessage(store: MailStore, id: string): Promise<MessageView> {
  const ref = decodeMessageId(id);
  if (!ref) throw new HTTPException(400, { message: `id: ${JSON.stringify(id.slice(0, 100))} is not a message id` });
  const file = await store.find(ref);
  if (!file) throw new HTTPException(404, { message: `message ${id} not found` });
  try {
    return await readMessageView(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new HTTPException(404, { message: `message ${id} not found` });
    throw err;
  }
}
