/**
 * @module Text gathered into one buffer kept from write to write: a file of thousands of entries (the
 * status file, the target state file) is written without one big string each time. A string of a
 * megabyte or more goes straight to V8's large-object space, which only a full collection frees.
 */

/** A growing UTF-8 buffer; `clear` empties it and keeps its memory for the next file. */
export class TextBuffer {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity = 64 * 1024) {
    this.buffer = Buffer.alloc(capacity);
  }

  clear(): void {
    this.length = 0;
  }

  put(text: string): void {
    const needed = this.length + Buffer.byteLength(text);
    if (needed > this.buffer.length) {
      const bigger = Buffer.alloc(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(text, this.length);
  }

  /** What was put since the last `clear` (a view: valid until the next `put` or `clear`). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
