/**
 * @module One log file written in whole records: a header on every new file, rotation by size, and no torn
 * record left behind by a full disk. The file is opened by name for each write, so a log rotated by
 * someone else is followed.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RecordBatch } from './record-batch.js';
import { rotateFiles } from './rotate-files.js';
import { appendWhole } from './whole-records.js';

/** Size rotation: before a write would take the file beyond `maxBytes`, it becomes `name.1` (see rotateFiles). */
export interface Rotation {
  maxBytes: number;
  keep: number;
}

export interface LogFileOptions {
  /** Written first in every new (missing or empty) file: a CSV header. */
  header?: string;
  rotate?: Rotation;
}

const NEWLINE = Buffer.from('\n');

export class LogFile {
  readonly #header: Buffer | undefined;
  /**
   * The file may end in the middle of a line: left by a crash (so checked at the first write), or by a
   * short write that could not be cut back. The next write then starts with a newline, so that the torn
   * piece stands alone on its line and no record is joined to it.
   */
  #mayEndMidLine = true;

  constructor(
    readonly path: string,
    private readonly options: LogFileOptions = {},
  ) {
    this.#header = options.header === undefined ? undefined : Buffer.from(options.header);
  }

  /** Writes the batch, rotating as needed; says how much of it is in the file (whole records) and what stopped it. */
  async append(batch: RecordBatch): Promise<{ written: number; error?: Error }> {
    let done = 0;
    let rotatedEmpty = false; // guards against rotating again and again without writing
    try {
      await mkdir(dirname(this.path), { recursive: true });
      while (done < batch.data.length) {
        const file = await open(this.path, 'a+');
        let full = false;
        try {
          const size = await this.#start(file);
          const end = this.#fits(batch, done, size);
          if (end === done) full = true;
          else {
            const outcome = await appendWhole(file, batch.data, done, end, size, (pos) => batch.lastEnd(pos));
            done = outcome.written;
            if (outcome.torn) this.#mayEndMidLine = true;
            if (outcome.error) throw outcome.error;
            full = done < batch.data.length;
            rotatedEmpty = false;
          }
        } finally {
          await file.close().catch(() => undefined);
        }
        if (full) {
          if (rotatedEmpty) throw new Error(`rotating ${this.path} did not make room`);
          await rotateFiles(this.path, this.options.rotate?.keep ?? 0);
          rotatedEmpty = true;
        }
      }
      return { written: done };
    } catch (err) {
      return { written: done, error: err as Error };
    }
  }

  /** Ends a torn last line and writes the header into an empty file; returns the size then. */
  async #start(file: FileHandle): Promise<number> {
    let { size } = await file.stat();
    if (this.#mayEndMidLine && size > 0) {
      const last = Buffer.alloc(1);
      await file.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) size = await this.#writeAll(file, NEWLINE, size);
    }
    this.#mayEndMidLine = false;
    if (size === 0 && this.#header) size = await this.#writeAll(file, this.#header, size);
    return size;
  }

  /** Writes `bytes` whole (or cuts the file back to `size` and throws). */
  async #writeAll(file: FileHandle, bytes: Buffer, size: number): Promise<number> {
    const outcome = await appendWhole(file, bytes, 0, bytes.length, size, (pos) => (pos >= bytes.length ? bytes.length : 0));
    if (outcome.torn) this.#mayEndMidLine = true;
    if (outcome.error) throw outcome.error;
    return size + bytes.length;
  }

  /** Where to stop writing `batch` from `done` into a file of `size`: `done` when the file must rotate first. */
  #fits(batch: RecordBatch, done: number, size: number): number {
    const rotate = this.options.rotate;
    if (!rotate || size + batch.data.length - done <= rotate.maxBytes) return batch.data.length;
    const end = batch.lastEnd(done + Math.max(0, rotate.maxBytes - size));
    if (end > done) return end;
    // not one more record fits: rotate, unless the file is new (a record larger than maxBytes goes alone)
    return size > (this.#header?.length ?? 0) ? done : batch.nextEnd(done);
  }
}
