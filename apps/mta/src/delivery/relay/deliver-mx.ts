/** @module Direct delivery: per domain, look up the MX hosts through the configured resolvers and hand the mail to the first that takes it. */
import type { Resolver } from 'node:dns/promises';
import { asciiDomain, type Recipient } from '../../recipient.js';
import { outcomesFor, type OutboundMessage, type RecipientOutcome, type Transport } from '../outcome.js';
import type { ServerLimits } from '../../message/wire-form.js';
import type { Signer } from './dkim.js';
import { OutboundPreparer, type Prepared } from './outbound.js';
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

/** Where one session went, for details and events. */
interface Where {
  host: string;
  address: string;
}

/**
 * Delivers to the MX hosts of each recipient's domain, STARTTLS when offered (in plain text again
 * when the handshake fails, as Postfix's smtp_tls_security_level = may); recipients that get a 4xx
 * from one MX (greylisting) are tried at the next.
 */
export class MxTransport implements Transport {
  constructor(private readonly options: MxTransportOptions) {}

  async deliver(message: OutboundMessage, recipients: readonly Recipient[]): Promise<RecipientOutcome[]> {
    const preparer = new OutboundPreparer(message, this.options.sign);
    const byDomain = new Map<string, Recipient[]>();
    for (const r of recipients) byDomain.set(r.domain, [...(byDomain.get(r.domain) ?? []), r]);
    const results = await Promise.all([...byDomain].map(([domain, list]) => this.deliverDomain(preparer, domain, list)));
    return results.flat();
  }

  private async deliverDomain(preparer: OutboundPreparer, domain: string, recipients: Recipient[]): Promise<RecipientOutcome[]> {
    const ascii = asciiDomain(domain);
    if (!ascii) return outcomesFor(recipients, { status: 'bounced', detail: `"${domain}" is not a domain name`, enhancedStatus: '5.1.2' });
    const mx = await lookupMx(this.options.resolver, ascii);
    if (!mx.ok) return outcomesFor(recipients, { status: mx.permanent ? 'bounced' : 'deferred', detail: mx.detail, enhancedStatus: mx.enhancedStatus });
    const failures: string[] = [];
    const done: RecipientOutcome[] = [];
    /** The latest 4xx outcome of each recipient still to deliver. */
    const softly = new Map<Recipient, RecipientOutcome>();
    let pending = recipients;
    let tried = 0;
    for (const host of mx.hosts) {
      const { addresses, temporary } = await lookupAddresses(this.options.resolver, host.name);
      if (temporary) failures.push(temporary);
      if (addresses.length === 0 && !temporary) failures.push(`${host.name} has no A or AAAA record`);
      for (const address of addresses) {
        if (tried >= (this.options.maxAddresses ?? 10)) break;
        tried += 1;
        const where = { host: host.name, address };
        const outcomes = await this.session(preparer, where, pending);
        if (typeof outcomes === 'string') {
          failures.push(outcomes);
          continue;
        }
        for (const outcome of outcomes) {
          if (outcome.status === 'deferred') softly.set(outcome.recipient, outcome);
          else {
            softly.delete(outcome.recipient);
            done.push(outcome);
          }
        }
        pending = pending.filter((r) => softly.has(r));
        if (pending.length === 0) return done;
      }
    }
    if (softly.size > 0) return [...done, ...softly.values()];
    if (mx.implicit && tried === 0 && failures.every((f) => f.endsWith('has no A or AAAA record'))) {
      return outcomesFor(recipients, { status: 'bounced', detail: `domain ${ascii} has no MX and no A or AAAA record`, enhancedStatus: '5.1.2' });
    }
    return outcomesFor(recipients, { status: 'deferred', detail: failures.join('; ') || `no MX host of ${ascii} could be reached`, enhancedStatus: '4.4.1' });
  }

  /** One session with one MX address (twice when its STARTTLS handshake fails); the outcomes, or why no session took place. */
  private async session(preparer: OutboundPreparer, where: Where, recipients: readonly Recipient[]): Promise<RecipientOutcome[] | string> {
    let prepared: Prepared | undefined;
    const payloadFor = async (limits: ServerLimits) => (prepared = await preparer.prepare(recipients, limits, where)).payload;
    const options = { host: where.address, port: this.options.port, servername: where.host, name: this.options.hostname, connectTimeout: this.options.connectTimeout };
    let result = await smtpSend(options, payloadFor);
    let note = '';
    if (!result.connected && result.tlsFailed) {
      note = ' in plain text (the STARTTLS handshake failed)';
      result = await smtpSend({ ...options, ignoreTLS: true }, payloadFor);
    }
    if (!result.connected) return `connect to ${where.host}[${where.address}]:${this.options.port}${note}: ${result.error.text}`;
    if (prepared) return outcomesOfSession(result, prepared, where, note);
    const detail = `${where.host}[${where.address}]: ${result.failed ? result.error.text : 'nothing sent'}`;
    return outcomesFor(recipients, { status: 'deferred', detail, enhancedStatus: '4.3.0', remoteHost: where.host, remoteAddress: where.address });
  }
}
