/** @module The queue as `queue list` shows it: every message with its recipients still pending and why. */
import type { Spool } from '../spool/spool.js';

/** One queued message. */
export interface QueueEntry {
  id: string;
  size: number;
  receivedAt: string;
  sender: string;
  messageId: string;
  /** Recipients not yet delivered or bounced, each with its last temporary failure, if any. */
  pending: Array<{ address: string; lastError?: string }>;
  attempts: number;
  /** When the next attempt is due; absent for a message not tried yet. */
  nextAttemptAt?: string;
}

/** Reads every queued message's envelope and state; skips files that vanish meanwhile. */
export async function readQueueEntries(spool: Spool): Promise<QueueEntry[]> {
  const entries: QueueEntry[] = [];
  for (const id of await spool.list()) {
    const message = await spool.read(id).catch(() => undefined);
    if (!message) continue;
    const state = await spool.readState(id);
    const done = new Set(state?.done ?? []);
    const { envelope } = message;
    entries.push({
      id,
      size: message.data.length,
      receivedAt: envelope.receivedAt,
      sender: envelope.sender,
      messageId: envelope.messageId,
      pending: envelope.recipients.filter((r) => !done.has(r.address)).map((r) => ({ address: r.address, lastError: state?.lastErrors[r.address] })),
      attempts: state?.attempts ?? 0,
      nextAttemptAt: state?.nextAttemptAt,
    });
  }
  return entries;
}
