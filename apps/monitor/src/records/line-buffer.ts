/**
 * @module Lines for a stream (stdout) gathered for a moment and written together: one write per batch, not
 * per line. They are encoded as they come (see RecordBatch), so that none lives on as a string for the batch.
 */
import { RecordBatch } from './record-batch.js';

export interface LineBuffer {
  /** Queues one line (without its newline). */
  push(line: string): void;
  /** Writes what is queued now. */
  flush(): void;
}

/** Calls `write` with the lines queued during the last `batchMs`, each ending in a newline. */
export function createLineBuffer(write: (text: string) => void, batchMs = 100): LineBuffer {
  const lines = new RecordBatch();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (lines.count === 0) return;
    const text = lines.data.toString('utf8');
    lines.clear();
    write(text);
  };
  return {
    push(line) {
      lines.push(`${line}\n`);
      timer ??= setTimeout(flush, batchMs);
    },
    flush,
  };
}
