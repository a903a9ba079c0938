/** @module What the MTA does to a message before queueing it (Postfix's cleanup): a Received header, Date and Message-ID if missing, no Bcc or Return-Path. */
import type { AcceptedMessage } from '../accepted-message.js';
import { cleanHeader, splitMessage } from '../message/header-cleanup.js';
import { rfc2822Date } from '../message/rfc2822-date.js';
import { receivedHeader } from '../message/trace-headers.js';
import type { SpooledMessage } from './spool.js';

/** The message as it goes into the spool under `queueId`. */
export function prepareMessage(message: AcceptedMessage, queueId: string, hostname: string): SpooledMessage {
  const { header, body } = splitMessage(message.data);
  const cleaned = cleanHeader(header, rfc2822Date(message.receivedAt));
  const messageId = cleaned.messageId || `<${queueId}@${hostname}>`; // an empty Message-ID stays as it is, with no second one
  const added = receivedHeader({ ...message, hostname, queueId, date: message.receivedAt }) + (cleaned.messageId === undefined ? `Message-ID: ${messageId}\r\n` : '');
  const data = Buffer.concat([Buffer.from(added, 'utf8'), cleaned.header, body]);
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
