/** @module The MTA's SMTP errors: each carries its reply code, enhanced status code and a stable `code`. */

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

/** 550 5.7.1: the recipient is not in one of mta.localDomains and relaying is not offered. */
export function relayDenied(address: string, localDomains: readonly string[]): SmtpError {
  const domains = localDomains.length ? localDomains.join(', ') : 'none';
  return new SmtpError(550, '5.7.1', 'RELAY_DENIED', `relaying denied: <${address}> is not a local domain (local domains: ${domains})`);
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

/** 553 5.1.7: the sender address cannot be written into a Return-Path header. */
export function badSenderAddress(address: string): SmtpError {
  return new SmtpError(553, '5.1.7', 'BAD_SENDER', `bad sender address <${address}>`);
}

/** 552 5.3.4: the message is larger than the advertised SIZE. */
export function messageTooBig(limit: number): SmtpError {
  return new SmtpError(552, '5.3.4', 'MESSAGE_TOO_BIG', `message exceeds the size limit of ${limit} bytes`);
}

/** 451 4.3.0: the message could not be stored, so it is not accepted; the client should retry. */
export function localDeliveryFailed(reason: string): SmtpError {
  return new SmtpError(451, '4.3.0', 'DELIVERY_FAILED', `local delivery failed, try again later (${reason})`);
}
