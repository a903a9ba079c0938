/**
 * @module The last recorded status of every target (and the start of its outage), kept in one small JSON
 * file so that a restart continues an outage instead of forgetting it. Written after a transition is
 * recorded, never on a plain check; a target whose checked settings changed starts unknown. The file
 * (about 2 MB at 20,000 targets, written again while a storm of changes lasts) is built in a kept buffer.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TargetConfig } from '@uptime/config';
import { writeFileDurable } from '@uptime/durable-fs';
import { TextBuffer } from './text-buffer.js';

/** What a target's state is restored from (times in wall-clock ms since epoch). */
export interface SavedTargetState {
  /** What identifies the target's checked settings (see `settingsKey`). */
  settings: string;
  status: 'up' | 'down';
  since: number;
  /** The start of the outage, while down. */
  downSince?: number;
  /** The address last probed. */
  address: string;
}

interface StateFile {
  version: 1;
  targets: Record<string, SavedTargetState>;
}

/** What a target's state depends on: what is checked and how (a change of host, probe, port, URL or DNS question starts it unknown). */
export function settingsKey(target: TargetConfig): string {
  const checked: unknown[] = [target.probe, target.host, target.port ?? null, target.url ?? null];
  if (target.probe === 'dns') checked.push(target.query ?? null, target.type ?? 'A');
  return JSON.stringify(checked);
}

/** The target's identity across restarts: its name and its checked settings. */
export function stateKey(target: TargetConfig): string {
  return `${target.name}\u0000${settingsKey(target)}`;
}

function isSaved(value: unknown): value is SavedTargetState {
  const s = value as SavedTargetState;
  return (
    typeof s === 'object' && s !== null && typeof s.settings === 'string' && (s.status === 'up' || s.status === 'down') &&
    Number.isFinite(s.since) && (s.downSince === undefined || Number.isFinite(s.downSince)) && typeof s.address === 'string'
  );
}

/** Reads and writes `<dataDir>/state/targets.json`; writes asked for while one runs are done together after it. */
export class TargetStateStore {
  private last: Promise<void> = Promise.resolve();
  private next?: Promise<void>;
  private lastProblem?: string;
  private readonly text = new TextBuffer();

  constructor(
    private readonly path: string,
    /** Each target's name and its state to keep (targets still unknown are left out). */
    private readonly snapshot: () => Iterable<[string, SavedTargetState]>,
    private readonly onProblem: (message: string) => void,
  ) {}

  /** The saved states by target name; none when the file is missing, and none (reported) when it is damaged. */
  static async load(path: string, onProblem: (message: string) => void): Promise<Map<string, SavedTargetState>> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onProblem(`cannot read ${path} (${(err as Error).message}); every target starts unknown`);
      return new Map();
    }
    try {
      const file = JSON.parse(text) as StateFile;
      return new Map(Object.entries(file.targets).filter((entry): entry is [string, SavedTargetState] => isSaved(entry[1])));
    } catch (err) {
      onProblem(`${path} is damaged (${(err as Error).message}); every target starts unknown`);
      return new Map();
    }
  }

  /** The saved state of `target` when its settings are still the same; undefined otherwise. */
  static savedFor(saved: ReadonlyMap<string, SavedTargetState>, target: TargetConfig): SavedTargetState | undefined {
    const state = saved.get(target.name);
    return state && state.settings === settingsKey(target) ? state : undefined;
  }

  /** Writes the current states (after the write in progress, joining other callers); a failure is reported, not thrown. */
  save(): Promise<void> {
    if (!this.next) {
      this.next = this.last.then(() => {
        this.next = undefined; // from now on, a change needs another write
        return this.writeNow();
      });
      this.last = this.next;
    }
    return this.next;
  }

  /** The file's JSON (a StateFile), built entry by entry in a buffer kept from write to write. */
  private build(): Buffer {
    const { text } = this;
    text.clear();
    text.put('{"version":1,"targets":{');
    let first = true;
    for (const [name, saved] of this.snapshot()) {
      text.put(`${first ? '' : ','}${JSON.stringify(name)}:${JSON.stringify(saved)}`);
      first = false;
    }
    text.put('}}\n');
    return text.bytes();
  }

  private async writeNow(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFileDurable(this.path, this.build());
      this.lastProblem = undefined;
    } catch (err) {
      const problem = `cannot write ${this.path}: ${(err as Error).message}; a restart now would forget the latest status changes`;
      if (problem !== this.lastProblem) this.onProblem(problem);
      this.lastProblem = problem;
    }
  }
}
