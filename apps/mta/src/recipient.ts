/** @module Envelope recipients: which are local (and their Maildir mailbox), which may be relayed. */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { badMailboxName, badRemoteAddress, relayDenied, relayDisabled } from './errors.js';

/** A recipient as it is queued: local ones carry their mailbox, remote ones do not. */
export interface Recipient {
  /** The address as the client gave it. */
  address: string;
  /** The domain, lower-cased, without a trailing dot. */
  domain: string;
  /** Maildir mailbox (the local part, lower-cased) when the domain is one of mta.localDomains. */
  mailbox?: string;
}

/** A recipient this MTA delivers itself. */
export type LocalRecipient = Required<Recipient>;

/** What the client may do with a non-local recipient: nothing, ask while relaying is off, or relay. */
export type RelayPermission = 'denied' | 'disabled' | 'allowed';

/** Safe mailbox names: no path separators, no leading dot, at most 64 characters. */
const MAILBOX = /^[a-z0-9_+-][a-z0-9._+-]{0,63}$/;

/** A dot-atom local part (RFC 5322 atext), UTF-8 allowed (RFC 6531); no quotes, no routing characters. */
const REMOTE_LOCAL_PART = /^[A-Za-z0-9#$&'*+/=?^_`{|}~\u0080-\uFFFF-]+(?:\.[A-Za-z0-9#$&'*+/=?^_`{|}~\u0080-\uFFFF-]+)*$/;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Lower-cases a domain and drops one trailing dot ("LocalHost." -> "localhost"). */
export function normalizeDomain(domain: string): string {
  const lower = domain.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** True when `name` is usable as a directory under <dataDir>/mail. */
export function isSafeMailbox(name: string): boolean {
  return MAILBOX.test(name) && !name.includes('..');
}

/** True when `recipient` is delivered here. */
export function isLocal(recipient: Recipient): recipient is LocalRecipient {
  return recipient.mailbox !== undefined;
}

/** True when `domain` (any case, trailing dot or not) is one of `localDomains`. */
export function isLocalDomain(domain: string, localDomains: readonly string[]): boolean {
  const wanted = normalizeDomain(domain);
  return localDomains.some((d) => normalizeDomain(d) === wanted);
}

/** The ASCII (A-label) form of a domain that DNS can look up, or undefined when it is not a host name. */
export function asciiDomain(domain: string): string | undefined {
  const ascii = domainToASCII(domain);
  if (!ascii || ascii.length > 253 || isIP(ascii)) return undefined;
  return ascii.split('.').every((label) => LABEL.test(label)) && ascii.includes('.') ? ascii : undefined;
}

/**
 * Parses an envelope recipient. A local one (domain in mta.localDomains) must have a safe mailbox
 * name (else 550 5.1.3). Anything else would be relayed: refused with 550 5.7.1 unless `relay` is
 * 'allowed' (an authenticated client), and even then source routes, `%` and `!` routing, extra `@`,
 * quoted local parts and IP literals are refused.
 */
export function parseRecipient(address: string, localDomains: readonly string[], relay: RelayPermission = 'denied'): Recipient {
  const raw = address.trim().replace(/^<(.*)>$/, '$1');
  const locals = localDomains.map(normalizeDomain);
  if (raw.toLowerCase() === 'postmaster' && locals[0]) {
    return { address, mailbox: 'postmaster', domain: locals[0] }; // RFC 5321 4.1.1.3
  }
  const at = raw.lastIndexOf('@');
  const routed = raw.startsWith('@') || raw.includes('%') || raw.includes('!');
  if (routed || at <= 0 || raw.indexOf('@') !== at) throw relayDenied(address, localDomains);
  const local = raw.slice(0, at);
  const domain = normalizeDomain(raw.slice(at + 1));
  if (locals.includes(domain)) {
    const mailbox = local.toLowerCase();
    if (!isSafeMailbox(mailbox)) throw badMailboxName(address);
    return { address, mailbox, domain };
  }
  if (relay === 'denied') throw relayDenied(address, localDomains);
  if (relay === 'disabled') throw relayDisabled(address);
  if (domain.startsWith('[')) throw badRemoteAddress(address, 'mail to IP address literals is not relayed');
  if (!asciiDomain(domain)) throw badRemoteAddress(address, `"${domain}" is not a domain name`);
  if (!REMOTE_LOCAL_PART.test(local) || Buffer.byteLength(local) > 64) throw badRemoteAddress(address, 'the local part is not a plain dot-atom');
  return { address, domain };
}
