/**
 * @module Texts queued for a log, encoded as they come into one buffer with where each text (whole lines
 * or CSV rows) ends. Encoding at once lets each text die young: thousands a second kept as strings for a
 * batch's 100 ms would be copied by the young-generation collector and many promoted to the old heap.
 */

/** Texts gathered for writing: `data` holds them all; a write may stop only where one ends. */
export class RecordBatch {
  #bytes: Buffer;
  #length = 0;
  /** The byte offset after each text. */
  #ends: number[] = [];

  constructor(capacity = 16 * 1024) {
    this.#bytes = Buffer.allocUnsafe(capacity);
  }

  /** Empties it, keeping its buffer for the next texts (unless a backlog made it large). */
  clear(): void {
    this.#length = 0;
    this.#ends = [];
    if (this.#bytes.length > 1024 * 1024) this.#bytes = Buffer.allocUnsafe(16 * 1024);
  }

  /** Appends one text (UTF-8). */
  push(text: string): void {
    if (this.#length + text.length * 3 > this.#bytes.length) this.#grow(this.#length + text.length * 3);
    this.#length += this.#bytes.write(text, this.#length);
    this.#ends.push(this.#length);
  }

  /** The bytes of every text, in order. */
  get data(): Buffer {
    return this.#bytes.subarray(0, this.#length);
  }

  /** How many texts it holds. */
  get count(): number {
    return this.#ends.length;
  }

  /** The end of the last text that ends at or before `pos` (0 when none does). */
  lastEnd(pos: number): number {
    const ends = this.#ends;
    let lo = 0;
    let hi = ends.length; // ends[lo - 1] <= pos < ends[hi]
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ends[mid] as number) <= pos) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (ends[lo - 1] as number);
  }

  /** The end of the first text that ends after `pos`. */
  nextEnd(pos: number): number {
    return this.#ends.find((end) => end > pos) ?? this.#length;
  }

  /** The texts from the one that starts at `from` (a text's end, or 0) on, then those of `after`, as a new batch. */
  rest(from: number, after?: RecordBatch): RecordBatch {
    const rest = new RecordBatch(Math.max(1024, this.#length - from + (after ? after.#length : 0)));
    rest.#append(this, from);
    if (after) rest.#append(after, 0);
    return rest;
  }

  /** How many of the oldest texts must go for the others to fit in `bytes`. */
  oldestBeyond(bytes: number): number {
    const cutAt = this.#length - bytes;
    return cutAt <= 0 ? 0 : this.#ends.findIndex((end) => end >= cutAt) + 1;
  }

  /** Drops the oldest `n` texts; says how many lines they held (a text without a newline counts as one). */
  dropOldest(n: number): number {
    const count = Math.min(n, this.#ends.length);
    if (count <= 0) return 0;
    let lines = 0;
    let start = 0;
    for (let t = 0; t < count; t += 1) {
      const end = this.#ends[t] as number;
      let inText = 0;
      for (let i = start; i < end; i += 1) if (this.#bytes[i] === 0x0a) inText += 1;
      lines += inText || 1;
      start = end;
    }
    this.#bytes.copy(this.#bytes, 0, start, this.#length);
    this.#length -= start;
    this.#ends = this.#ends.slice(count).map((end) => end - start);
    return lines;
  }

  #append(other: RecordBatch, from: number): void {
    const size = other.#length - from;
    if (this.#length + size > this.#bytes.length) this.#grow(this.#length + size);
    other.#bytes.copy(this.#bytes, this.#length, from, other.#length);
    const base = this.#length - from;
    for (const end of other.#ends) if (end > from) this.#ends.push(end + base);
    this.#length += size;
  }

  #grow(needed: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(needed, this.#bytes.length * 2));
    this.#bytes.copy(bigger, 0, 0, this.#length);
    this.#bytes = bigger;
  }
}
