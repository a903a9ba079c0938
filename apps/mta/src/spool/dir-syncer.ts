/**
 * @module Directory fsyncs shared by concurrent writers (group commit): one fsync covers every entry made
 * before it began; with `keepOpen`, through a handle kept open for each directory (no open and close per fsync).
 */
import { open, type FileHandle } from 'node:fs/promises';

interface DirState {
  /** The fsync in progress, if any. */
  running?: Promise<void>;
  /** The fsync not yet begun (it begins when `running` ends, or after this turn of the event loop); every caller until then waits for it. */
  next?: Promise<void>;
}

/** Coalesces fsyncs of the same directory: callers get a promise that resolves once an fsync that began after their call is done. */
export class DirSyncer {
  private readonly dirs = new Map<string, DirState>();
  private readonly handles = new Map<string, Promise<FileHandle>>();

  /** `keepOpen`: keep each directory's handle until forget() or close() (the MTA, which closes it when it lets the spool go). */
  constructor(private readonly options: { keepOpen?: boolean } = {}) {}

  /** Resolves once every entry created or renamed in `dir` before this call is durable. */
  sync(dir: string): Promise<void> {
    let state = this.dirs.get(dir);
    if (!state) {
      state = {};
      this.dirs.set(dir, state);
    }
    if (!state.next) {
      // the next fsync begins when the running one ends, or at once after this turn of the event loop,
      // so that writers finishing together share it
      const after = state.running ? state.running.catch(() => undefined) : new Promise<void>((resolve) => setImmediate(resolve));
      state.next = after.then(() => {
        state.next = undefined;
        return this.start(dir, state);
      });
    }
    return state.next;
  }

  /** Drops the handle of a directory that was removed and made again (the next fsync opens the new one). */
  forget(dir: string): void {
    const handle = this.handles.get(dir);
    this.handles.delete(dir);
    void handle?.then((h) => h.close()).catch(() => undefined);
  }

  /** Closes every kept handle (when the spool is released). */
  async close(): Promise<void> {
    const handles = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(handles.map((handle) => handle.then((h) => h.close()).catch(() => undefined)));
  }

  private start(dir: string, state: DirState): Promise<void> {
    const running = this.fsync(dir).finally(() => {
      if (state.running === running) state.running = undefined;
      if (!state.running && !state.next) this.dirs.delete(dir);
    });
    state.running = running;
    return running;
  }

  protected async fsync(dir: string): Promise<void> {
    let handle = this.handles.get(dir);
    if (!handle) {
      handle = open(dir, 'r');
      this.handles.set(dir, handle);
    }
    try {
      await (await handle).sync();
    } catch (err) {
      if (this.handles.get(dir) === handle) this.forget(dir); // opened again next time (EIO, EMFILE...)
      throw err;
    }
    if (!this.options.keepOpen) this.forget(dir);
  }
}
