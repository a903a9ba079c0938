/** @module The DNS records to publish for direct MX delivery: A/AAAA for mta.hostname, SPF, DKIM, DMARC (no I/O). */
import { isIPv6 } from 'node:net';

export interface DnsRecordInput {
  /** mta.hostname: the EHLO name remote MX hosts see. */
  hostname: string;
  /** The address remote MX hosts see this host connect from; undefined when it is not known. */
  address?: string;
  /** The domain of alerts.from: SPF and DMARC are published there. */
  senderDomain: string;
  /** The DKIM record as `uptime-mta dkim` prints it, when mta.relay.dkim is set. */
  dkimRecord?: string;
}

const fqdn = (name: string) => `${name.replace(/\.$/, '')}.`;
const row = (name: string, type: string, value: string) => `${fqdn(name).padEnd(32)} IN ${type.padEnd(5)} ${value}`;

/** The zone-file lines to publish, with `;` comments saying what each is for. */
export function dnsRecords({ hostname, address, senderDomain, dkimRecord }: DnsRecordInput): string[] {
  const ip = address ?? '<the public address of this host>';
  return [
    `; what to publish so that mail from ${senderDomain} sent by ${hostname} (mta.relay.mode: mx) is accepted`,
    '; the address remote MX hosts see this host connect from (--address to give another):',
    row(hostname, address && isIPv6(address) ? 'AAAA' : 'A', ip),
    `; SPF: only ${hostname} sends mail for ${senderDomain}:`,
    row(senderDomain, 'TXT', `"v=spf1 a:${hostname} -all"`),
    `; SPF of the EHLO name itself:`,
    row(hostname, 'TXT', '"v=spf1 a -all"'),
    ...(dkimRecord
      ? ['; DKIM: the public key of the key the MTA signs with:', dkimRecord.trimEnd()]
      : [`; DKIM: not configured; set mta.relay.dkim: { domain: ${senderDomain}, selector: uptime } and run this again`]),
    '; DMARC: receivers quarantine mail that fails SPF and DKIM alignment, and send reports to postmaster:',
    row(`_dmarc.${senderDomain}`, 'TXT', `"v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:postmaster@${senderDomain}"`),
    `; and ask whoever owns ${ip} for its reverse record (PTR) to name ${fqdn(hostname)}`,
  ];
}
