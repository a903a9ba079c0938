/** @module What the MTA does to a message before queueing it (Postfix's cleanup): a Received header, Date and Message-ID if missing, no Bcc or Return-Path. */
import type { AcceptedMessage } from '../accepted-message.js';
import { cleanHeader, splitMessage } from '../message/header-cleanup.js';
import { rfc2822Date } from '../message/rfc2822-date.js';
import { receivedHeader } from '../message/trace-headers.js';
import type { QueuedEnvelope } from './spool-file.js';

/** The envelope of a message being queued (size 0 until it is complete) and the bytes that go before its body. */
export interface PreparedHead {
  envelope: QueuedEnvelope;
  /** Received, Message-ID when missing, then the cleaned header section with its empty line. */
  prefix: Buffer;
}

/** Prepares the head of `message` under `queueId` from its header section (`header`, as it arrived, with the empty line). */
export function prepareHead(message: AcceptedMessage, header: Buffer, queueId: string, hostname: string): PreparedHead {
  const cleaned = cleanHeader(splitMessage(header).header, rfc2822Date(message.receivedAt));
  const messageId = cleaned.messageId || `<${queueId}@${hostname}>`; // an empty Message-ID stays as it is, with no second one
  const added = receivedHeader({ ...message, hostname, queueId, date: message.receivedAt }) + (cleaned.messageId === undefined ? `Message-ID: ${messageId}\r\n` : '');
  return {
    envelope: {
      id: queueId,
      sender: message.sender,
      recipients: message.recipients,
      receivedAt: message.receivedAt.toISOString(),
      messageId,
      client: { helo: message.helo, address: message.remoteAddress, ...(message.user ? { user: message.user } : {}) },
      size: 0,
    },
    prefix: Buffer.concat([Buffer.from(added, 'utf8'), cleaned.header]),
  };
}
