/** @module Reads single lines of an index entry (see segment-index.ts) without parsing the rest. */
import type { IndexHeader, LineRef } from './segment-index.js';

const NEWLINE = 0x0a;
const TRAILER = Buffer.from('\n["end"]\n');

function isHeader(v: unknown): v is IndexHeader {
  const h = v as Partial<IndexHeader> | null;
  return (
    typeof h === 'object' &&
    h !== null &&
    h.version === 2 &&
    typeof h.segment === 'string' &&
    Number.isInteger(h.count) &&
    Number.isInteger(h.bytes) &&
    Number.isInteger(h.firstMs) &&
    Number.isInteger(h.lastMs) &&
    Array.isArray(h.codes)
  );
}

/** An index entry held as bytes; `refs` parses the line of one host or code on demand. */
export class IndexReader {
  private constructor(
    readonly header: IndexHeader,
    private readonly buf: Buffer,
  ) {}

  /** Undefined when the entry is truncated (no trailer) or its header is damaged. */
  static open(buf: Buffer): IndexReader | undefined {
    const headerEnd = buf.indexOf(NEWLINE);
    if (headerEnd < 0 || buf.length < TRAILER.length || !buf.subarray(buf.length - TRAILER.length).equals(TRAILER)) return undefined;
    try {
      const header: unknown = JSON.parse(buf.toString('utf8', 0, headerEnd));
      return isHeader(header) ? new IndexReader(header, buf) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The lines of the events of a host or code: [] when it has none, undefined when the line is damaged. */
  refs(kind: 'host' | 'code', key: string): LineRef[] | undefined {
    const needle = Buffer.from(`\n[${JSON.stringify(kind)},${JSON.stringify(key)},`);
    const at = this.buf.indexOf(needle);
    if (at < 0) return [];
    const end = this.buf.indexOf(NEWLINE, at + 1);
    let line: unknown;
    try {
      line = JSON.parse(this.buf.toString('utf8', at + 1, end));
    } catch {
      return undefined;
    }
    const refs = Array.isArray(line) ? (line[2] as unknown) : undefined;
    const { bytes } = this.header;
    const sound =
      Array.isArray(refs) &&
      refs.every(
        (r: unknown) =>
          Array.isArray(r) &&
          r.length === 3 &&
          r.every(Number.isInteger) &&
          0 <= r[0] &&
          r[0] < r[1] &&
          r[1] <= bytes &&
          r[2] >= 0,
      );
    return sound ? (refs as LineRef[]) : undefined;
  }
}
