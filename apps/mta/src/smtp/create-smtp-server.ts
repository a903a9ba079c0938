/** @module The smtp-server instance and its hooks: check sender and recipients, read DATA, hand it on. */
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { badSenderAddress, messageTooBig, SmtpError } from '../errors.js';
import type { MessageHandler } from '../inbound-message.js';
import { newQueueId } from '../message/queue-id.js';
import { parseRecipient } from '../recipient.js';
import { readMessage } from './read-message.js';

/** The size advertised in EHLO and enforced on DATA: 25 MB. */
export const DEFAULT_MAX_MESSAGE_SIZE = 25 * 1024 * 1024;

/** How the SMTP side is set up. */
export interface SmtpServerOptions {
  /** EHLO name (mta.hostname). */
  hostname: string;
  localDomains: readonly string[];
  /** Bytes; default 25 MB. */
  maxMessageSize?: number;
  /** Called with each accepted message; its promise decides between 250 and an error reply. */
  onMessage: MessageHandler;
}

/** Characters that cannot appear in a Return-Path header. */
const UNSAFE_SENDER = /[\s<>\x00-\x1f\x7f]/;

function errorMessage(err: unknown): Error {
  if (err instanceof SmtpError) return err;
  return new SmtpError(451, '4.3.0', 'LOCAL_ERROR', `local error in processing (${(err as Error).message})`);
}

/** Creates the (not yet listening) SMTP server. */
export function createSmtpServer(options: SmtpServerOptions): SMTPServer {
  const size = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  const reply = (callback: (err?: Error | null) => void, work: () => void) => {
    try {
      work();
      callback();
    } catch (err) {
      callback(errorMessage(err));
    }
  };
  return new SMTPServer({
    name: options.hostname,
    banner: 'uptime-sensor mail service',
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size,
    logger: false,
    disableReverseLookup: true,
    maxClients: 100,
    socketTimeout: 60_000,
    closeTimeout: 3_000,
    onMailFrom(address, _session, callback) {
      reply(callback, () => {
        if (UNSAFE_SENDER.test(address.address)) throw badSenderAddress(address.address);
      });
    },
    onRcptTo(address, _session, callback) {
      reply(callback, () => parseRecipient(address.address, options.localDomains));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const receivedAt = new Date();
      readMessage(stream, size)
        .then(async (read) => {
          if (read.tooBig) throw messageTooBig(size);
          const queueId = newQueueId();
          const { mailFrom, rcptTo } = session.envelope;
          await options.onMessage({
            queueId,
            sender: mailFrom ? mailFrom.address : '',
            recipients: rcptTo.map((r) => parseRecipient(r.address, options.localDomains)),
            data: read.data,
            helo: session.hostNameAppearsAs || 'unknown',
            remoteAddress: session.remoteAddress,
            protocol: session.transmissionType || 'SMTP',
            receivedAt,
          });
          return queueId;
        })
        .then(
          (queueId) => callback(null, `Ok: delivered as ${queueId}`),
          (err: unknown) => callback(errorMessage(err)),
        );
    },
  });
}
