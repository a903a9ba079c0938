/** @module Which local mailboxes take mail (the contract's "known mailboxes"): alerts.to, alerts.routes[].to, alerts.escalate[].to, mta.postmaster, postmaster and mta.mailboxes. */
import type { AppConfig } from '@uptime/config';
import { isLocalDomain } from './recipient.js';

/** The local part of `address`, lower-cased, when its domain is one of `localDomains`. */
function localPartOf(address: string, localDomains: readonly string[]): string | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || !isLocalDomain(address.slice(at + 1), localDomains)) return undefined;
  return address.slice(0, at).toLowerCase();
}

/** The mailbox names that get mail for every local domain; any other local recipient is refused (550 5.1.1). */
export function knownMailboxes(config: Pick<AppConfig, 'alerts' | 'mta'>): ReadonlySet<string> {
  const { localDomains } = config.mta;
  const { to, routes, escalate } = config.alerts;
  const fromAddresses = [...to, ...routes.flatMap((r) => r.to), ...escalate.flatMap((e) => e.to), config.mta.postmaster].map((a) => localPartOf(a, localDomains));
  return new Set(['postmaster', ...config.mta.mailboxes, ...fromAddresses.filter((m): m is string => m !== undefined)]);
}
