/** @module The smtp-server instance and its hooks: TLS and AUTH rules, relay checks, limits, DATA handed to the queue. */
import { isIP } from 'node:net';
import type { SMTPServer, SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import type { MessageHandler } from '../accepted-message.js';
import { authFailed, authNeedsTls, badSenderAddress, messageTooBig, SmtpError, spoolFailed, unknownMailbox } from '../errors.js';
import { isLocal, parseRecipient, type RelayPermission } from '../recipient.js';
import { PromptSmtpServer } from './prompt-greeting.js';
import { readMessage } from './read-message.js';

/** The size advertised in EHLO and enforced on DATA: 25 MB. */
export const DEFAULT_MAX_MESSAGE_SIZE = 25 * 1024 * 1024;

/** How the SMTP side is set up. */
export interface SmtpServerOptions {
  /** EHLO name (mta.hostname). */
  hostname: string;
  localDomains: readonly string[];
  /** The mailboxes that take mail for the local domains; other local recipients get 550 5.1.1. */
  mailboxes: ReadonlySet<string>;
  /** Whether authenticated clients may send to other domains (mta.relay.mode is not local). */
  relayEnabled: boolean;
  /** Bytes; default 25 MB. */
  maxMessageSize?: number;
  maxRecipients?: number;
  maxClients?: number;
  /** ms a client may stay silent. */
  idleTimeout?: number;
  /** STARTTLS key and certificate (PEM); without them STARTTLS is not offered. */
  tls?: { key: string; cert: string };
  /** Checks AUTH credentials; without it AUTH is not offered. */
  authenticate?: (user: string, password: string) => Promise<boolean>;
  /** Queues each accepted message; its promise decides between 250 and an error reply. */
  onMessage: MessageHandler;
}

/** Characters that cannot appear in a Return-Path header. */
const UNSAFE_SENDER = /[\s<>\x00-\x1f\x7f]/;

/** True for 127.0.0.0/8 and ::1 (also IPv4-mapped). */
export function isLoopback(address: string | undefined): boolean {
  const plain = (address ?? '').replace(/^::ffff:/i, '');
  return plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'));
}

function asSmtpError(err: unknown): Error {
  if (err instanceof SmtpError) return err;
  return spoolFailed((err as NodeJS.ErrnoException).code ?? (err as Error).message);
}

/** Commands turned off for a session: AUTH until TLS unless the client is on loopback; STARTTLS without a certificate. */
function disabledFor(options: SmtpServerOptions, session: SMTPServerSession): string[] {
  const disabled: string[] = [];
  if (!options.tls) disabled.push('STARTTLS');
  if (!options.authenticate || (!session.secure && !isLoopback(session.remoteAddress))) disabled.push('AUTH');
  return disabled;
}

/** Creates the (not yet listening) SMTP server. */
export function createSmtpServer(options: SmtpServerOptions): SMTPServer {
  const size = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  const maxRecipients = options.maxRecipients ?? 100;
  const reply = (callback: (err?: Error | null) => void, work: () => void) => {
    try {
      work();
      callback();
    } catch (err) {
      callback(asSmtpError(err));
    }
  };
  const permission = (session: SMTPServerSession): RelayPermission => (!session.user ? 'denied' : options.relayEnabled ? 'allowed' : 'disabled');
  const settings: SMTPServerOptions & { maxCommandLength: number } = {
    name: options.hostname,
    banner: 'uptime-sensor mail service',
    secure: false,
    key: options.tls?.key,
    cert: options.tls?.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true, // AUTH is switched off per session instead: see disabledFor
    authOptional: true,
    size,
    maxClients: options.maxClients ?? 100,
    maxCommandLength: 4096,
    logger: false,
    disableReverseLookup: true,
    socketTimeout: options.idleTimeout ?? 300_000,
    closeTimeout: 3_000,
    onConnect(session, callback) {
      session.disabledCommands = disabledFor(options, session);
      callback();
    },
    onSecure(_socket, session, callback) {
      session.disabledCommands = disabledFor(options, session);
      callback();
    },
    onAuth(auth, session, callback) {
      if (!session.secure && !isLoopback(session.remoteAddress)) return callback(authNeedsTls());
      if ((auth.method !== 'PLAIN' && auth.method !== 'LOGIN') || !options.authenticate) return callback(authFailed());
      options.authenticate(auth.username ?? '', auth.password ?? '').then(
        (ok) => (ok ? callback(null, { user: auth.username }) : callback(authFailed())),
        () => callback(authFailed()),
      );
    },
    onMailFrom(address, _session, callback) {
      reply(callback, () => {
        if (UNSAFE_SENDER.test(address.address)) throw badSenderAddress(address.address);
      });
    },
    onRcptTo(address, session, callback) {
      reply(callback, () => {
        const known = session.envelope.rcptTo.some((r) => r.address.toLowerCase() === address.address.toLowerCase());
        if (!known && session.envelope.rcptTo.length >= maxRecipients) {
          throw new SmtpError(452, '4.5.3', 'TOO_MANY_RECIPIENTS', `too many recipients (at most ${maxRecipients} per message)`);
        }
        const recipient = parseRecipient(address.address, options.localDomains, permission(session));
        if (isLocal(recipient) && !options.mailboxes.has(recipient.mailbox)) throw unknownMailbox(address.address);
      });
    },
    onData(stream, session: SMTPServerSession, callback) {
      const receivedAt = new Date();
      readMessage(stream, size)
        .then(async (read) => {
          if (read.tooBig) throw messageTooBig(size);
          const { mailFrom, rcptTo } = session.envelope;
          return options.onMessage({
            sender: mailFrom ? mailFrom.address : '',
            recipients: rcptTo.map((r) => parseRecipient(r.address, options.localDomains, permission(session))),
            data: read.data,
            helo: session.hostNameAppearsAs || 'unknown',
            remoteAddress: session.remoteAddress,
            protocol: session.transmissionType || 'SMTP',
            user: typeof session.user === 'string' ? session.user : undefined,
            receivedAt,
          });
        })
        .then(
          (queueId) => callback(null, `2.0.0 Ok: queued as ${queueId}`),
          (err: unknown) => callback(asSmtpError(err)),
        );
    },
  };
  return new PromptSmtpServer(settings);
}
