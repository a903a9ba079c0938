/**
 * @module Cuts single event lines out of a closed segment at the byte offsets of its index entry,
 * reading nearby lines together so a run of lines costs one read.
 */
import { open } from 'node:fs/promises';
import { parseEventLine } from './segment-format.js';
import type { SegmentIndex } from './segment-index.js';

/** Lines closer than this are read in one go. */
const GAP = 8192;

interface Range {
  start: number;
  end: number;
  positions: number[];
}

function toRanges(offsets: readonly number[], positions: readonly number[]): Range[] {
  const ranges: Range[] = [];
  for (const p of [...positions].sort((a, b) => a - b)) {
    const start = offsets[p] as number;
    const end = offsets[p + 1] as number;
    const last = ranges[ranges.length - 1];
    if (last && start - last.end <= GAP) {
      last.end = end;
      last.positions.push(p);
    } else {
      ranges.push({ start, end, positions: [p] });
    }
  }
  return ranges;
}

/**
 * The parsed lines at `positions` (in position order); undefined when the file's size is not the
 * one in the index entry. Throws ENOENT when the segment is gone, SyntaxError on a bad line.
 */
export async function readEventLines(path: string, index: SegmentIndex, positions: readonly number[]): Promise<unknown[] | undefined> {
  const handle = await open(path, 'r');
  try {
    if ((await handle.stat()).size !== index.bytes) return undefined;
    const ranges = toRanges(index.offsets, positions);
    const parts = await Promise.all(
      ranges.map(async (range) => {
        const buf = Buffer.alloc(range.end - range.start);
        await handle.read(buf, 0, buf.length, range.start);
        return range.positions.map((p) =>
          parseEventLine(buf.toString('utf8', (index.offsets[p] as number) - range.start, (index.offsets[p + 1] as number) - range.start)),
        );
      }),
    );
    return parts.flat();
  } finally {
    await handle.close();
  }
}
