/** @module The spool file format: one line of JSON envelope, then the message bytes exactly as received. */
import type { Recipient } from '../recipient.js';

/** The first bytes of every spool file; the number is the format version. */
const MAGIC = 'UPTIME-SPOOL 1 ';

/** What the queue keeps about a message besides its bytes. */
export interface QueuedEnvelope {
  /** The queue id, also the file name: only A-Z and 0-9. */
  id: string;
  /** Envelope sender; "" for the null sender of bounces. */
  sender: string;
  recipients: Recipient[];
  /** ISO 8601 time the message was accepted. */
  receivedAt: string;
  /** The Message-ID header, or the queue id when there is none. */
  messageId: string;
  /** The client that handed the message over: HELO name, address and the authenticated user, if any. */
  client: { helo: string; address: string; user?: string };
  /** Length of the message bytes after the envelope line. */
  size: number;
}

/** The largest message size a reserved head has room for (16 digits). */
const SIZE_PLACEHOLDER = 10 ** 15;

/**
 * The first line of a spool file: magic, envelope JSON, spaces up to `width` bytes (JSON allows trailing
 * blanks), newline. Without `width`, the line is as long as the envelope with the largest possible size
 * needs, so the real head fits into it once the message is complete; with 'fit', exactly as long as it
 * needs (a message written whole).
 */
export function encodeSpoolHead(envelope: QueuedEnvelope, width?: number | 'fit'): Buffer {
  if (width === 'fit') return Buffer.from(`${MAGIC}${JSON.stringify(envelope)}\n`, 'utf8');
  const json = JSON.stringify(width === undefined ? { ...envelope, size: SIZE_PLACEHOLDER } : envelope);
  const line = `${MAGIC}${json}`;
  const length = Buffer.byteLength(line, 'utf8');
  const total = width ?? length + 1;
  if (length + 1 > total) throw new Error(`spool head of ${length + 1} bytes does not fit in ${total}`);
  return Buffer.from(`${line}${' '.repeat(total - length - 1)}\n`, 'utf8');
}

/** A spool file whose bytes cannot be decoded (as opposed to one that cannot be read). */
export class DamagedSpoolFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedSpoolFileError';
  }
}

/** Parses a spool file; throws DamagedSpoolFileError when it is damaged or cut short. */
export function decodeSpoolFile(file: Buffer): { envelope: QueuedEnvelope; data: Buffer } {
  const newline = file.indexOf(0x0a);
  if (newline === -1 || file.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new DamagedSpoolFileError('not a spool file');
  let envelope: QueuedEnvelope;
  try {
    envelope = JSON.parse(file.subarray(MAGIC.length, newline).toString('utf8')) as QueuedEnvelope;
  } catch (err) {
    throw new DamagedSpoolFileError(`damaged spool file (bad envelope: ${(err as Error).message})`);
  }
  const data = file.subarray(newline + 1);
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.id !== 'string' || !Array.isArray(envelope.recipients) || envelope.size !== data.length) {
    throw new DamagedSpoolFileError(`damaged spool file (expected ${String(envelope?.size)} message bytes, found ${data.length})`);
  }
  return { envelope, data };
}
