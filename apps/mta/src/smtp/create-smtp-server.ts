/** @module The smtp-server instance and its hooks: TLS and AUTH rules, relay checks, limits, DATA handed to the queue. */
import { isIP } from 'node:net';
import type { SMTPServer, SMTPServerAddress, SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import type { MessageHandler } from '../accepted-message.js';
import { authFailed, authNeedsTls, badSenderAddress, messageTooBig, SmtpError, spoolFailed, unknownMailbox, unsupportedParameter, utf8NeedsSmtpUtf8 } from '../errors.js';
import { isLocal, parseRecipient, type RelayPermission } from '../recipient.js';
import { PromptSmtpServer } from './prompt-greeting.js';
import { readMessage } from './read-message.js';
import type { CommandRefusal } from './replies.js';

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

/** The MAIL FROM parameters of what EHLO offers (SIZE, 8BITMIME, SMTPUTF8, AUTH); RCPT TO takes none (no DSN). */
const MAIL_PARAMETERS = ['SIZE', 'BODY', 'SMTPUTF8', 'AUTH'];

/** 555 5.5.4 for a parameter that was not offered (RFC 5321 4.1.1.11). */
function checkParameters(address: SMTPServerAddress, allowed: readonly string[]): void {
  const unknown = Object.keys(address.args || {}).find((name) => !allowed.includes(name.toUpperCase()));
  if (unknown) throw unsupportedParameter(unknown);
}

/**
 * 553 5.6.7 for a UTF-8 local part in a transaction without SMTPUTF8 (RFC 6531 3.4). Only the local part:
 * smtp-server hands on every domain in U-labels, so an A-label given in ASCII cannot be told apart.
 */
function checkUtf8(address: string, session: SMTPServerSession): void {
  const local = address.slice(0, Math.max(address.lastIndexOf('@'), 0));
  if (/[^\x00-\x7f]/.test(local) && !(session.envelope as { smtpUtf8?: boolean }).smtpUtf8) throw utf8NeedsSmtpUtf8(address);
}

function asSmtpError(err: unknown): Error {
  if (err instanceof SmtpError) return err;
  return spoolFailed((err as NodeJS.ErrnoException).code ?? (err as Error).message);
}

/** smtp-server's jokes, its proxy commands and VRFY: answered 502 like any command that is not offered. */
const NEVER_OFFERED = ['WIZ', 'SHELL', 'KILL', 'XCLIENT', 'XFORWARD', 'VRFY'];

/** True when AUTH waits for STARTTLS: a plain-text session from another host. */
const authNeedsTlsFor = (session: SMTPServerSession) => !session.secure && !isLoopback(session.remoteAddress);

/** Commands turned off for a session: AUTH until TLS unless the client is on loopback; STARTTLS without a certificate. */
function disabledFor(options: SmtpServerOptions, session: SMTPServerSession): string[] {
  const disabled = [...NEVER_OFFERED];
  if (!options.tls) disabled.push('STARTTLS');
  if (!options.authenticate || authNeedsTlsFor(session)) disabled.push('AUTH');
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
  const settings: SMTPServerOptions & { maxCommandLength: number; refusal: CommandRefusal } = {
    name: options.hostname,
    secure: false,
    hideENHANCEDSTATUSCODES: false,
    hideREQUIRETLS: true,
    refusal: (command, session) => (command === 'AUTH' && options.authenticate && authNeedsTlsFor(session) ? authNeedsTls() : undefined),
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
      if (authNeedsTlsFor(session)) return callback(authNeedsTls());
      if ((auth.method !== 'PLAIN' && auth.method !== 'LOGIN') || !options.authenticate) return callback(authFailed());
      options.authenticate(auth.username ?? '', auth.password ?? '').then(
        (ok) => (ok ? callback(null, { user: auth.username }) : callback(authFailed())),
        () => callback(authFailed()),
      );
    },
    onMailFrom(address, session, callback) {
      reply(callback, () => {
        checkParameters(address, MAIL_PARAMETERS);
        if (UNSAFE_SENDER.test(address.address)) throw badSenderAddress(address.address);
        checkUtf8(address.address, session);
      });
    },
    onRcptTo(address, session, callback) {
      reply(callback, () => {
        checkParameters(address, []);
        checkUtf8(address.address, session);
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
