/** @module Relaying every non-local recipient through one smarthost (mta.relay.smarthost), with AUTH. */
import type { Recipient } from '../../recipient.js';
import { outcomesFor, type OutboundMessage, type RecipientOutcome, type Transport } from '../outcome.js';
import type { Signer } from './dkim.js';
import { OutboundPreparer, type Prepared } from './outbound.js';
import type { SmarthostCredentials } from './smarthost-credentials.js';
import { smtpSend } from './smtp-client.js';
import { outcomesOfSession } from './smtp-outcomes.js';

/** How the smarthost is reached. */
export interface SmarthostOptions {
  host: string;
  port: number;
  /** starttls: STARTTLS required; tls: TLS from the start (465); none: plain text (a lab relay only). */
  secure: 'starttls' | 'tls' | 'none';
  /** Our EHLO name. */
  hostname: string;
  credentials?: SmarthostCredentials;
  sign?: Signer;
  /** Check the smarthost's certificate (default true). */
  verifyCertificate?: boolean;
  /** PEM CA certificates to trust instead of the system's (mta.relay.smarthost.ca). */
  ca?: string;
  connectTimeout?: number;
}

/** Hands mail to the smarthost (never in plain text when secure is starttls or tls); a connection failure defers, replies decide per recipient. */
export class SmarthostTransport implements Transport {
  constructor(private readonly options: SmarthostOptions) {}

  async deliver(message: OutboundMessage, recipients: readonly Recipient[]): Promise<RecipientOutcome[]> {
    const { host, port, secure, credentials } = this.options;
    const preparer = new OutboundPreparer(message, this.options.sign);
    const where = { host, address: String(port) };
    let prepared: Prepared | undefined;
    const result = await smtpSend(
      {
        host,
        port,
        name: this.options.hostname,
        secure: secure === 'tls',
        requireTLS: secure === 'starttls',
        ignoreTLS: secure === 'none',
        verifyCertificate: this.options.verifyCertificate ?? true,
        ca: this.options.ca,
        auth: credentials ? { user: credentials.user, pass: credentials.password } : undefined,
        connectTimeout: this.options.connectTimeout,
      },
      async (limits) => (prepared = await preparer.prepare(recipients, limits, where)).payload,
    );
    if (result.connected && prepared) return outcomesOfSession(result, prepared, where);
    if (result.connected) return outcomesFor(recipients, { status: 'deferred', detail: `smarthost ${host}:${port}: ${result.failed ? result.error.text : 'nothing sent'}`, enhancedStatus: '4.3.0', remoteHost: host });
    const authFailed = result.error.code === 535 || result.error.code === 534;
    return outcomesFor(recipients, {
      status: 'deferred',
      detail: `smarthost ${host}:${port}: ${result.error.text}${authFailed ? ' (check SMTP_USERNAME and SMTP_PASSWORD)' : ''}`,
      enhancedStatus: authFailed ? '4.7.8' : '4.4.1',
      remoteHost: host,
    });
  }
}
