/**
 * @module Appending to an open file so that it only ever ends at a record's end: after a short write (a full
 * disk), the file is cut back to the last whole record (truncating needs no space), and the cut record is
 * written again whole next time.
 */
import type { FileHandle } from 'node:fs/promises';

export interface WriteOutcome {
  /** Where the bytes in the file end, in `data`: always a record's end (`lastEnd`). */
  written: number;
  error?: Error;
  /** The file could not be cut back and may end in the middle of a record. */
  torn?: boolean;
}

/**
 * Appends `data[from, to)` to `file`, whose size is `size`; `lastEnd(pos)` is the last record end at or
 * before `pos` (at least `from`, which is one).
 */
export async function appendWhole(file: FileHandle, data: Buffer, from: number, to: number, size: number, lastEnd: (pos: number) => number): Promise<WriteOutcome> {
  let pos = from;
  try {
    while (pos < to) {
      const { bytesWritten } = await file.write(data, pos, to - pos);
      if (bytesWritten <= 0) throw new Error('the file system took no byte');
      pos += bytesWritten;
    }
    return { written: to };
  } catch (err) {
    const whole = Math.max(from, lastEnd(pos));
    if (whole === pos) return { written: whole, error: err as Error };
    const torn = await file.truncate(size + whole - from).then(
      () => false,
      () => true,
    );
    return { written: whole, error: err as Error, torn };
  }
}
