/** @module The MTA's errors in one place: SMTP replies to clients (SmtpError) and start/CLI failures (MtaError). */

/** An error that smtp-server sends to the client as `<responseCode> <enhanced> <text>`. */
export class SmtpError extends Error {
  constructor(
    /** SMTP reply code, e.g. 550. */
    readonly responseCode: number,
    /** RFC 3463 enhanced status code, e.g. "5.7.1"; also the start of `message`. */
    readonly enhancedCode: string,
    /** Stable machine-readable name, e.g. "RELAY_DENIED". */
    readonly code: string,
    text: string,
  ) {
    super(`${enhancedCode} ${text}`);
    this.name = 'SmtpError';
  }

  /** True for a 4xx reply: the client should try again later. */
  get temporary(): boolean {
    return this.responseCode >= 400 && this.responseCode < 500;
  }
}

/** 550 5.7.1: the recipient is not in one of mta.localDomains and the client may not relay. */
export function relayDenied(address: string, localDomains: readonly string[]): SmtpError {
  const domains = localDomains.length ? localDomains.join(', ') : 'none';
  return new SmtpError(550, '5.7.1', 'RELAY_DENIED', `relaying denied: <${address}> is not a local domain (local domains: ${domains})`);
}

/** 550 5.7.1: an authenticated client asked to relay while mta.relay.mode is local. */
export function relayDisabled(address: string): SmtpError {
  return new SmtpError(550, '5.7.1', 'RELAY_DISABLED', `relaying disabled: <${address}> is not local and mta.relay.mode is local (set it to mx or smarthost)`);
}

/** 553 5.1.2: a remote address we will not deliver to (IP literal, bad domain). */
export function badRemoteAddress(address: string, why: string): SmtpError {
  return new SmtpError(553, '5.1.2', 'BAD_REMOTE_ADDRESS', `bad recipient <${address}>: ${why}`);
}

/** 550 5.1.3: the local part cannot be a mailbox name. */
export function badMailboxName(address: string): SmtpError {
  return new SmtpError(
    550,
    '5.1.3',
    'BAD_MAILBOX_NAME',
    `bad recipient <${address}>: a local mailbox name uses only a-z, 0-9, ".", "_", "+" and "-"`,
  );
}

/** 550 5.1.1: a local domain, but no such mailbox (not in alerts.to, mta.postmaster or mta.mailboxes). */
export function unknownMailbox(address: string): SmtpError {
  return new SmtpError(550, '5.1.1', 'UNKNOWN_MAILBOX', `<${address}>: recipient address rejected: no such mailbox here (known mailboxes: alerts.to, mta.mailboxes)`);
}

/** 553 5.1.7: the sender address cannot be written into a Return-Path header. */
export function badSenderAddress(address: string): SmtpError {
  return new SmtpError(553, '5.1.7', 'BAD_SENDER', `bad sender address <${address}>`);
}

/** 555 5.5.4: a MAIL FROM or RCPT TO parameter that EHLO did not offer. */
export function unsupportedParameter(name: string): SmtpError {
  return new SmtpError(555, '5.5.4', 'UNSUPPORTED_PARAMETER', `unsupported parameter "${name.toUpperCase().slice(0, 40)}"`);
}

/** 553 5.6.7: a UTF-8 address in a transaction that did not ask for SMTPUTF8. */
export function utf8NeedsSmtpUtf8(address: string): SmtpError {
  return new SmtpError(553, '5.6.7', 'UTF8_NEEDS_SMTPUTF8', `<${address}>: a UTF-8 address needs MAIL FROM:<...> SMTPUTF8`);
}

/** 552 5.3.4: the message is larger than the advertised SIZE. */
export function messageTooBig(limit: number): SmtpError {
  return new SmtpError(552, '5.3.4', 'MESSAGE_TOO_BIG', `message exceeds the size limit of ${limit} bytes`);
}

/** 451 4.3.0: the message could not be written to the spool, so it is not accepted; the client should retry. */
export function spoolFailed(reason: string): SmtpError {
  return new SmtpError(451, '4.3.0', 'SPOOL_FAILED', `cannot queue the message, try again later (${reason})`);
}

/** 535 5.7.8: wrong user name or password. */
export function authFailed(): SmtpError {
  return new SmtpError(535, '5.7.8', 'AUTH_FAILED', 'authentication credentials invalid');
}

/** 538 5.7.11: AUTH over a plain-text connection from another host. */
export function authNeedsTls(): SmtpError {
  return new SmtpError(538, '5.7.11', 'AUTH_NEEDS_TLS', 'encryption required for authentication: issue STARTTLS first');
}

/** Codes of the MTA's start-up and command-line failures (err.code). */
export const MTA_ERROR_CODES = {
  /** Another process (a running MTA or `queue flush`) holds the spool. */
  SPOOL_LOCKED: 'MTA_SPOOL_LOCKED',
  /** The smarthost needs credentials and none were given, with no terminal to ask on. */
  NO_CREDENTIALS: 'MTA_NO_CREDENTIALS',
  /** The configured TLS certificate or key cannot be used. */
  BAD_TLS: 'MTA_BAD_TLS',
  /** The DKIM key cannot be read or made. */
  BAD_DKIM_KEY: 'MTA_BAD_DKIM_KEY',
  /** A user name or password given to `user add` is not usable. */
  BAD_USER: 'MTA_BAD_USER',
} as const;

export type MtaErrorCode = (typeof MTA_ERROR_CODES)[keyof typeof MTA_ERROR_CODES];

/** A failure the administrator has to act on; the message says what to do. */
export class MtaError extends Error {
  constructor(
    readonly code: MtaErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MtaError';
  }
}

/** 452 4.3.1: free space on the spool's file system is below mta.queueMinFree (Postfix's queue_minfree); the client should retry. */
export function insufficientStorage(): SmtpError {
  return new SmtpError(452, '4.3.1', 'INSUFFICIENT_STORAGE', 'Insufficient system storage');
}

/** 552 5.3.4: the header section alone is larger than the MTA takes. */
export function headerTooBig(limit: number): SmtpError {
  return new SmtpError(552, '5.3.4', 'HEADER_TOO_BIG', `message header section exceeds ${limit} bytes`);
}
