/**
 * @module A small JSON state file with one owner (this monitor): read once at start, written durably
 * after changes, at most every `gapMs` (changes meanwhile join the next write). A missing file is an
 * empty state; a damaged one is reported and taken as empty.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileDurable } from '@uptime/durable-fs';

/** Reads `path`: its parsed content, or undefined when missing or damaged (reported). */
export async function readStateFile(path: string, onProblem: (message: string) => void): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onProblem(`cannot read ${path} (${(err as Error).message}); starting without it`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    onProblem(`${path} is damaged (${(err as Error).message}); starting without it`);
    return undefined;
  }
}

/** Writes the snapshot to `path` after changes. */
export class JsonStateFile {
  private timer?: NodeJS.Timeout;
  private last: Promise<void> = Promise.resolve();
  private lastProblem?: string;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => unknown,
    private readonly onProblem: (message: string) => void,
    private readonly gapMs = 1000,
  ) {}

  /** A change to keep: written within gapMs. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, this.gapMs);
    this.timer.unref();
  }

  /** Writes now (after the write in progress) and resolves once it is on disk; a failure is reported, not thrown. */
  save(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.last = this.last.then(() => this.writeNow());
    return this.last;
  }

  private async writeNow(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFileDurable(this.path, `${JSON.stringify(this.snapshot())}\n`);
      this.lastProblem = undefined;
    } catch (err) {
      const problem = `cannot write ${this.path}: ${(err as Error).message}; a restart now would forget it`;
      if (problem !== this.lastProblem) this.onProblem(problem);
      this.lastProblem = problem;
    }
  }
}
