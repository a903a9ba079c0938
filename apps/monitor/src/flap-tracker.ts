/**
 * @module Flapping at run time (alerts.flapping): counts every check result of every target, records
 * FLAPPING_STARTED / FLAPPING_STOPPED as the rule (alerting/flap-detector) decides, sends one FLAPPING
 * email at the start, marks changes while flapping `suppressed: flapping`, and when it stops sends the
 * target's final status only if it differs from what its last email said. The results, the flag, the
 * status last told and the last change are kept in <dataDir>/state/flapping.json across restarts.
 */
import type { FlappingConfig } from '@uptime/config';
import type { FlappingEvent, HostDownEvent, HostUpEvent, NewEvent, UptimeEvent } from '@uptime/events';
import { flapStateOf, lastResult, noteResult, resultsOf, type FlapState } from './alerting/flap-detector.js';
import { JsonStateFile, readStateFile } from './json-state-file.js';

type Change = HostDownEvent | HostUpEvent;

interface TargetFlaps extends FlapState {
  /** The status (up or down) the last email about the target said. */
  told?: 'up' | 'down';
  /** Its last recorded change and the address its alert shows, for the email when flapping stops. */
  last?: { event: Change; address: string };
}

export interface FlapTrackerOptions {
  thresholds: FlappingConfig;
  statePath: string;
  record: (event: NewEvent) => Promise<UptimeEvent>;
  /** Sends the FLAPPING email of a recorded FLAPPING_STARTED. */
  sendFlapping: (event: FlappingEvent, address: string) => Promise<void>;
  /** Sends the email of a change recorded while it flapped (its final status). */
  sendChange: (event: Change, address: string) => Promise<void>;
  onProblem: (message: string) => void;
}

interface SavedFlaps {
  results: string;
  flapping: boolean;
  told?: 'up' | 'down';
  last?: { event: Change; address: string };
}

/** Tracks flapping per target name. */
export class FlapTracker {
  private readonly targets = new Map<string, TargetFlaps>();
  private readonly file: JsonStateFile;

  constructor(private readonly options: FlapTrackerOptions) {
    this.file = new JsonStateFile(options.statePath, () => this.snapshot(), options.onProblem);
  }

  /** Reads what a previous run kept. */
  async load(): Promise<void> {
    const saved = (await readStateFile(this.options.statePath, this.options.onProblem)) as { targets?: Record<string, SavedFlaps> } | undefined;
    for (const [name, s] of Object.entries(saved?.targets ?? {})) {
      if (typeof s?.results !== 'string' || typeof s.flapping !== 'boolean') continue;
      this.targets.set(name, { ...flapStateOf([...s.results].map((c) => c === 'u'), s.flapping), ...(s.told ? { told: s.told } : {}), ...(s.last ? { last: s.last } : {}) });
    }
  }

  private of(name: string): TargetFlaps {
    let t = this.targets.get(name);
    if (!t) this.targets.set(name, (t = { bits: 0, count: 0, flapping: false }));
    return t;
  }

  /** Whether target `name` is flapping now. */
  isFlapping(name: string): boolean {
    return this.targets.get(name)?.flapping === true;
  }

  /** `flapping` while target `name` flaps: its changes are recorded, not emailed. */
  suppression(name: string): 'flapping' | undefined {
    return this.isFlapping(name) ? 'flapping' : undefined;
  }

  /**
   * Counts one check result of target `name` (whose status is `status` now) before its change, if any,
   * is decided: records FLAPPING_STARTED and sends its email, or records FLAPPING_STOPPED and sends the
   * final status when it differs from the last email.
   */
  checked(name: string, address: string, ok: boolean, status: string): Promise<void> | undefined {
    const { thresholds } = this.options;
    if (thresholds === false) return undefined;
    const t = this.of(name);
    const previous = lastResult(t);
    const { change, percent } = noteResult(t, ok, thresholds);
    if (previous !== ok || change !== 'none') this.file.changed();
    // thousands of checks a second: only a start or stop of flapping costs a promise
    return change === 'none' ? undefined : this.flapChanged(t, change, percent, thresholds, name, address, status);
  }

  private async flapChanged(t: TargetFlaps, change: 'started' | 'stopped', percent: number, thresholds: { high: number; low: number }, name: string, address: string, status: string): Promise<void> {
    const started = change === 'started';
    const event = (await this.options.record({
      code: started ? 'FLAPPING_STARTED' : 'FLAPPING_STOPPED',
      hosts: [address],
      target: name,
      percent,
      message: started
        ? `${name} (${address}) is flapping: ${percent}% weighted state change over the last 21 checks (starts at ${thresholds.high}%).`
        : `${name} (${address}) stopped flapping: ${percent}% weighted state change over the last 21 checks (below ${thresholds.low}%).`,
    })) as FlappingEvent;
    if (started) {
      await this.options.sendFlapping(event, address);
    } else if ((status === 'up' || status === 'down') && status !== (t.told ?? 'up') && t.last?.event.after === status) {
      await this.options.sendChange(t.last.event, t.last.address);
      t.told = status;
    }
    await this.file.save();
  }

  /** Hears of a recorded HOST_DOWN / HOST_UP of target `name`; `told` when its email goes out. */
  noted(event: Change, address: string, told: boolean): void {
    const t = this.of(event.target);
    t.last = { event, address };
    if (told) t.told = event.after;
    this.file.changed();
  }

  /** Writes the state a last time. */
  stop(): Promise<void> {
    return this.file.save();
  }

  private snapshot(): { version: 1; targets: Record<string, SavedFlaps> } {
    const targets: Record<string, SavedFlaps> = {};
    for (const [name, t] of this.targets) {
      const results = resultsOf(t);
      const steady = results.every((r) => r === results[0]);
      if (steady && !t.flapping && t.told === undefined && t.last === undefined) continue;
      targets[name] = { results: results.map((r) => (r ? 'u' : 'd')).join(''), flapping: t.flapping, ...(t.told ? { told: t.told } : {}), ...(t.last ? { last: t.last } : {}) };
    }
    return { version: 1, targets };
  }
}
