/**
 * @module Cuts single event lines out of a closed segment at the byte ranges of its index entry,
 * reading nearby lines together so a run of lines costs one read.
 */
import { open } from 'node:fs/promises';
import { parseEventLine } from './segment-format.js';
import type { LineRef } from './segment-index.js';

/** Lines closer than this are read in one go. */
const GAP = 8192;

interface Range {
  start: number;
  end: number;
  refs: LineRef[];
}

function toRanges(sorted: readonly LineRef[]): Range[] {
  const ranges: Range[] = [];
  for (const ref of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && ref[0] - last.end <= GAP) {
      last.end = Math.max(last.end, ref[1]);
      last.refs.push(ref);
    } else {
      ranges.push({ start: ref[0], end: ref[1], refs: [ref] });
    }
  }
  return ranges;
}

/**
 * The parsed lines of `refs` (sorted by their start, which is how they are returned); undefined
 * when the file's size is not `bytes`. Throws ENOENT when the segment is gone, SyntaxError on a
 * line that is not JSON.
 */
export async function readEventLines(path: string, bytes: number, refs: readonly LineRef[]): Promise<unknown[] | undefined> {
  const handle = await open(path, 'r');
  try {
    if ((await handle.stat()).size !== bytes) return undefined;
    const parts = await Promise.all(
      toRanges(refs).map(async (range) => {
        const buf = Buffer.alloc(range.end - range.start);
        await handle.read(buf, 0, buf.length, range.start);
        return range.refs.map(([start, end]) => parseEventLine(buf.toString('utf8', start - range.start, end - range.start)));
      }),
    );
    return parts.flat();
  } finally {
    await handle.close();
  }
}
