/** @module An append-only log file that never blocks probing: writes are queued, failures reported once and retried. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AppendLog {
  /** Queues text (whole lines) for the file. */
  append(text: string): void;
  /** Resolves when everything queued so far is written (or the retry gave up for now). */
  flush(): Promise<void>;
}

/** Opens an append log at `path`; `onProblem` hears of a failing write once, and again after a recovery. */
export function openAppendLog(path: string, onProblem: (message: string) => void, retryMs = 5000): AppendLog {
  let pending: string[] = [];
  let writing: Promise<void> | undefined;
  let failing = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const writeOnce = async (): Promise<void> => {
    while (pending.length > 0) {
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
    writing ??= writeOnce().finally(() => {
      writing = undefined;
      if (pending.length > 0 && !failing) kick();
    });
    return writing;
  };

  return {
    append(text) {
      pending.push(text);
      if (!failing) void kick();
    },
    async flush() {
      if (failing) return;
      while (writing || pending.length > 0) await (writing ?? kick());
    },
  };
}
