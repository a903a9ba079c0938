/**
 * @module A message written into the spool as it arrives: held in memory up to WRITE_BUFFER and written
 * whole at commit (one writev), or, once larger, a reserved head and the bytes appended as they come;
 * then fsync, rename into queue/, fsync of queue/.
 */
import type { FileHandle } from 'node:fs/promises';
import { rename, unlink } from 'node:fs/promises';
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

/** One message on its way into queue/: nothing of it is visible there until commit() resolves. */
export class SpoolWriter {
  /** Bytes given but not yet written. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Bytes of the file written so far (0 until the message outgrows WRITE_BUFFER). */
  private fileBytes = 0;
  /** Width of the reserved head, once written. */
  private headWidth = 0;
  private messageBytes = 0;
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
    if (this.heldBytes >= WRITE_BUFFER) await this.writeHeld();
  }

  /** Writes the real head, fsyncs, renames into queue/ and fsyncs queue/; the message is acknowledged-safe once this resolves. */
  async commit(): Promise<QueuedEnvelope> {
    const { handle, path, queuePath, usage } = this.target;
    const envelope = { ...this.envelope, size: this.messageBytes };
    try {
      try {
        if (this.fileBytes === 0) {
          this.fileBytes = await writeParts(handle, [encodeSpoolHead(envelope, 'fit'), ...this.takeHeld()], 0);
        } else {
          await this.writeHeld();
          await writeParts(handle, [encodeSpoolHead(envelope, this.headWidth)], 0);
        }
        await handle.sync();
      } finally {
        this.closed = true;
        await handle.close();
      }
      await rename(path, queuePath);
    } catch (err) {
      await unlink(path).catch(() => undefined);
      throw err;
    }
    usage?.added(envelope.id, this.fileBytes);
    try {
      await this.target.syncer.sync(this.target.queueDir);
    } catch (err) {
      // not acknowledged, so not kept: the client sends it again, and it must not be delivered twice
      await unlink(queuePath).catch(() => undefined);
      usage?.removed(envelope.id);
      throw err;
    }
    return envelope;
  }

  /** Gives the message up: closes and removes the file (the client was not told 250). */
  async abort(): Promise<void> {
    this.takeHeld();
    if (!this.closed) {
      this.closed = true;
      await this.target.handle.close().catch(() => undefined);
    }
    await unlink(this.target.path).catch(() => undefined);
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
