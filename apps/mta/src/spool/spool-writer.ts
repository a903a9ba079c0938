/** @module A message written into the spool as it arrives: head reserved, bytes appended, then fsync, rename into queue/, fsync of queue/. */
import type { FileHandle } from 'node:fs/promises';
import { rename, unlink } from 'node:fs/promises';
import type { DirSyncer } from './dir-syncer.js';
import { encodeSpoolHead, type QueuedEnvelope } from './spool-file.js';
import type { SpoolUsage } from './spool-usage.js';

/** Where a writer puts its file: the open file being written and the place in queue/ it is renamed to. */
export interface SpoolWriterTarget {
  handle: FileHandle;
  /** The file being written (in tmp/ or a recycled one in free/). */
  path: string;
  /** queue/<id> */
  queuePath: string;
  queueDir: string;
  syncer: DirSyncer;
  usage?: SpoolUsage;
}

async function writeAll(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  for (let at = 0; at < bytes.length; ) at += (await handle.write(bytes, at, bytes.length - at, position + at)).bytesWritten;
}

/** One message on its way into queue/: nothing of it is visible there until commit() resolves. */
export class SpoolWriter {
  private offset: number;
  private closed = false;

  private constructor(
    private readonly target: SpoolWriterTarget,
    private readonly envelope: QueuedEnvelope,
    private readonly headWidth: number,
  ) {
    this.offset = headWidth;
  }

  /** Reserves the head and returns the writer; closes and removes the file when that fails. */
  static async start(target: SpoolWriterTarget, envelope: QueuedEnvelope): Promise<SpoolWriter> {
    const head = encodeSpoolHead(envelope);
    const writer = new SpoolWriter(target, envelope, head.length);
    try {
      await writeAll(target.handle, head, 0);
    } catch (err) {
      await writer.abort();
      throw err;
    }
    return writer;
  }

  /** Message bytes written so far. */
  get size(): number {
    return this.offset - this.headWidth;
  }

  /** Appends message bytes. */
  async write(chunk: Buffer): Promise<void> {
    await writeAll(this.target.handle, chunk, this.offset);
    this.offset += chunk.length;
  }

  /** Writes the real head, fsyncs, renames into queue/ and fsyncs queue/; the message is acknowledged-safe once this resolves. */
  async commit(): Promise<QueuedEnvelope> {
    const { handle, path, queuePath, usage } = this.target;
    const envelope = { ...this.envelope, size: this.size };
    try {
      try {
        await writeAll(handle, encodeSpoolHead(envelope, this.headWidth), 0);
        await handle.truncate(this.offset);
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
    usage?.added(envelope.id, this.offset);
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
    if (!this.closed) {
      this.closed = true;
      await this.target.handle.close().catch(() => undefined);
    }
    await unlink(this.target.path).catch(() => undefined);
  }
}
