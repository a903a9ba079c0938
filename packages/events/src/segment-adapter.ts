/** @module A lowdb adapter for one segment file: reads and validates it, writes it durably. */
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileDurable } from '@uptime/durable-fs';
import { isStoredEvent } from './event-shape.js';
import {
  parseSegmentText,
  serializeSegment,
  type LineCache,
  type SegmentData,
  type SegmentLayout,
} from './segment-format.js';

/** lowdb adapter of a segment; unlike lowdb's JSONFile it fsyncs the file and its directory. */
export class SegmentAdapter implements Adapter<SegmentData> {
  /** The layout of the last write (where each event line starts). */
  layout: SegmentLayout | undefined;
  /** How many entries the last read dropped because they were not events. */
  skipped = 0;
  /** How many times the file was written. */
  writes = 0;
  private readonly lines: LineCache = new WeakMap();

  constructor(readonly path: string) {}

  /** Null when the file does not exist; throws an EventsError when it is not a segment. */
  async read(): Promise<SegmentData | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const { events } = parseSegmentText(text);
    const valid = events.filter(isStoredEvent);
    this.skipped = events.length - valid.length;
    return { events: valid };
  }

  /** Replaces the file with `data`, atomically and durably. */
  async write(data: SegmentData): Promise<void> {
    const layout = serializeSegment(data.events, this.lines);
    await writeFileDurable(this.path, layout.text);
    this.layout = layout;
    this.writes += 1;
  }
}
