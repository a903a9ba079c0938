/**
 * @module The spool file format: one line of JSON envelope (with the message's length and CRC-32), then the
 * message bytes exactly as received. A file checks itself: one torn by a crash before its fsync is refused.
 */
import { crc32 } from 'node:zlib';
import type { Recipient } from '../recipient.js';

/** The first bytes of every spool file; the number is the format version (2 adds `crc32`). */
const MAGIC = 'UPTIME-SPOOL 2 ';
/** Version 1 files were fsynced before they entered queue/, so they carry no checksum and are still read. */
const MAGIC_V1 = 'UPTIME-SPOOL 1 ';

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
/** The widest CRC-32 (10 digits), for a reserved head. */
const CRC_PLACEHOLDER = 2 ** 32 - 1;

/**
 * The first line of a spool file: magic, envelope JSON with the CRC-32 of the message bytes, spaces up to
 * `width` bytes (JSON allows trailing blanks), newline. Without `crc`, a reserved line as long as the
 * largest possible size and CRC need, so the real head fits into it once the message is complete; with
 * `width` 'fit', exactly as long as it needs (a message written whole).
 */
export function encodeSpoolHead(envelope: QueuedEnvelope, width?: number | 'fit', crc?: number): Buffer {
  const head = crc === undefined ? { ...envelope, size: SIZE_PLACEHOLDER, crc32: CRC_PLACEHOLDER } : { ...envelope, crc32: crc };
  const line = `${MAGIC}${JSON.stringify(head)}`;
  if (width === 'fit') return Buffer.from(`${line}\n`, 'utf8');
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

/** Parses a spool file; throws DamagedSpoolFileError when it is damaged, cut short or fails its checksum. */
export function decodeSpoolFile(file: Buffer): { envelope: QueuedEnvelope; data: Buffer } {
  const newline = file.indexOf(0x0a);
  const magic = file.subarray(0, MAGIC.length).toString('latin1');
  if (newline === -1 || (magic !== MAGIC && magic !== MAGIC_V1)) throw new DamagedSpoolFileError('not a spool file');
  let head: QueuedEnvelope & { crc32?: unknown };
  try {
    head = JSON.parse(file.subarray(MAGIC.length, newline).toString('utf8')) as QueuedEnvelope & { crc32?: unknown };
  } catch (err) {
    throw new DamagedSpoolFileError(`damaged spool file (bad envelope: ${(err as Error).message})`);
  }
  const data = file.subarray(newline + 1);
  if (typeof head !== 'object' || head === null || typeof head.id !== 'string' || !Array.isArray(head.recipients) || head.size !== data.length) {
    throw new DamagedSpoolFileError(`damaged spool file (expected ${String(head?.size)} message bytes, found ${data.length})`);
  }
  const { crc32: expected, ...envelope } = head;
  if (magic === MAGIC && expected !== crc32(data)) throw new DamagedSpoolFileError(`damaged spool file (message bytes fail their CRC-32 ${String(expected)})`);
  return { envelope, data };
}
