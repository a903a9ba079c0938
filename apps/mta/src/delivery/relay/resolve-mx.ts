/** @module Where mail for a domain goes: MX records in preference order (ties shuffled), else the domain itself (RFC 5321 5.1). */
import type { Resolver } from 'node:dns/promises';

/** One host to try. */
export interface MxHost {
  name: string;
  preference: number;
}

/** The hosts to try, or why there are none: `permanent` bounces, otherwise the mail is deferred. */
export type MxLookup =
  | { ok: true; hosts: MxHost[]; implicit: boolean }
  | { ok: false; permanent: boolean; enhancedStatus: string; detail: string };

/** DNS answers that mean "this name has no such records" rather than "ask again later". */
const NO_DATA = new Set(['ENODATA', 'ENOTFOUND']);

/** The MX hosts of `domain`; ties in preference come in random order. */
export async function lookupMx(resolver: Resolver, domain: string, random: () => number = Math.random): Promise<MxLookup> {
  let records: { exchange: string; priority: number }[];
  try {
    records = await resolver.resolveMx(domain);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOTFOUND') return { ok: false, permanent: true, enhancedStatus: '5.1.2', detail: `domain ${domain} does not exist (NXDOMAIN)` };
    if (code === 'ENODATA') return { ok: true, hosts: [{ name: domain, preference: 0 }], implicit: true };
    return { ok: false, permanent: false, enhancedStatus: '4.4.3', detail: `DNS lookup of the MX records of ${domain} failed (${code}), will retry` };
  }
  if (records.some((r) => r.exchange === '' || r.exchange === '.')) {
    return { ok: false, permanent: true, enhancedStatus: '5.1.10', detail: `domain ${domain} accepts no mail (null MX, RFC 7505)` };
  }
  if (records.length === 0) return { ok: true, hosts: [{ name: domain, preference: 0 }], implicit: true };
  const hosts = records
    .map((r) => ({ name: r.exchange.replace(/\.$/, '').toLowerCase(), preference: r.priority, tie: random() }))
    .sort((a, b) => a.preference - b.preference || a.tie - b.tie)
    .map(({ name, preference }) => ({ name, preference }));
  return { ok: true, hosts, implicit: false };
}

/** The IPv4 and IPv6 addresses of a host; `temporary` is set when a lookup failed for a reason other than "no such record". */
export async function lookupAddresses(resolver: Resolver, host: string): Promise<{ addresses: string[]; temporary?: string }> {
  const answers = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
  const addresses: string[] = [];
  let temporary: string | undefined;
  for (const answer of answers) {
    if (answer.status === 'fulfilled') addresses.push(...answer.value);
    else {
      const code = (answer.reason as NodeJS.ErrnoException).code ?? 'error';
      if (!NO_DATA.has(code)) temporary = `DNS lookup of ${host} failed (${code})`;
    }
  }
  return { addresses, temporary };
}
