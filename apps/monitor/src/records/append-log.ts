/**
 * @module An append-only log file that never blocks probing: lines are gathered for `batchMs` and written
 * together (one write, not one per line), failures reported once and retried.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AppendLog {
  /** Queues text (whole lines) for the file. */
  append(text: string): void;
  /** Resolves when everything queued so far is written (or the retry gave up for now). */
  flush(): Promise<void>;
}

export interface AppendLogOptions {
  /** How long to wait before trying a failed write again (default 5 s). */
  retryMs?: number;
  /** How long lines are gathered before a write (default 100 ms); 0 for a log of rare lines. */
  batchMs?: number;
}

/**
 * Opens an append log at `path`; `onProblem` hears of a failing write once, and again after a recovery.
 * The file is opened by name for each write, so a log rotated by renaming is followed.
 */
export function openAppendLog(path: string, onProblem: (message: string) => void, options: AppendLogOptions = {}): AppendLog {
  const { retryMs = 5000, batchMs = 100 } = options;
  let pending: string[] = [];
  let writing: Promise<void> | undefined;
  let failing = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let batchTimer: NodeJS.Timeout | undefined;

  const writeOnce = async (): Promise<void> => {
    if (pending.length > 0) {
      const count = pending.length;
      const chunk = pending.slice(0, count).join('');
      try {
        await mkdir(dirname(path), { recursive: true });
        await appendFile(path, chunk);
      } catch (err) {
        if (!failing) onProblem(`cannot write ${path}: ${(err as Error).message}; will retry every ${retryMs / 1000} s`);
        failing = true;
        retryTimer ??= setTimeout(() => {
          retryTimer = undefined;
          kick();
        }, retryMs).unref();
        return;
      }
      pending = pending.slice(count);
      if (failing) onProblem(`writing ${path} works again`);
      failing = false;
    }
  };

  const kick = () => {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    writing ??= writeOnce().finally(() => {
      writing = undefined;
      if (pending.length > 0 && !failing) batchTimer ??= setTimeout(kick, batchMs); // lines that came during the write
    });
    return writing;
  };

  return {
    append(text) {
      pending.push(text);
      if (!failing && !writing) batchTimer ??= setTimeout(kick, batchMs);
    },
    async flush() {
      if (failing) return;
      while (writing || pending.length > 0) await (writing ?? kick());
    },
  };
}
