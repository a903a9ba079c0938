/** @module Marking messages read or unread and deleting them, one or many, by id. */
import { HTTPException } from 'hono/http-exception';
import type { MailStore } from './mail-store/mail-store.js';
import { refOf } from './message-lookup.js';

/** The most ids one request may name. */
export const MAX_IDS = 1000;

/** What a batch did: how many messages changed, and the ids that named no message. */
export interface ActionResult {
  changed: number;
  notFound: string[];
}

export type MessageAction = 'delete' | 'read' | 'unread';

/** Checks a list of ids from a request body; throws a 400 naming what is wrong. */
export function idList(value: unknown, name = 'ids'): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IDS || !value.every((v) => typeof v === 'string')) {
    throw new HTTPException(400, { message: `${name}: expected a list of 1 to ${MAX_IDS} message ids` });
  }
  const ids = [...new Set(value as string[])];
  ids.forEach((id) => refOf(id)); // a malformed id is a 400 before anything changes
  return ids;
}

/** Applies an action to every id, one after another. */
export async function applyAction(store: MailStore, action: MessageAction, ids: string[]): Promise<ActionResult> {
  const result: ActionResult = { changed: 0, notFound: [] };
  for (const id of ids) {
    const ref = refOf(id);
    const done = action === 'delete' ? await store.remove(ref) : await store.setSeen(ref, action === 'read');
    if (done) result.changed++;
    else result.notFound.push(id);
  }
  return result;
}
