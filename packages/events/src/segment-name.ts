/**
 * @module File names of segments and their index entries.
 *
 * A segment is `<role>.<start>.<pid>.<rand>.<seq>.json`: `<start>` is the writer's start (UTC,
 * `20261121T125500123Z`), `<rand>` 8 hex digits, `<seq>` the segment's number within the writer.
 * Its index entry is `index/<segment base>@<firstMs>_<lastMs>.jsonl`, so a reader learns the time
 * range of every closed segment from one directory listing.
 */

const ROLE = /^[A-Za-z0-9_-]{1,40}$/;
const SEGMENT = /^([A-Za-z0-9_-]{1,40})\.(\d{8}T\d{9}Z)\.(\d+)\.([0-9a-f]{8})\.(\d{6,})\.json$/;
const INDEX = /^(.+)@(-?\d+)_(-?\d+)\.jsonl$/;

/** The parts of a segment file name. */
export interface SegmentName {
  /** The file name without `.json`. */
  base: string;
  role: string;
  /** The writer's start time, `20261121T125500123Z` (see writerStartMs). */
  stamp: string;
  pid: number;
  /** `<role>.<start>.<pid>.<rand>`, shared by all segments of one writer. */
  writerKey: string;
  seq: number;
}

/** The parts of an index file name. */
export interface IndexName {
  /** The base of the segment it describes. */
  segmentBase: string;
  firstMs: number;
  lastMs: number;
}

/** True when `role` can be part of a file name. */
export function isValidRole(role: string): boolean {
  return ROLE.test(role);
}

/** The writer key for a writer of `role` started at `startMs` in process `pid`. */
export function writerKey(role: string, startMs: number, pid: number, rand: string): string {
  const stamp = new Date(startMs).toISOString().replace(/[-:.]/g, '');
  return `${role}.${stamp}.${pid}.${rand}`;
}

/** The file name of segment number `seq` of a writer. */
export function segmentFileName(key: string, seq: number): string {
  return `${key}.${String(seq).padStart(6, '0')}.json`;
}

/** Parses a segment file name; undefined for any other file. */
export function parseSegmentName(file: string): SegmentName | undefined {
  const m = SEGMENT.exec(file);
  if (!m) return undefined;
  const [, role, stamp, pid, rand, seq] = m as unknown as [string, string, string, string, string, string];
  return {
    base: file.slice(0, -'.json'.length),
    role,
    stamp,
    pid: Number(pid),
    writerKey: `${role}.${stamp}.${pid}.${rand}`,
    seq: Number(seq),
  };
}

/** The start time of the writer of a segment, in ms since the epoch. */
export function writerStartMs(name: SegmentName): number {
  const s = name.stamp;
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15), +s.slice(15, 18));
}

/** The file name of the index entry of a segment. */
export function indexFileName(segmentBase: string, firstMs: number, lastMs: number): string {
  return `${segmentBase}@${firstMs}_${lastMs}.jsonl`;
}

/** Parses an index file name; undefined for any other file. */
export function parseIndexName(file: string): IndexName | undefined {
  const m = INDEX.exec(file);
  if (!m || file.startsWith('.')) return undefined;
  const firstMs = Number(m[2]);
  const lastMs = Number(m[3]);
  if (!Number.isSafeInteger(firstMs) || !Number.isSafeInteger(lastMs) || firstMs > lastMs) return undefined;
  return { segmentBase: m[1] as string, firstMs, lastMs };
}
