/**
 * @module An append-only log file that never blocks probing: lines are gathered for `batchMs` and written
 * together (one write, not one per line), failures reported once and retried every `retryMs`, never in a
 * loop. Only whole texts (lines, CSV rows) reach the file, none twice (see LogFile). While writes fail, what
 * waits is capped: the oldest lines are dropped, and counted.
 */
import { LogFile, type Rotation } from './log-file.js';
import { RecordBatch } from './record-batch.js';

export interface AppendLog {
  /** Queues text (whole lines) for the file. */
  append(text: string): void;
  /** Resolves when everything queued so far is written, or its write has failed for now (retried later). */
  flush(): Promise<void>;
}

export interface AppendLogOptions {
  /** How long to wait before trying a failed write again (default 5 s). */
  retryMs?: number;
  /** How long lines are gathered before a write (default 100 ms); 0 for a log of rare lines. */
  batchMs?: number;
  /** Most lines (appended texts) kept while writes fail (default 100,000); the oldest are dropped beyond it. */
  maxPendingLines?: number;
  /** Most bytes (UTF-8) kept while writes fail (default 16 MiB). */
  maxPendingBytes?: number;
  /** Written first whenever a write finds the file missing or empty (a CSV header, after a rotation too). */
  header?: string;
  /** Rotate the file by size (default: never). */
  rotate?: Rotation;
}

/**
 * Opens an append log at `path`; `onProblem` hears of a failing write once, and again after a recovery.
 * The file is opened by name for each write, so a log rotated by renaming is followed.
 */
export function openAppendLog(path: string, onProblem: (message: string) => void, options: AppendLogOptions = {}): AppendLog {
  const { retryMs = 5000, batchMs = 100, maxPendingLines = 100_000, maxPendingBytes = 16 * 1024 * 1024, header, rotate } = options;
  const file = new LogFile(path, { header, rotate });
  let pending = new RecordBatch();
  let spare: RecordBatch | undefined; // the buffer of the last batch written, for the next one
  let dropped = 0; // lines dropped since writes began to fail

  /** Beyond a cap, drops the oldest texts down to 90% of it, so that dropping is not a copy per line. */
  const cap = () => {
    if (pending.count <= maxPendingLines && pending.data.length <= maxPendingBytes) return;
    const drop = Math.max(pending.count - Math.floor(maxPendingLines * 0.9), pending.oldestBeyond(Math.floor(maxPendingBytes * 0.9)));
    dropped += pending.dropOldest(drop);
  };
  let writing: Promise<void> | undefined;
  let failing = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let batchTimer: NodeJS.Timeout | undefined;

  const writeOnce = async (): Promise<void> => {
    if (pending.count > 0) {
      // taken out while written; what did not reach the file goes back in front of newer lines
      const batch = pending;
      pending = spare ?? new RecordBatch(Math.max(16 * 1024, batch.data.length));
      spare = undefined;
      const { written, error } = await file.append(batch);
      if (error) {
        pending = batch.rest(written, pending);
        cap();
        if (!failing) onProblem(`cannot write ${path}: ${error.message}; will retry every ${retryMs / 1000} s`);
        failing = true;
        retryTimer ??= setTimeout(() => {
          retryTimer = undefined;
          kick();
        }, retryMs).unref();
        return;
      }
      batch.clear();
      spare = batch;
      if (failing) onProblem(`writing ${path} works again${dropped > 0 ? `; ${dropped} line(s) were dropped while it failed` : ''}`);
      failing = false;
      dropped = 0;
    }
  };

  const kick = () => {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    writing ??= writeOnce().finally(() => {
      writing = undefined;
      if (pending.count > 0 && !failing) batchTimer ??= setTimeout(kick, batchMs); // lines that came during the write
    });
    return writing;
  };

  return {
    append(text) {
      pending.push(text);
      if (failing) cap();
      if (!failing && !writing) batchTimer ??= setTimeout(kick, batchMs);
    },
    async flush() {
      // at most the write under way and one more, which takes whatever is queued: no loop on a failing disk
      if (writing) await writing;
      if (!failing && (writing || pending.count > 0)) await (writing ?? kick());
    },
  };
}
