/** @module What the MTA does to a message before queueing it (Postfix's cleanup): a Received header, a Message-ID if missing. */
import type { AcceptedMessage } from '../accepted-message.js';
import { findMessageId } from '../message/message-id.js';
import { receivedHeader } from '../message/trace-headers.js';
import type { SpooledMessage } from './spool.js';

/** The message as it goes into the spool under `queueId`. */
export function prepareMessage(message: AcceptedMessage, queueId: string, hostname: string): SpooledMessage {
  const existing = findMessageId(message.data);
  const messageId = existing ?? `<${queueId}@${hostname}>`;
  const added = receivedHeader({ ...message, hostname, queueId, date: message.receivedAt }) + (existing ? '' : `Message-ID: ${messageId}\r\n`);
  const data = Buffer.concat([Buffer.from(added, 'utf8'), message.data]);
  return {
    envelope: {
      id: queueId,
      sender: message.sender,
      recipients: message.recipients,
      receivedAt: message.receivedAt.toISOString(),
      messageId,
      client: { helo: message.helo, address: message.remoteAddress, ...(message.user ? { user: message.user } : {}) },
      size: data.length,
    },
    data,
  };
}
