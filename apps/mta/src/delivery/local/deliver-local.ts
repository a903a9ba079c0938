/** @module Local delivery: one copy per mailbox, each with trace headers, before the 250. */
import { localDeliveryFailed } from '../../errors.js';
import type { InboundMessage } from '../../inbound-message.js';
import { findMessageId } from '../../message/message-id.js';
import { traceHeaders } from '../../message/trace-headers.js';
import { silentLog, type MailEventSink, type MtaLog } from '../mail-events.js';
import { deliverToMaildir } from './maildir.js';

/** What local delivery needs to know. */
export interface LocalDeliveryOptions {
  /** <dataDir>/mail */
  mailRoot: string;
  /** Our name in the Received header (mta.hostname). */
  hostname: string;
  events?: MailEventSink;
  log?: MtaLog;
}

/**
 * Writes the message into the Maildir of every recipient, once per mailbox. Throws 451 4.3.0 at the
 * first failed write and delivers nothing further; records MAIL_DELIVERED per recipient otherwise.
 */
export async function deliverLocal(options: LocalDeliveryOptions, message: InboundMessage): Promise<void> {
  const log = options.log ?? silentLog;
  const messageId = findMessageId(message.data) ?? message.queueId;
  const trace = traceHeaders({ ...message, hostname: options.hostname, date: message.receivedAt });
  const copy = Buffer.concat([Buffer.from(trace, 'latin1'), message.data]);
  const delivered = new Map<string, string>();
  for (const { mailbox } of message.recipients) {
    if (delivered.has(mailbox)) continue;
    try {
      delivered.set(mailbox, (await deliverToMaildir(options.mailRoot, mailbox, copy)).id);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      log.warn(`mta: ${message.queueId}: delivery to maildir ${mailbox} failed: ${(err as Error).message}`);
      throw localDeliveryFailed(reason);
    }
  }
  for (const { address, mailbox } of message.recipients) {
    log.info(`mta: ${message.queueId}: <${message.sender}> -> <${address}> delivered to maildir ${mailbox} as ${delivered.get(mailbox)}`);
    await options.events
      ?.record({
        code: 'MAIL_DELIVERED',
        hosts: [],
        messageId,
        recipient: address,
        detail: `delivered to maildir ${mailbox}`,
        message: `Mail ${messageId} from <${message.sender}> was delivered to ${address} (maildir ${mailbox}).`,
      })
      .catch((err: Error) => log.warn(`mta: ${message.queueId}: could not record MAIL_DELIVERED: ${err.message}`));
  }
}
