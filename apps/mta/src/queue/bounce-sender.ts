/** @module Queues the DSN for failed recipients: to the sender when it is a known local mailbox or logged in to send, else to mta.postmaster. */
import type { RecipientOutcome } from '../delivery/outcome.js';
import { newQueueId } from '../message/queue-id.js';
import { isLocal, parseRecipient, type Recipient } from '../recipient.js';
import type { SpooledMessage } from '../spool/spool.js';
import { bounceMessage } from './bounce-message.js';

/** What the bounce sender needs to know about this MTA. */
export interface BounceSettings {
  hostname: string;
  localDomains: readonly string[];
  /** mta.postmaster */
  postmaster: string;
  /** The known local mailboxes: a local sender that is not one gets no DSN of its own. */
  mailboxes: ReadonlySet<string>;
  /** Whether mail can leave (mta.relay.mode is not local): a DSN for a remote sender needs it. */
  relayEnabled: boolean;
}

/** The address as a recipient, or undefined when it cannot be one. */
function recipientOf(address: string, settings: BounceSettings): Recipient | undefined {
  try {
    return parseRecipient(address, settings.localDomains, 'allowed');
  } catch {
    return undefined;
  }
}

/**
 * The DSN's one recipient: the original sender when it is a known local mailbox, or a remote address
 * that a client logged in to send from (`authenticated`; relaying must be on); else the postmaster.
 */
export function bounceRecipient(sender: string, settings: BounceSettings, authenticated = false): Recipient {
  const original = sender.includes('@') ? recipientOf(sender, settings) : undefined;
  if (original && isLocal(original) && settings.mailboxes.has(original.mailbox)) return original;
  if (original && !isLocal(original) && authenticated && settings.relayEnabled) return original;
  const at = settings.postmaster.lastIndexOf('@');
  return recipientOf(settings.postmaster, settings) ?? { address: settings.postmaster, domain: settings.postmaster.slice(at + 1).toLowerCase() };
}

/** The DSN as a new queued message with the null sender, or undefined for a bounce of a bounce (never answered, RFC 5321 6.1). */
export function makeBounce(original: SpooledMessage, failed: readonly RecipientOutcome[], settings: BounceSettings): SpooledMessage | undefined {
  if (original.envelope.sender === '' || failed.length === 0) return undefined;
  const to = bounceRecipient(original.envelope.sender, settings, original.envelope.client.user !== undefined);
  const id = newQueueId();
  const data = bounceMessage({ envelope: original.envelope, data: original.data, failed, to: to.address, hostname: settings.hostname, queueId: id });
  return {
    envelope: {
      id,
      sender: '',
      recipients: [to],
      receivedAt: new Date().toISOString(),
      messageId: `<${id}.bounce@${settings.hostname}>`,
      client: { helo: settings.hostname, address: '127.0.0.1' },
      size: data.length,
    },
    data,
  };
}
