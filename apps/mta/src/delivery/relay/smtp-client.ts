/** @module One SMTP client session with nodemailer's SMTPConnection: connect, optional AUTH, one transaction, QUIT. */
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import type { ServerLimits } from '../../message/wire-form.js';

/** Where and how to connect. */
export interface SmtpClientOptions {
  /** The address (or, for a smarthost, the name) to connect to. */
  host: string;
  port: number;
  /** The name TLS checks the certificate against (SNI); the MX host name. */
  servername?: string;
  /** Our EHLO name (mta.hostname). */
  name: string;
  /** Implicit TLS from the first byte (port 465). */
  secure?: boolean;
  /** Refuse to go on without STARTTLS (smarthost); otherwise STARTTLS is used when offered. */
  requireTLS?: boolean;
  /** Never STARTTLS. */
  ignoreTLS?: boolean;
  /** Check the server's certificate (smarthost); direct MX delivery takes any certificate, as Postfix does. */
  verifyCertificate?: boolean;
  /** PEM CA certificates to check against instead of the system's. */
  ca?: string;
  auth?: { user: string; pass: string };
  /** Connection and greeting time-out, ms. */
  connectTimeout?: number;
  /** Idle time-out during the session, ms. */
  socketTimeout?: number;
}

/** A reply from the server: the code and the full text ("550 5.1.1 no such user"). */
export interface SmtpReply {
  code?: number;
  text: string;
}

/** One transaction: the envelope and the bytes, made for the server at hand. */
export interface Payload {
  from: string;
  /** Empty: nothing is sent (every recipient was refused before MAIL FROM). */
  to: string[];
  data: Buffer;
}

/** Makes the payload once the server's EHLO reply says what it takes. */
export type PayloadFor = (limits: ServerLimits) => Promise<Payload>;

/**
 * How a session ended: `connected` false means the next host may be tried (`tlsFailed`: the
 * STARTTLS handshake failed, so the same host may be tried again in plain text).
 */
export type SmtpResult =
  | { connected: false; error: SmtpReply; tlsFailed: boolean }
  | { connected: true; accepted: string[]; rejected: Map<string, SmtpReply>; reply: SmtpReply; failed: false }
  | { connected: true; failed: true; error: SmtpReply; rejected: Map<string, SmtpReply> };

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  rejectedErrors?: NodemailerError[];
  recipient?: string;
}

function replyOf(err: NodemailerError): SmtpReply {
  if (err.response) return { code: err.responseCode, text: err.response.replace(/\r?\n/g, ' ') };
  const cause = (err as { originalCode?: string }).originalCode;
  const text = cause && !err.message.includes(cause) ? `${err.message} (${cause})` : err.message;
  return { text: text.replace(/\s*\r?\n\s*/g, ' ') };
}

function rejectedMap(errors: NodemailerError[] | undefined): Map<string, SmtpReply> {
  return new Map((errors ?? []).map((e) => [e.recipient ?? '', replyOf(e)]));
}

/** What the EHLO reply offers (a server that answered only HELO offers nothing). */
export function limitsOf(ehloReply: string | false): ServerLimits {
  const ehlo = typeof ehloReply === 'string' && ehloReply.startsWith('250') ? ehloReply : '';
  return { eightBitMime: /^250[ -]8BITMIME\b/im.test(ehlo), smtpUtf8: /^250[ -]SMTPUTF8\b/im.test(ehlo) };
}

/** Runs one session delivering what `payloadFor` makes for this server; never rejects. */
export async function smtpSend(options: SmtpClientOptions, payloadFor: PayloadFor): Promise<SmtpResult> {
  const connection = new SMTPConnection({
    host: options.host,
    port: options.port,
    name: options.name,
    secure: options.secure ?? false,
    requireTLS: options.requireTLS,
    ignoreTLS: options.ignoreTLS,
    opportunisticTLS: !options.requireTLS,
    servername: options.servername,
    tls: { rejectUnauthorized: options.verifyCertificate ?? false, servername: options.servername, ...(options.ca ? { ca: options.ca } : {}) },
    connectionTimeout: options.connectTimeout ?? 30_000,
    greetingTimeout: options.connectTimeout ?? 30_000,
    socketTimeout: options.socketTimeout ?? 300_000,
    logger: false,
  } as SMTPConnection.Options);
  let lastError: NodemailerError | undefined;
  connection.on('error', (err: NodemailerError) => (lastError = err));
  let limits: ServerLimits;
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject);
      connection.connect(() => {
        connection.off('error', reject);
        resolve();
      });
    });
    limits = limitsOf(connection.lastServerResponse);
    if (options.auth) {
      await new Promise<void>((resolve, reject) => connection.login(options.auth as SMTPConnection.Credentials, (err) => (err ? reject(err) : resolve())));
    }
  } catch (err) {
    connection.close();
    const e = (err as NodemailerError) ?? lastError;
    return { connected: false, error: replyOf(e), tlsFailed: e?.code === 'ETLS' || connection.upgrading === true };
  }
  try {
    const { from, to, data } = await payloadFor(limits);
    if (to.length === 0) {
      connection.quit();
      return { connected: true, failed: false, accepted: [], rejected: new Map(), reply: { text: 'nothing sent' } };
    }
    const eightBit = /[\x80-\xff]/.test(data.toString('latin1'));
    const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
      connection.send({ from, to, size: data.length, use8BitMime: eightBit } as SMTPConnection.Envelope, data, (err, result) =>
        err ? reject(err) : resolve(result),
      ),
    );
    connection.quit();
    const rejected = rejectedMap((info as { rejectedErrors?: NodemailerError[] }).rejectedErrors);
    return { connected: true, failed: false, accepted: info.accepted.map(String), rejected, reply: { code: 250, text: info.response.replace(/\r?\n/g, ' ') } };
  } catch (err) {
    connection.close();
    const e = err as NodemailerError;
    return { connected: true, failed: true, error: replyOf(e), rejected: rejectedMap(e.rejectedErrors) };
  }
}
