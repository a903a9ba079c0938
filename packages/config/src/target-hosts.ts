/** @module Many targets from one entry: `hosts: CIDR` (one target per usable address) and `monitor.targetsFile` (one address or name a line). */
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { isHostOrIp } from './address.js';
import { quoted } from './schema-values.js';

/** The most addresses one `hosts` entry makes: a /20 of IPv4 (4,096), a /116 of IPv6. */
export const MAX_SUBNET_ADDRESSES = 4096;

/** The addresses of a subnet that hosts can have: not the network and broadcast addresses of IPv4 (except in /31 and /32), not the subnet-router anycast address of IPv6. */
function usableAddresses(base: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): string[] {
  const bytes = base.toByteArray();
  const bits = bytes.length * 8;
  const size = 2 ** (bits - prefix);
  let start = 0n;
  for (const b of bytes) start = (start << 8n) | BigInt(b);
  start &= ~((1n << BigInt(bits - prefix)) - 1n); // the network address, whatever host bits were written
  const skipFirst = bits - prefix >= (bytes.length === 4 ? 2 : 1);
  const skipLast = bytes.length === 4 && bits - prefix >= 2;
  const out: string[] = [];
  for (let i = skipFirst ? 1 : 0; i < size - (skipLast ? 1 : 0); i += 1) {
    let n = start + BigInt(i);
    const addr = new Array<number>(bytes.length);
    for (let k = bytes.length - 1; k >= 0; k -= 1) {
      addr[k] = Number(n & 0xffn);
      n >>= 8n;
    }
    out.push(ipaddr.fromByteArray(addr).toString());
  }
  return out;
}

/** `hosts`: a subnet in CIDR notation, at most MAX_SUBNET_ADDRESSES addresses; gives its usable addresses. */
export const subnetSchema = z.string({ error: (i) => `${quoted(i.input)} is not a subnet (e.g. "192.0.2.64/29")` }).transform((value, ctx) => {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(value.trim());
  } catch {
    ctx.addIssue({ code: 'custom', message: `${quoted(value)} is not a subnet in CIDR notation (e.g. "192.0.2.64/29" or "2001:db8::/120")` });
    return z.NEVER;
  }
  const [base, prefix] = parsed;
  const bits = base.kind() === 'ipv4' ? 32 : 128;
  const size = 2 ** (bits - prefix);
  if (size > MAX_SUBNET_ADDRESSES) {
    const largest = bits - Math.log2(MAX_SUBNET_ADDRESSES);
    ctx.addIssue({
      code: 'custom',
      message: `${quoted(value)} has ${size.toLocaleString('en-US')} addresses; at most /${largest} (${MAX_SUBNET_ADDRESSES.toLocaleString('en-US')} addresses) is allowed: split it or use monitor.targetsFile`,
    });
    return z.NEVER;
  }
  return usableAddresses(base, prefix);
});

/** One target per address of `hosts`, named `<name>-<address>` and sharing every other setting; a target without `hosts` as it is. */
export function expandHosts<T extends { hosts?: string[]; name?: string }>(t: T): Array<Omit<T, 'hosts'> & { host?: string }> {
  const { hosts, ...rest } = t;
  if (!hosts) return [rest];
  return hosts.map((address) => ({ ...rest, host: address, name: rest.name ? `${rest.name}-${address}` : address }));
}

/** `monitor.targetsFile`: one address or host name a line (like `fping -f`), `#` starts a comment; gives the hosts (each becomes an icmp target named by it). */
export const targetsFileSchema = z.string({ error: (i) => `${quoted(i.input)} is not a file path` }).transform((path, ctx) => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${quoted(path)} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
    return z.NEVER;
  }
  const hosts: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    if (isHostOrIp(line)) hosts.push(line);
    else ctx.addIssue({ code: 'custom', message: `${path} line ${i + 1}: ${quoted(line)} is not an IP address or host name` });
  });
  return hosts;
});
