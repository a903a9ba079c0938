/** @module The segment a writer appends to: a lowdb Low over one file, indexed when it closes. */
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { UptimeEvent } from './event.js';
import { SegmentAdapter } from './segment-adapter.js';
import type { SegmentData } from './segment-format.js';
import { buildSegmentIndex, writeSegmentIndex } from './segment-index.js';

/** One segment owned by this writer; its file is created by the first append. */
export class OpenSegment {
  private readonly adapter: SegmentAdapter;
  private readonly db: Low<SegmentData>;

  constructor(
    private readonly dir: string,
    readonly file: string,
    /** Local date (YYYY-MM-DD) of the events it takes. */
    readonly day: string,
  ) {
    this.adapter = new SegmentAdapter(join(dir, file));
    this.db = new Low<SegmentData>(this.adapter, { events: [] });
  }

  /** Number of events on disk in this segment. */
  get count(): number {
    return this.db.data.events.length;
  }

  /** Number of file writes so far. */
  get writes(): number {
    return this.adapter.writes;
  }

  /** Appends events and rewrites the file durably; on failure the events are taken back out. */
  async append(events: readonly UptimeEvent[]): Promise<void> {
    const before = this.count;
    this.db.data.events.push(...events);
    try {
      await this.db.write();
    } catch (err) {
      this.db.data.events.length = before;
      throw err;
    }
  }

  /** Writes the index entry; the segment file is never written again. No-op when empty. */
  async close(): Promise<void> {
    const layout = this.adapter.layout;
    if (this.count === 0 || !layout) return;
    await writeSegmentIndex(this.dir, buildSegmentIndex(this.file, this.db.data.events, layout));
  }
}
