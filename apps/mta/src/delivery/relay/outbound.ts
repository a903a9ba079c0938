/**
 * @module What goes to one relay server: the envelope with domains as A-labels, the message made fit
 * for what the server offers (wire-form.ts) and then DKIM-signed, so the signature covers what is sent;
 * recipients that need SMTPUTF8 where the server has none are refused with 5.6.7 (RFC 6531 3.2).
 */
import { domainToASCII } from 'node:url';
import { NeedsSmtpUtf8Error } from '../../message/header-fields.js';
import { wireForm, type ServerLimits } from '../../message/wire-form.js';
import type { Recipient } from '../../recipient.js';
import type { OutboundMessage, RecipientOutcome } from '../outcome.js';
import type { Signer } from './dkim.js';
import { normalizeLineEnds } from './dkim-sign.js';
import type { Payload } from './smtp-client.js';

/** The payload for one server, which address each envelope recipient stands for, and who was refused. */
export interface Prepared {
  payload: Payload;
  /** The address as sent (A-labels) -> the queued recipient. */
  recipientOf: Map<string, Recipient>;
  refused: RecipientOutcome[];
}

const NON_ASCII = /[^\x00-\x7f]/;

/** `local@domain` with the domain as A-labels (IDNA, node:url domainToASCII); the null sender stays "". */
export function asciiAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const domain = address.slice(at + 1);
  return NON_ASCII.test(domain) ? `${address.slice(0, at)}@${domainToASCII(domain) || domain}` : address;
}

/** True when the local part of `address` is not ASCII, so only an SMTPUTF8 server can take it. */
export function needsSmtpUtf8(address: string): boolean {
  const at = address.lastIndexOf('@');
  return NON_ASCII.test(at < 0 ? address : address.slice(0, at));
}

/** Prepares `message` for each server it goes to; the bytes are made (and signed) once per kind of server. */
export class OutboundPreparer {
  private readonly forms = new Map<string, Promise<Buffer | NeedsSmtpUtf8Error>>();
  private normalized?: Buffer;

  constructor(
    private readonly message: OutboundMessage,
    private readonly sign?: Signer,
  ) {}

  /** The payload for `recipients` at the server `where` (its name and address), which offers `limits`. */
  async prepare(recipients: readonly Recipient[], limits: ServerLimits, where: { host: string; address: string }): Promise<Prepared> {
    const sender = this.message.envelope.sender;
    const refuse = (list: readonly Recipient[], why: string): Prepared => ({
      payload: { from: '', to: [], data: Buffer.alloc(0) },
      recipientOf: new Map(),
      refused: list.map((recipient) => ({
        recipient,
        status: 'bounced',
        detail: `${where.host}[${where.address}] does not offer SMTPUTF8, which ${why} needs (RFC 6531); not sent`,
        enhancedStatus: '5.6.7',
        remoteHost: where.host,
        remoteAddress: where.address,
      })),
    });
    if (!limits.smtpUtf8 && needsSmtpUtf8(sender)) return refuse(recipients, `the sender <${sender}>`);
    const data = await this.form(limits);
    if (data instanceof NeedsSmtpUtf8Error) return refuse(recipients, `the ${data.field} header field`);
    const refused = limits.smtpUtf8 ? [] : recipients.filter((r) => needsSmtpUtf8(r.address));
    const prepared: Prepared = { payload: { from: asciiAddress(sender), to: [], data }, recipientOf: new Map(), refused: [] };
    for (const recipient of recipients) {
      if (refused.includes(recipient)) continue;
      const address = asciiAddress(recipient.address);
      prepared.payload.to.push(address);
      prepared.recipientOf.set(address, recipient);
    }
    for (const recipient of refused) prepared.refused.push(...refuse([recipient], `the recipient <${recipient.address}>`).refused);
    return prepared;
  }

  private form(limits: ServerLimits): Promise<Buffer | NeedsSmtpUtf8Error> {
    const key = `${limits.eightBitMime}:${limits.smtpUtf8}`;
    let form = this.forms.get(key);
    if (!form) {
      this.normalized ??= normalizeLineEnds(this.message.data);
      form = wireForm(this.normalized, limits).then(
        (data) => (this.sign ? this.sign(data) : data),
        (err: unknown) => {
          if (err instanceof NeedsSmtpUtf8Error) return err;
          throw err;
        },
      );
      this.forms.set(key, form);
    }
    return form;
  }
}
