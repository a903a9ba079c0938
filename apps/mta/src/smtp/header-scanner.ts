/** @module Finds the end of a message's header section in a stream of chunks (the first empty line, LF or CRLF), a byte at a time, so no chunk is scanned twice. */

/** Where the scanner is: at the start of a line, after a CR there, or inside a line. */
type State = 'line-start' | 'cr-at-start' | 'in-line';

/** Scans chunks until the empty line that ends the header section. */
export class HeaderScanner {
  private state: State = 'line-start';

  /** The index in `chunk` just after the empty line, or -1 when the header section goes on past this chunk. */
  push(chunk: Buffer): number {
    let state = this.state;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x0a) {
        if (state !== 'in-line') return i + 1;
        state = 'line-start';
      } else if (byte === 0x0d && state === 'line-start') {
        state = 'cr-at-start';
      } else {
        state = 'in-line';
      }
    }
    this.state = state;
    return -1;
  }
}
