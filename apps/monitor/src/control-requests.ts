/**
 * @module Picks up the requests that the viewer and the CLI leave in layout.controlRequests (a watch on
 * the directory, and a look every second in case a change notice is missed), hands each to its owner in
 * the order they were made and removes it once applied. Requests left while the monitor was stopped are
 * applied at its start.
 */
import { watch, type FSWatcher } from 'node:fs';
import { ensureDir } from '@uptime/durable-fs';
import { pendingControlRequests, removeControlRequest, type ControlRequest } from '@uptime/control';

export interface ControlRequestsOptions {
  dir: string;
  apply: (request: ControlRequest) => Promise<void>;
  onProblem: (message: string) => void;
  /** How often the directory is read besides the watch (default 1 s). */
  pollMs?: number;
}

/** The request directory's reader. */
export class ControlRequests {
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private lastProblem?: string;

  constructor(private readonly options: ControlRequestsOptions) {}

  /** Applies what waits, then watches for more. */
  async start(): Promise<void> {
    await ensureDir(this.options.dir, 0o700);
    await this.drain();
    try {
      this.watcher = watch(this.options.dir, () => void this.drain());
      this.watcher.on('error', () => undefined); // the poll goes on
    } catch {
      // no watch here (some file systems): the poll alone picks requests up
    }
    this.timer = setInterval(() => void this.drain(), this.options.pollMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    clearInterval(this.timer);
    await this.running;
  }

  /** Applies every waiting request; one that comes while it runs is taken by a second round. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.round();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const { dir, apply, onProblem } = this.options;
    try {
      for (const found of await pendingControlRequests(dir)) {
        if (found.request) await apply(found.request);
        else onProblem(`request ${found.path} ignored and removed: ${found.problem}`);
        await removeControlRequest(found.path);
      }
      this.lastProblem = undefined;
    } catch (err) {
      const problem = `requests in ${dir} not applied (${(err as Error).message}); tried again in a second`;
      if (problem !== this.lastProblem) onProblem(problem);
      this.lastProblem = problem;
    }
  }
}
