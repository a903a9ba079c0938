/**
 * @module The writer of one process: appends events to its own segment files in batches, closes a
 * segment (writing its index entry) when it is full or a new day starts, and applies retention.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureDir } from '@uptime/durable-fs';
import type { NewEvent, UptimeEvent } from './event.js';
import { createIdFactory } from './event-id.js';
import { assertNewEvent, eventMs } from './event-shape.js';
import { EVENTS_ERROR_CODES, EventsError } from './errors.js';
import { BatchQueue, type Waiting } from './batch-queue.js';
import { isoLocal } from './local-time.js';
import { OpenSegment } from './open-segment.js';
import { applyRetention, hasRetention, type RetentionPolicy } from './retention.js';
import { sealOrphans } from './seal-orphans.js';
import { INDEX_DIR } from './segment-index.js';
import { isValidRole, segmentFileName, writerKey } from './segment-name.js';

export interface EventWriterOptions {
  /** The events directory, `<dataDir>/events`. */
  dir: string;
  /** Who writes ('monitor', 'mta', ...): part of the file names; A-Za-z0-9_- only. */
  role: string;
  /** A segment is closed when it holds this many events (default 1000). */
  maxSegmentEvents?: number;
  /** Old closed segments are removed whole; off by default. */
  retention?: RetentionPolicy;
  /** Errors no record() call receives: index entries, retention, sealing of dead writers' segments. */
  onError?: (err: Error) => void;
}

export interface EventWriter {
  /** Records an event: fills id (unique, only A-Za-z0-9._-) and time (isoLocal() unless given); resolves only once it is durably on disk. */
  record(event: NewEvent): Promise<UptimeEvent>;
  /** Waits for pending writes and closes the current segment. */
  close(): Promise<void>;
}

/** Counters of a writer, for tests and benchmarks. */
export interface WriterStats {
  /** Segment file writes (each one a whole-file durable write). */
  segmentWrites: number;
  /** Segments closed with their index entry written. */
  segmentsClosed: number;
}

const dayOf = (time: string) => time.slice(0, 10);

/** The EventWriter implementation; `stats` counts its file writes. */
export class SegmentedEventWriter implements EventWriter {
  readonly stats: WriterStats = { segmentWrites: 0, segmentsClosed: 0 };
  private readonly queue = new BatchQueue<UptimeEvent, UptimeEvent>((batch) => this.writeBatch(batch));
  private readonly nextId: (ms: number) => string;
  private readonly key: string;
  private readonly maxEvents: number;
  private readonly report: (err: Error) => void;
  private current: OpenSegment | undefined;
  private seq = 0;
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(private readonly options: EventWriterOptions) {
    const rand = randomBytes(4).toString('hex');
    this.key = writerKey(options.role, Date.now(), process.pid, rand);
    this.nextId = createIdFactory(rand);
    this.maxEvents = options.maxSegmentEvents ?? 1000;
    this.report = options.onError ?? ((err) => console.warn(`events: ${err.message}`));
  }

  /** Validates the options, creates the folders, seals dead writers' segments, applies retention. */
  static async open(options: EventWriterOptions): Promise<SegmentedEventWriter> {
    if (!isValidRole(options.role)) {
      throw new EventsError(EVENTS_ERROR_CODES.BAD_ROLE, `role ${JSON.stringify(options.role)}: use 1-40 of A-Za-z0-9_-`);
    }
    const max = options.maxSegmentEvents;
    if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
      throw new RangeError(`maxSegmentEvents: ${max} is not a positive integer`);
    }
    const writer = new SegmentedEventWriter(options);
    await ensureDir(join(options.dir, INDEX_DIR));
    await sealOrphans(options.dir).catch((err: Error) => writer.report(err));
    await writer.applyRetention();
    return writer;
  }

  record(input: NewEvent): Promise<UptimeEvent> {
    if (this.closed) {
      return Promise.reject(new EventsError(EVENTS_ERROR_CODES.WRITER_CLOSED, 'event writer is closed: open a new one'));
    }
    try {
      assertNewEvent(input);
    } catch (err) {
      return Promise.reject(err);
    }
    const { id: _ignored, time: given, code, hosts, message, ...extra } = input as NewEvent & { id?: unknown };
    const time = given ?? isoLocal();
    const event = { id: this.nextId(eventMs(time)), time, code, hosts: [...hosts], message, ...extra } as UptimeEvent;
    return this.queue.push(event);
  }

  close(): Promise<void> {
    this.closed = true;
    this.closing ??= this.queue.idle().then(() => this.closeCurrent());
    return this.closing;
  }

  private async writeBatch(batch: Waiting<UptimeEvent, UptimeEvent>[]): Promise<void> {
    let i = 0;
    while (i < batch.length) {
      const segment = await this.segmentFor(dayOf((batch[i] as Waiting<UptimeEvent, UptimeEvent>).item.time));
      const part: Waiting<UptimeEvent, UptimeEvent>[] = [];
      for (; i < batch.length && segment.count + part.length < this.maxEvents; i += 1) {
        const waiting = batch[i] as Waiting<UptimeEvent, UptimeEvent>;
        if (part.length > 0 && dayOf(waiting.item.time) > segment.day) break;
        part.push(waiting);
      }
      this.stats.segmentWrites += 1;
      try {
        await segment.append(part.map((w) => w.item));
        for (const w of part) w.resolve({ ...w.item, hosts: [...w.item.hosts] });
      } catch (err) {
        for (const w of part) w.reject(err);
      }
      if (segment.count >= this.maxEvents) await this.closeCurrent();
    }
  }

  /** The segment for an event of `day`: a new one when the current one is full or of an older day. */
  private async segmentFor(day: string): Promise<OpenSegment> {
    if (this.current && (this.current.count >= this.maxEvents || day > this.current.day)) {
      await this.closeCurrent();
    }
    if (!this.current) {
      this.seq += 1;
      this.current = new OpenSegment(this.options.dir, segmentFileName(this.key, this.seq), day);
    }
    return this.current;
  }

  private async closeCurrent(): Promise<void> {
    const segment = this.current;
    this.current = undefined;
    if (!segment || segment.count === 0) return;
    try {
      await segment.close();
      this.stats.segmentsClosed += 1;
    } catch (err) {
      this.report(new Error(`index entry of ${segment.file} not written: ${(err as Error).message}`, { cause: err }));
    }
    await this.applyRetention();
  }

  private async applyRetention(): Promise<void> {
    if (!hasRetention(this.options.retention)) return;
    await applyRetention(this.options.dir, this.options.retention).catch((err: Error) =>
      this.report(new Error(`retention in ${this.options.dir}: ${err.message}`, { cause: err })),
    );
  }
}

/** Opens the writer of this process for `role` in `dir`; it never touches other writers' files. */
export function openEventWriter(options: EventWriterOptions): Promise<EventWriter> {
  return SegmentedEventWriter.open(options);
}
