/** @module Direct delivery: per domain, look up the MX hosts through the configured resolvers and hand the mail to the first that takes it. */
import type { Resolver } from 'node:dns/promises';
import { asciiDomain, type Recipient } from '../../recipient.js';
import { outcomesFor, type OutboundMessage, type RecipientOutcome, type Transport } from '../outcome.js';
import type { Signer } from './dkim.js';
import { lookupAddresses, lookupMx } from './resolve-mx.js';
import { smtpSend } from './smtp-client.js';
import { outcomesOfSession } from './smtp-outcomes.js';

/** How direct MX delivery is set up. */
export interface MxTransportOptions {
  resolver: Resolver;
  /** Our EHLO name. */
  hostname: string;
  /** 25, except in tests (mta.relay.mxPort). */
  port: number;
  sign?: Signer;
  connectTimeout?: number;
  /** At most this many addresses are tried per domain and attempt. */
  maxAddresses?: number;
}

/** Delivers to the MX hosts of each recipient's domain, STARTTLS when offered. */
export class MxTransport implements Transport {
  constructor(private readonly options: MxTransportOptions) {}

  async deliver(message: OutboundMessage, recipients: readonly Recipient[]): Promise<RecipientOutcome[]> {
    const data = this.options.sign ? await this.options.sign(message.data) : message.data;
    const byDomain = new Map<string, Recipient[]>();
    for (const r of recipients) byDomain.set(r.domain, [...(byDomain.get(r.domain) ?? []), r]);
    const results = await Promise.all([...byDomain].map(([domain, list]) => this.deliverDomain(message.envelope.sender, domain, list, data)));
    return results.flat();
  }

  private async deliverDomain(sender: string, domain: string, recipients: Recipient[], data: Buffer): Promise<RecipientOutcome[]> {
    const ascii = asciiDomain(domain);
    if (!ascii) return outcomesFor(recipients, { status: 'bounced', detail: `"${domain}" is not a domain name`, enhancedStatus: '5.1.2' });
    const mx = await lookupMx(this.options.resolver, ascii);
    if (!mx.ok) return outcomesFor(recipients, { status: mx.permanent ? 'bounced' : 'deferred', detail: mx.detail, enhancedStatus: mx.enhancedStatus });
    const failures: string[] = [];
    let tried = 0;
    for (const host of mx.hosts) {
      const { addresses, temporary } = await lookupAddresses(this.options.resolver, host.name);
      if (temporary) failures.push(temporary);
      if (addresses.length === 0 && !temporary) failures.push(`${host.name} has no A or AAAA record`);
      for (const address of addresses) {
        if (tried >= (this.options.maxAddresses ?? 10)) break;
        tried += 1;
        const result = await smtpSend(
          { host: address, port: this.options.port, servername: host.name, name: this.options.hostname, connectTimeout: this.options.connectTimeout },
          sender,
          recipients.map((r) => r.address),
          data,
        );
        if (result.connected) return outcomesOfSession(result, recipients, { host: host.name, address });
        failures.push(`connect to ${host.name}[${address}]:${this.options.port}: ${result.error.text}`);
      }
    }
    if (mx.implicit && tried === 0 && failures.every((f) => f.endsWith('has no A or AAAA record'))) {
      return outcomesFor(recipients, { status: 'bounced', detail: `domain ${ascii} has no MX and no A or AAAA record`, enhancedStatus: '5.1.2' });
    }
    return outcomesFor(recipients, { status: 'deferred', detail: failures.join('; ') || `no MX host of ${ascii} could be reached`, enhancedStatus: '4.4.1' });
  }
}
