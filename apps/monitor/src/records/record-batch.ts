/** @module Texts queued for a log, as one buffer to write, with where each text (whole lines or CSV rows) ends. */

/** The texts of one write: `data` holds them all; a write may stop only where one ends. */
export class RecordBatch {
  readonly data: Buffer;
  #ends: number[] | undefined; // byte offset after each text; worked out only when needed (a full disk, a rotation)

  constructor(readonly texts: readonly string[]) {
    this.data = Buffer.from(texts.join(''));
    if (texts.length === 1) this.#ends = [this.data.length];
  }

  /** The end of the last text that ends at or before `pos` (0 when none does). */
  lastEnd(pos: number): number {
    const ends = this.ends();
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
    return this.ends().find((end) => end > pos) ?? this.data.length;
  }

  /** The texts not yet written when the first `done` bytes (an end of a text) are. */
  rest(done: number): string[] {
    if (done === 0) return [...this.texts];
    return this.texts.slice(this.ends().indexOf(done) + 1);
  }

  private ends(): number[] {
    if (this.#ends === undefined) {
      let end = 0;
      this.#ends = this.texts.map((text) => (end += Buffer.byteLength(text)));
    }
    return this.#ends;
  }
}
