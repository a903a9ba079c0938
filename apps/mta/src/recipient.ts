/** @module Envelope recipients: which are local, and the Maildir mailbox each one maps to. */
import { badMailboxName, relayDenied } from './errors.js';

/** A recipient this MTA delivers itself. */
export interface LocalRecipient {
  /** The address as the client gave it. */
  address: string;
  /** Maildir mailbox: the local part, lower-cased. */
  mailbox: string;
  /** The local domain it matched, lower-cased, without a trailing dot. */
  domain: string;
}

/** Safe mailbox names: no path separators, no leading dot, at most 64 characters. */
const MAILBOX = /^[a-z0-9_+-][a-z0-9._+-]{0,63}$/;

/** Lower-cases a domain and drops one trailing dot ("LocalHost." -> "localhost"). */
export function normalizeDomain(domain: string): string {
  const lower = domain.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** True when `name` is usable as a directory under <dataDir>/mail. */
export function isSafeMailbox(name: string): boolean {
  return MAILBOX.test(name) && !name.includes('..');
}

/**
 * Parses an envelope recipient and checks that it is local. Throws 550 5.7.1 for anything that
 * would be relayed (other domains, IP literals, source routes, `%` and `!` routing, extra `@`),
 * and 550 5.1.3 when the local part is not a safe mailbox name.
 */
export function parseRecipient(address: string, localDomains: readonly string[]): LocalRecipient {
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
  if (domain.startsWith('[') || !locals.includes(domain)) throw relayDenied(address, localDomains);
  const mailbox = local.toLowerCase();
  if (!isSafeMailbox(mailbox)) throw badMailboxName(address);
  return { address, mailbox, domain };
}
