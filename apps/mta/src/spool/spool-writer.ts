/**
 * @module A message written into the spool as it arrives: held in memory up to WRITE_BUFFER and written
 * whole at commit (one writev), or, once larger, a reserved head and the bytes appended as they come;
 * then renamed into queue/, and the file and queue/ fsynced together (one journal commit on ext4).
 */
import type { FileHandle } from 'node:fs/promises';
import { rename, unlink } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { writeParts } from '../write-parts.js';
import type { DirSyncer } from './dir-syncer.js';
import { encodeSpoolHead, type QueuedEnvelope } from './spool-file.js';
import type { SpoolUsage } from './spool-usage.js';

/** Message bytes a writer holds before writing them: a message up to this size reaches the file in one system call. */
export const WRITE_BUFFER = 64 * 1024;

/** Where a writer puts its file: the open file being written and the place in queue/ it is renamed to. */
export interface SpoolWriterTarget {
  /** Opened empty (new, or a recycled file truncated on opening). */
  handle: FileHandle;
  /** The file being written (in tmp/ or a recycled one in free/). */
  path: string;
  /** queue/<id> */
  queuePath: string;
  queueDir: string;
  syncer: DirSyncer;
  usage?: SpoolUsage;
}

/** One message on its way into queue/: nothing of it is in queue/ until it is written whole, and it is durable once commit() resolves. */
export class SpoolWriter {
  /** Bytes given but not yet written. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Bytes of the file written so far (0 until the message outgrows WRITE_BUFFER). */
  private fileBytes = 0;
  /** Width of the reserved head, once written. */
  private headWidth = 0;
  private messageBytes = 0;
  /** CRC-32 of the message bytes given so far. */
  private crc = 0;
  private closed = false;

  private constructor(
    private readonly target: SpoolWriterTarget,
    private readonly envelope: QueuedEnvelope,
  ) {}

  /** The writer for `envelope` into the target's file (nothing is written yet). */
  static start(target: SpoolWriterTarget, envelope: QueuedEnvelope): SpoolWriter {
    return new SpoolWriter(target, envelope);
  }

  /** Message bytes given so far. */
  get size(): number {
    return this.messageBytes;
  }

  /** Appends message bytes (held until WRITE_BUFFER of them wait, then written). */
  async write(chunk: Buffer): Promise<void> {
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    this.messageBytes += chunk.length;
    this.crc = crc32(chunk, this.crc);
    if (this.heldBytes >= WRITE_BUFFER) await this.writeHeld();
  }

  /**
   * Writes the real head, renames the file into queue/, then fsyncs it and queue/ at once; the message is
   * acknowledged-safe once this resolves. Until then a crash may leave it torn in queue/, where its
   * length and CRC-32 give it away (see decodeSpoolFile).
   */
  async commit(): Promise<QueuedEnvelope> {
    const { handle, path, queuePath, queueDir, syncer, usage } = this.target;
    const envelope = { ...this.envelope, size: this.messageBytes };
    try {
      if (this.fileBytes === 0) {
        this.fileBytes = await writeParts(handle, [encodeSpoolHead(envelope, 'fit', this.crc), ...this.takeHeld()], 0);
      } else {
        await this.writeHeld();
        await writeParts(handle, [encodeSpoolHead(envelope, this.headWidth, this.crc)], 0);
      }
      await rename(path, queuePath);
    } catch (err) {
      await this.close();
      await unlink(path).catch(() => undefined);
      throw err;
    }
    usage?.added(envelope.id, this.fileBytes);
    const synced = await Promise.allSettled([handle.sync(), syncer.sync(queueDir)]);
    void this.close(); // nothing waits for it: the bytes are durable, and the 250 goes out a turn sooner
    const failed = synced.find((result) => result.status === 'rejected');
    if (failed) {
      // not acknowledged, so not kept: the client sends it again, and it must not be delivered twice
      await unlink(queuePath).catch(() => undefined);
      usage?.removed(envelope.id);
      throw failed.reason;
    }
    return envelope;
  }

  /** Gives the message up: closes and removes the file (the client was not told 250). */
  async abort(): Promise<void> {
    this.takeHeld();
    await this.close();
    await unlink(this.target.path).catch(() => undefined);
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.target.handle.close().catch(() => undefined);
  }

  /** Writes what is held, after a reserved head the first time (the real one replaces it at commit). */
  private async writeHeld(): Promise<void> {
    const parts = this.takeHeld();
    if (this.fileBytes === 0) {
      const head = encodeSpoolHead(this.envelope);
      this.headWidth = head.length;
      parts.unshift(head);
    }
    this.fileBytes += await writeParts(this.target.handle, parts, this.fileBytes);
  }

  private takeHeld(): Buffer[] {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    return held;
  }
}
