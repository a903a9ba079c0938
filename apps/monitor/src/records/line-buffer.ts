/** @module Lines for a stream (stdout) gathered for a moment and written together: one write per batch, not per line. */

export interface LineBuffer {
  /** Queues one line (without its newline). */
  push(line: string): void;
  /** Writes what is queued now. */
  flush(): void;
}

/** Calls `write` with the lines queued during the last `batchMs`, each ending in a newline. */
export function createLineBuffer(write: (text: string) => void, batchMs = 100): LineBuffer {
  let lines: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    write(text);
  };
  return {
    push(line) {
      lines.push(line);
      timer ??= setTimeout(flush, batchMs);
    },
    flush,
  };
}
