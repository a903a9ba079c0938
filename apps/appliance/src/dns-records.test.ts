/** @module The DNS records for direct MX delivery, as an administrator would paste them into a zone. */
import { describe, expect, it } from 'vitest';
import { dnsRecords } from './dns-records.js';

describe('dnsRecords', () => {
  it('gives A, SPF, DKIM and DMARC for the sender domain and the EHLO name', () => {
    const lines = dnsRecords({ hostname: 'sensor.lab.example', address: '192.0.2.10', senderDomain: 'lab.example', dkimRecord: 'uptime._domainkey.lab.example. IN TXT ( "v=DKIM1; k=rsa; p=MIIB" )\n' });
    const records = lines.filter((l) => !l.startsWith(';'));
    expect(records).toEqual([
      expect.stringMatching(/^sensor\.lab\.example\. +IN A +192\.0\.2\.10$/),
      expect.stringMatching(/^lab\.example\. +IN TXT +"v=spf1 a:sensor\.lab\.example -all"$/),
      expect.stringMatching(/^sensor\.lab\.example\. +IN TXT +"v=spf1 a -all"$/),
      'uptime._domainkey.lab.example. IN TXT ( "v=DKIM1; k=rsa; p=MIIB" )',
      expect.stringMatching(/^_dmarc\.lab\.example\. +IN TXT +"v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:postmaster@lab\.example"$/),
    ]);
  });

  it('uses AAAA for an IPv6 address, and says what to do without DKIM or an address', () => {
    expect(dnsRecords({ hostname: 'a.example', address: '2001:db8::5', senderDomain: 'example' })).toContainEqual(expect.stringMatching(/^a\.example\. +IN AAAA +2001:db8::5$/));
    const lines = dnsRecords({ hostname: 'a.example', senderDomain: 'example' });
    expect(lines).toContainEqual(expect.stringMatching(/IN A +<the public address of this host>$/));
    expect(lines).toContain('; DKIM: not configured; set mta.relay.dkim: { domain: example, selector: uptime } and run this again');
  });
});
