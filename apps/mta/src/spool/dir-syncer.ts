/** @module Directory fsyncs shared by concurrent writers (group commit): one fsync covers every entry made before it began. */
import { fsyncDir } from '@uptime/durable-fs';

interface DirState {
  /** The fsync in progress, if any. */
  running?: Promise<void>;
  /** The fsync that starts when `running` ends; every caller that came during `running` waits for it. */
  next?: Promise<void>;
}

/** Coalesces fsyncs of the same directory: callers get a promise that resolves once an fsync that began after their call is done. */
export class DirSyncer {
  private readonly dirs = new Map<string, DirState>();

  /** Resolves once every entry created or renamed in `dir` before this call is durable. */
  sync(dir: string): Promise<void> {
    let state = this.dirs.get(dir);
    if (!state) {
      state = {};
      this.dirs.set(dir, state);
    }
    if (!state.running) return this.start(dir, state);
    if (!state.next) {
      const after = state.running.catch(() => undefined);
      state.next = after.then(() => {
        state.next = undefined;
        return this.start(dir, state);
      });
    }
    return state.next;
  }

  private start(dir: string, state: DirState): Promise<void> {
    const running = fsyncDir(dir).finally(() => {
      if (state.running === running) state.running = undefined;
      if (!state.running && !state.next) this.dirs.delete(dir);
    });
    state.running = running;
    return running;
  }
}
