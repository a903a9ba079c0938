/** @module The on-disk queue under <dataDir>/spool: a message is acknowledged only once its file and directory are fsynced. */
import { constants, statfsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from '@uptime/durable-fs';
import { parseDeliveryState, type DeliveryState } from './delivery-state.js';
import { DirSyncer } from './dir-syncer.js';
import type { SpoolUsage } from './spool-usage.js';
import { DamagedSpoolFileError, decodeSpoolFile, type QueuedEnvelope } from './spool-file.js';
import { SpoolWriter } from './spool-writer.js';

/** Queue ids are file names: upper-case letters and digits only. */
export const QUEUE_ID = /^[A-Z0-9]{8,40}$/;

/** One queued message, as read back from disk. */
export interface SpooledMessage {
  envelope: QueuedEnvelope;
  data: Buffer;
}

/** How many finished spool files are kept for reuse. */
const FREE_POOL = 64;

/** How the spool is used by this process. */
export interface SpoolOptions {
  syncer?: DirSyncer;
  /**
   * Keep the files of finished messages in free/ and write new messages into them: creating and
   * deleting a file per message makes ext4 search its inode bitmaps (the MTA sets this; the CLI not).
   */
  recycle?: boolean;
  /** Kept current with the messages and bytes in queue/ (the MTA sets this). */
  usage?: SpoolUsage;
}

/**
 * The spool: `queue/<id>` holds envelope and message, `defer/<id>.json` the delivery state of a
 * message that was tried, `tmp/` files being written, `free/` files kept for reuse, `corrupt/` damaged
 * messages set aside for a person. Files appear in queue/ only written whole, and are fsynced there; one
 * that a crash tore before its fsync fails its checksum and was never acknowledged.
 */
export class Spool {
  readonly queueDir: string;
  readonly deferDir: string;
  readonly tmpDir: string;
  readonly freeDir: string;
  /** Damaged messages moved out of queue/, kept for a person to look at. */
  readonly corruptDir: string;
  private readonly syncer: DirSyncer;
  private readonly free: string[] = [];
  /** Places in the pool taken by removals still renaming their file into free/. */
  private freeReserved = 0;

  constructor(
    readonly root: string,
    private readonly options: SpoolOptions = {},
  ) {
    this.queueDir = join(root, 'queue');
    this.deferDir = join(root, 'defer');
    this.tmpDir = join(root, 'tmp');
    this.freeDir = join(root, 'free');
    this.corruptDir = join(root, 'corrupt');
    this.syncer = options.syncer ?? new DirSyncer();
  }

  /** Creates the directories; removes half-written files and delivery states without a message. */
  async init(): Promise<void> {
    for (const dir of [this.queueDir, this.deferDir, this.tmpDir, this.freeDir, this.corruptDir]) await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.tmpDir)) await rm(join(this.tmpDir, name), { force: true });
    const queued = new Set(await this.list());
    for (const name of await readdir(this.deferDir)) {
      if (!queued.has(name.replace(/\.json$/, ''))) await rm(join(this.deferDir, name), { force: true });
    }
    for (const name of await readdir(this.freeDir)) {
      if (this.options.recycle && this.free.length < FREE_POOL && !this.free.includes(name)) this.free.push(name);
      else if (!this.free.includes(name)) await rm(join(this.freeDir, name), { force: true });
    }
    if (this.options.usage) {
      const sizes = await Promise.all([...queued].map(async (id) => [id, await stat(this.pathOf(id)).then((s) => s.size, () => 0)] as const));
      this.options.usage.reset(sizes);
    }
  }

  /** Stops counting a message that another process removed (`queue delete`). */
  forget(id: string): void {
    this.options.usage?.removed(id);
  }

  /** Brings the usage up to date with queue/ after another process removed messages (`queue delete`). */
  async reconcile(): Promise<void> {
    const { usage } = this.options;
    if (!usage) return;
    const known = usage.ids(); // taken before the listing, so a message queued meanwhile is not forgotten
    const present = new Set(await this.list());
    for (const id of known) if (!present.has(id)) usage.removed(id);
  }

  /** Writes the message durably: a fresh or recycled file, rename into queue/, fsync of the file and queue/. */
  async put(envelope: QueuedEnvelope, data: Buffer): Promise<void> {
    const writer = await this.create(envelope);
    try {
      await writer.write(data);
    } catch (err) {
      await writer.abort();
      throw err;
    }
    await writer.commit();
  }

  /** Starts writing a message that arrives in pieces (a fresh or recycled file); see SpoolWriter. */
  async create(envelope: QueuedEnvelope): Promise<SpoolWriter> {
    if (!QUEUE_ID.test(envelope.id)) throw new Error(`bad queue id ${envelope.id}`);
    const recycled = this.free.pop();
    let path = recycled ? join(this.freeDir, recycled) : join(this.tmpDir, envelope.id);
    // truncated on opening: the new message is written from the start and nothing of the old one stays
    let handle = recycled ? await open(path, constants.O_WRONLY | constants.O_TRUNC).catch(() => undefined) : undefined;
    if (!handle) {
      path = join(this.tmpDir, envelope.id);
      handle = await open(path, 'wx', 0o600);
    }
    const target = { handle, path, queuePath: this.pathOf(envelope.id), queueDir: this.queueDir, syncer: this.syncer, usage: this.options.usage };
    return SpoolWriter.start(target, envelope);
  }

  /**
   * Bytes free for this process on the spool's file system, for the free-space floor: statfs(2) in the
   * calling thread, as a local file system answers it from counters in memory (through libuv's pool it
   * waited behind fsyncs).
   */
  async freeBytes(): Promise<number> {
    const stats = statfsSync(this.root);
    return stats.bavail * stats.bsize;
  }

  /** Reads a queued message; rejects with ENOENT when it is gone (delivered or deleted). */
  async read(id: string): Promise<SpooledMessage> {
    const message = decodeSpoolFile(await readFile(this.pathOf(id)));
    // a recycled file whose rewrite a crash lost still holds the message it held before
    if (message.envelope.id !== id) throw new DamagedSpoolFileError(`damaged spool file (it holds message ${message.envelope.id})`);
    return message;
  }

  /** The ids of every queued message, oldest first (ids start with the arrival time). */
  async list(): Promise<string[]> {
    return (await readdir(this.queueDir)).filter((name) => QUEUE_ID.test(name)).sort();
  }

  /** True while the message is in the queue. */
  async has(id: string): Promise<boolean> {
    return stat(this.pathOf(id)).then(
      () => true,
      () => false,
    );
  }

  /** The delivery state of a message that was tried before, if any. */
  async readState(id: string): Promise<DeliveryState | undefined> {
    const text = await readFile(this.statePathOf(id), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : parseDeliveryState(text);
  }

  /** Replaces the delivery state atomically and durably. */
  async writeState(id: string, state: DeliveryState): Promise<void> {
    await writeFileDurable(this.statePathOf(id), `${JSON.stringify(state)}\n`, { mode: 0o600, tmpDir: this.tmpDir });
  }

  /** Moves a damaged message to corrupt/<id> (never deletes it) and drops its state; returns the new path. */
  async quarantine(id: string): Promise<string> {
    if (!QUEUE_ID.test(id)) throw new Error(`bad queue id ${id}`);
    const target = join(this.corruptDir, id);
    await mkdir(this.corruptDir, { recursive: true, mode: 0o700 });
    await rename(this.pathOf(id), target);
    this.options.usage?.removed(id);
    await rm(this.statePathOf(id), { force: true });
    await this.syncer.sync(this.corruptDir);
    await this.syncer.sync(this.queueDir);
    return target;
  }

  /** Removes a message and its state (skip looking for one with `hasState` false); true when the message was there. */
  async remove(id: string, hasState = true): Promise<boolean> {
    if (!QUEUE_ID.test(id)) return false;
    const reuse = this.options.recycle === true && this.free.length + this.freeReserved < FREE_POOL;
    if (reuse) this.freeReserved += 1; // counted before the await, so concurrent removals keep to the cap
    const gone = reuse ? rename(this.pathOf(id), join(this.freeDir, id)) : unlink(this.pathOf(id));
    const existed = await gone
      .then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return false;
          throw err;
        },
      )
      .finally(() => {
        if (reuse) this.freeReserved -= 1;
      });
    if (reuse && existed) this.free.push(id);
    if (existed) this.options.usage?.removed(id);
    if (hasState) await rm(this.statePathOf(id), { force: true });
    return existed;
  }

  /** Path of the message file. */
  pathOf(id: string): string {
    return join(this.queueDir, id);
  }

  private statePathOf(id: string): string {
    return join(this.deferDir, `${id}.json`);
  }
}
