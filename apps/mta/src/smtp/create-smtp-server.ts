/** @module The smtp-server instance and its hooks: TLS and AUTH rules, relay checks, limits, DATA handed to the queue. */
import type { SMTPServer, SMTPServerAddress, SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import type { AcceptedMessage, MessageReceiver } from '../accepted-message.js';
import { silentLog, type MtaLog } from '../delivery/mail-events.js';
import { authFailed, authNeedsTls, badSenderAddress, insufficientStorage, messageTooBig, SmtpError, spoolFailed, unknownMailbox, unsupportedParameter, utf8NeedsSmtpUtf8 } from '../errors.js';
import { isLocal, parseRecipient, type RelayPermission } from '../recipient.js';
import { PromptSmtpServer } from './prompt-greeting.js';
import { ClientAdmission } from './client-admission.js';
import { isLoopback } from './loopback.js';
import { receiveMessage } from './receive-message.js';
import type { CommandRefusal } from './replies.js';
import type { SessionLimits } from './session-limits.js';
import { SessionLog } from './session-log.js';
import { StorageFloor } from './storage-floor.js';

export { isLoopback };

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
  /** Sessions one client address may hold (mta.clientConnectionLimit); default 50. */
  clientConnectionLimit?: number;
  /** ms a client may stay silent; default 5 minutes. */
  idleTimeout?: number;
  /** ms a client may stay silent while the server is under stress; default 10 s. */
  stressIdleTimeout?: number;
  /** ms a session may last; default 30 minutes. */
  sessionTimeout?: number;
  /** Bytes a second a DATA must keep up after one idle timeout; default 500. */
  minDataRate?: number;
  /** The appliance's own submission user, for whom places beyond the limits are reserved (from loopback). */
  trustedUser?: string;
  /** Free bytes on the spool's file system, and the floor below which MAIL, RCPT and DATA get 452 4.3.1. */
  freeSpace?: { bytes: () => Promise<number>; floor: number };
  /** Where refusals, timeouts and lost connections are logged (rate-limited); none without it. */
  log?: MtaLog;
  /** STARTTLS key and certificate (PEM); without them STARTTLS is not offered. */
  tls?: { key: string; cert: string };
  /** Checks AUTH credentials; without it AUTH is not offered. */
  authenticate?: (user: string, password: string) => Promise<boolean>;
  /** Opens where each message goes as it arrives; its commit decides between 250 and an error reply. */
  onMessage: MessageReceiver;
}

/** Characters that cannot appear in a Return-Path header. */
const UNSAFE_SENDER = /[\s<>\x00-\x1f\x7f]/;


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
  if ((err as NodeJS.ErrnoException).code === 'ENOSPC') return insufficientStorage();
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

/** The limits every session is held to, from the options and their defaults. */
function sessionLimits(options: SmtpServerOptions, floor: StorageFloor): SessionLimits {
  const idleTimeout = options.idleTimeout ?? 300_000;
  return {
    admission: new ClientAdmission({ maxClients: options.maxClients ?? 100, perClient: options.clientConnectionLimit ?? 50 }),
    log: new SessionLog(options.log ?? silentLog),
    idleTimeout,
    stressIdleTimeout: options.stressIdleTimeout ?? 10_000,
    sessionTimeout: options.sessionTimeout ?? 1_800_000,
    minDataRate: options.minDataRate ?? 500,
    trustedUser: options.trustedUser,
    beforeData: () => floor.check().then(() => undefined, (err: SmtpError) => err),
  };
}

/** The declared SIZE= of a MAIL FROM, or 0. */
const declaredSize = (address: SMTPServerAddress) => Number((address.args || {}).SIZE ?? 0) || 0;

/** Creates the (not yet listening) SMTP server. */
export function createSmtpServer(options: SmtpServerOptions): SMTPServer {
  const size = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  const maxRecipients = options.maxRecipients ?? 100;
  const floor = new StorageFloor(options.freeSpace?.bytes ?? (async () => Number.POSITIVE_INFINITY), options.freeSpace?.floor ?? 0);
  const limits = sessionLimits(options, floor);
  const reply = (callback: (err?: Error | null) => void, work: () => void, declared?: number) => {
    floor.check(declared).then(
      () => {
        try {
          work();
          callback();
        } catch (err) {
          callback(asSmtpError(err));
        }
      },
      (err: unknown) => callback(asSmtpError(err)),
    );
  };
  const permission = (session: SMTPServerSession): RelayPermission => (!session.user ? 'denied' : options.relayEnabled ? 'allowed' : 'disabled');
  const settings: SMTPServerOptions & { maxCommandLength: number; refusal: CommandRefusal; limits: SessionLimits } = {
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
    maxClients: 0, // admission counts sessions instead: see ClientAdmission
    limits,
    maxCommandLength: 4096,
    logger: false,
    disableReverseLookup: true,
    socketTimeout: limits.idleTimeout,
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
      }, declaredSize(address));
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
      const { mailFrom, rcptTo } = session.envelope;
      const accepted: AcceptedMessage = {
        sender: mailFrom ? mailFrom.address : '',
        recipients: rcptTo.map((r) => parseRecipient(r.address, options.localDomains, permission(session))),
        helo: session.hostNameAppearsAs || 'unknown',
        remoteAddress: session.remoteAddress,
        protocol: session.transmissionType || 'SMTP',
        user: typeof session.user === 'string' ? session.user : undefined,
        receivedAt: new Date(),
      };
      receiveMessage(stream, size, (header) => options.onMessage(accepted, header))
        .then((read) => {
          if (read.tooBig) throw messageTooBig(size);
          return read.queueId;
        })
        .then(
          (queueId) => callback(null, `2.0.0 Ok: queued as ${queueId}`),
          (err: unknown) => callback(asSmtpError(err)),
        );
    },
  };
  return new PromptSmtpServer(settings);
}
