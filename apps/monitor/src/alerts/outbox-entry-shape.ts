/**
 * @module What an outbox file must hold to be used: an alert, a pending transition or a held change with
 * the fields the sender and the dispatch read. A file of another shape (damaged, or edited by hand) is
 * named with what is wrong instead of failing deep inside the sender (`alert.to.join`).
 */
import type { HeldChange } from '../alerting/digest-message.js';
import type { AlertMessage } from './alert-message.js';
import type { PendingTransition } from './outbox.js';

export type OutboxContent = AlertMessage | { pending: PendingTransition } | { held: HeldChange };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** What is wrong with the content of an outbox file, or undefined when it can be used. */
export function outboxContentProblem(content: unknown): string | undefined {
  if (!isObject(content)) return 'not a JSON object';
  if ('pending' in content || 'held' in content) {
    const inner = content.pending ?? content.held;
    if (!isObject(inner)) return `"${'pending' in content ? 'pending' : 'held'}" is not an object`;
    if (!isObject(inner.event) || !isString(inner.event.code)) return 'its event has no code';
    if (!isString(inner.address)) return 'it has no address';
    return undefined;
  }
  for (const key of ['eventId', 'from', 'subject', 'text', 'html', 'messageId'] as const) {
    if (!isString(content[key])) return `"${key}" is not a string`;
  }
  const to = content.to;
  if (!Array.isArray(to) || to.length === 0 || !to.every(isString)) return '"to" is not a list of addresses';
  if (!isObject(content.headers) || !Object.values(content.headers).every(isString)) return '"headers" is not a map of strings';
  if (content.targets !== undefined && (!Array.isArray(content.targets) || !content.targets.every(isString))) return '"targets" is not a list of target names';
  if (content.covers !== undefined && (!Array.isArray(content.covers) || !content.covers.every(isString))) return '"covers" is not a list of file names';
  return undefined;
}
