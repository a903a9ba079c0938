/**
 * @module Silences and acknowledgements at run time, owned by the monitor alone: applies the requests of
 * the viewer and the CLI, records SILENCE_ADDED / SILENCE_REMOVED (deleted, or expired: checked every
 * second, and at the start for one that ended while the monitor was stopped) and ACKNOWLEDGED, keeps the
 * state durably in layout.silenceStateFile (with the held-back DOWN alerts) and answers which hold a
 * target's email back. The silence rule is alerting/silences'.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readSilenceState, type Acknowledgement, type ControlRequest, type Silence } from '@uptime/control';
import { writeFileDurable } from '@uptime/durable-fs';
import type { NewEvent, UptimeEvent } from '@uptime/events';
import { Silences } from './alerting/silences.js';
import type { WindowTarget } from './alerting/maintenance-windows.js';
import type { HeldDowns } from './held-downs.js';

export interface SilenceTrackerOptions {
  stateFile: string;
  /** The status of the target of a name now. */
  statusOf: (name: string) => string | undefined;
  /** The addresses of the targets a list of names and tag:NAME covers (for an event's `hosts`). */
  addressesOf: (targets: readonly string[]) => string[];
  record: (event: NewEvent) => Promise<UptimeEvent>;
  /** The DOWN alerts held back, saved with the silences. */
  held: Pick<HeldDowns, 'entries' | 'restore' | 'release'>;
  /** A silence or an acknowledgement began or ended (the status file shows them). */
  onChange: () => void;
  onProblem: (message: string) => void;
  /** Wall-clock ms (default Date.now()). */
  now?: () => number;
}

const every = (targets: readonly string[]) => (targets.length === 0 ? 'every target' : targets.join(', '));
const withComment = (comment: string) => (comment ? `: ${comment}` : '');

/** The silences and acknowledgements in force. */
export class SilenceTracker {
  private silences: Silence[] = [];
  private rule = new Silences([]);
  private readonly acks = new Map<string, Acknowledgement>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private saving: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: SilenceTrackerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes the state a previous run kept, records the end of silences that expired meanwhile, and checks every second. */
  async start(): Promise<void> {
    const state = await readSilenceState(this.options.stateFile).catch((err: Error) => {
      this.options.onProblem(`${err.message}; starting with no silences`);
      return undefined;
    });
    if (state) {
      this.setSilences(state.silences);
      for (const ack of state.acknowledged) if (this.options.statusOf(ack.target) === 'down') this.acks.set(ack.target, ack);
      this.options.held.restore(state.held);
    }
    await this.expire();
    this.timer = setInterval(() => void (this.ticking ??= this.expire().finally(() => (this.ticking = undefined))), 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    await this.save();
  }

  /** `silence` when a silence covers `target` at `now`; `acknowledged` for a DOWN of an acknowledged target. */
  suppression(target: WindowTarget, code: string, now: number): 'silence' | 'acknowledged' | undefined {
    if (this.rule.covering(target, now)) return 'silence';
    return code === 'HOST_DOWN' && this.acks.has(target.name) ? 'acknowledged' : undefined;
  }

  /** Whether a silence covers `target` at `now`. */
  isSilenced(target: WindowTarget, now = this.now()): boolean {
    return this.rule.covering(target, now) !== undefined;
  }

  /** Whether someone acknowledged the target of this name since it went down (reminders stop). */
  isAcknowledged(name: string): boolean {
    return this.acks.has(name);
  }

  /** The silences in force. */
  active(): Silence[] {
    const now = this.now();
    return this.silences.filter((s) => Date.parse(s.until) > now);
  }

  /** Hears of a recorded change: an acknowledgement lasts until its target is up. */
  noted(event: UptimeEvent): void {
    if (event.code !== 'HOST_UP' || !this.acks.delete(event.target)) return;
    this.options.onChange();
    void this.save();
  }

  /** Applies one request: the event is recorded first (a kill before the save applies it again, without a second silence). */
  async apply(request: ControlRequest): Promise<void> {
    if (request.kind === 'silence-add') return this.add(request.silence);
    if (request.kind === 'silence-delete') return this.remove(request.id, request.author);
    return this.acknowledge(request);
  }

  private async add(silence: Silence): Promise<void> {
    if (this.silences.some((s) => s.id === silence.id)) return; // applied before a kill, the request was left
    if (Date.parse(silence.until) <= this.now()) {
      this.options.onProblem(`silence ${silence.id} ended (${silence.until}) before the monitor could apply it; ignored`);
      return;
    }
    const { id, targets, until, author, comment } = silence;
    await this.options.record({
      code: 'SILENCE_ADDED',
      hosts: this.options.addressesOf(targets),
      silenceId: id,
      targets,
      until,
      author,
      comment,
      message: `Silence ${id} added by ${author} for ${every(targets)} until ${until}${withComment(comment)}.`,
    });
    this.setSilences([...this.silences, silence]);
    await this.save();
    this.options.onChange();
  }

  private async remove(id: string, author: string): Promise<void> {
    const silence = this.silences.find((s) => s.id === id);
    if (!silence) return; // deleted before, or expired
    await this.ended(silence, `deleted by ${author}`, author);
  }

  private async acknowledge(request: Extract<ControlRequest, { kind: 'ack' }>): Promise<void> {
    const { target, author, comment, time } = request;
    const status = this.options.statusOf(target);
    if (status !== 'down') {
      this.options.onProblem(`acknowledgement of ${target} by ${author} dropped: ${status === undefined ? 'no such target' : `it is ${status}, not down`}`);
      return;
    }
    if (this.acks.get(target)?.time === time) return; // applied before a kill
    await this.options.record({
      code: 'ACKNOWLEDGED',
      hosts: this.options.addressesOf([target]),
      target,
      author,
      comment,
      message: `${author} acknowledged ${target}${withComment(comment)}.`,
    });
    this.acks.set(target, { target, author, comment, time });
    await this.save();
    this.options.onChange();
  }

  /** Records the end of every silence whose time is up. */
  private async expire(): Promise<void> {
    for (const silence of new Silences(this.silences).ended(this.now())) await this.ended(silence, 'expired', silence.author);
  }

  private async ended(silence: Silence, how: string, author: string): Promise<void> {
    try {
      await this.options.record({
        code: 'SILENCE_REMOVED',
        hosts: this.options.addressesOf(silence.targets),
        silenceId: silence.id,
        targets: silence.targets,
        until: silence.until,
        author,
        comment: silence.comment,
        message: `Silence ${silence.id} for ${every(silence.targets)} ${how}.`,
      });
    } catch (err) {
      this.options.onProblem(`end of silence ${silence.id} not recorded (${(err as Error).message}); it is tried again`);
      return;
    }
    this.setSilences(this.silences.filter((s) => s.id !== silence.id));
    await this.save();
    this.options.onChange();
    await this.options.held.release(); // what it held and is still down is told now
  }

  private setSilences(list: Silence[]): void {
    this.silences = list;
    this.rule = new Silences(list);
  }

  /** Writes the state durably (one write at a time; a failure is reported and the next change writes again). */
  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const { stateFile } = this.options;
      const state = { silences: this.silences, acknowledged: [...this.acks.values()], held: this.options.held.entries() };
      try {
        await mkdir(dirname(stateFile), { recursive: true });
        await writeFileDurable(stateFile, `${JSON.stringify(state, null, 1)}\n`);
      } catch (err) {
        this.options.onProblem(`cannot write ${stateFile}: ${(err as Error).message}; silences and acknowledgements would not survive a restart`);
      }
    });
    return this.saving;
  }
}
