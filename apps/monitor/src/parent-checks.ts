/**
 * @module Parents at run time (issue 13): checks a failing target's parents at once before it may be
 * declared down; when a target goes down (or unreachable) checks the targets behind it at once, so its
 * alert can list those unreachable; when it comes back checks them again, so those that answer go up
 * without an email. One check per target at a time: a check asked for while one runs joins it. The
 * decisions are alerting/parent-gate's; this does the asking.
 */
import type { BehindTarget } from './alerts/alert-message.js';
import { gateStatus, parentsNeeded } from './alerting/parent-gate.js';
import type { TrackedTarget } from './tracked-target.js';
import type { Transition } from './transitions.js';

/** One check of a target; calls `probed` once its result is counted in the target's state. */
export type TargetCheck = (entry: TrackedTarget, probed: () => void) => Promise<boolean>;

interface Flight {
  done: Promise<boolean>;
  probed: Promise<void>;
  /** performance.now() when it started: a check begun before a child failed says nothing of the parent now. */
  startedAt: number;
}

/** What a check leads to once the parents are taken into account, and which parents were failing. */
export interface ParentDecision {
  transition?: Transition;
  parents: string[];
}

const noop = () => undefined;
const isDown = (entry: TrackedTarget) => entry.state.status === 'down' || entry.state.status === 'unreachable';

/** The parent links of the configured targets, and the checks they call for. */
export class ParentChecks {
  private readonly parents = new Map<TrackedTarget, TrackedTarget[]>();
  private readonly children = new Map<TrackedTarget, TrackedTarget[]>();
  /** Targets whose change to down or unreachable is being recorded: their children count them as down already. */
  private readonly goingDown = new Set<TrackedTarget>();
  private readonly flights = new Map<TrackedTarget, Flight>();
  /** performance.now() when a target last answered after failing (its recovery): a child's check begun before says nothing of now. */
  private readonly answeredAt = new Map<TrackedTarget, number>();

  /** `check` must not reject (the monitor's guarded check). */
  constructor(tracked: readonly TrackedTarget[], private readonly check: TargetCheck) {
    const byName = new Map(tracked.map((entry) => [entry.target.name, entry]));
    for (const entry of tracked) {
      const parents = (entry.target.parent ?? []).flatMap((name) => byName.get(name) ?? []);
      this.parents.set(entry, parents);
      for (const parent of parents) this.children.set(parent, [...(this.children.get(parent) ?? []), entry]);
    }
  }

  /** Whether `entry` has parents, or targets behind it: only then are its checks asked for out of turn or gated. */
  related(entry: TrackedTarget): boolean {
    return (this.parents.get(entry)?.length ?? 0) > 0 || this.children.has(entry);
  }

  /** Checks `entry` now, or joins its check in flight; resolves as the check does (true: a re-check soon). */
  run(entry: TrackedTarget): Promise<boolean> {
    if (!this.related(entry)) return this.check(entry, noop); // nothing else asks for its checks: no flight to join
    const flight = this.flights.get(entry);
    if (flight) return flight.done;
    let probed: () => void = () => undefined;
    const probedOnce = new Promise<void>((resolve) => (probed = resolve));
    const done = this.check(entry, probed).finally(() => {
      probed();
      this.flights.delete(entry);
    });
    this.flights.set(entry, { done, probed: probedOnce, startedAt: performance.now() });
    return done;
  }

  /** The parents' say on a check of `entry` whose thresholds call for `proposed` (at `now`, wall ms). */
  async decide(entry: TrackedTarget, ok: boolean, proposed: Transition | undefined, now: number): Promise<ParentDecision> {
    const parents = this.parents.get(entry) ?? [];
    const known = parents.filter((p) => isDown(p) || this.goingDown.has(p));
    const proposedAfter = proposed?.after === 'unreachable' ? undefined : proposed?.after;
    const needed = parentsNeeded(ok, proposedAfter, parents.length > 0, known.length > 0);
    const failing = needed === 'known' ? known : needed === 'check' ? await this.failingParents(parents, performance.now()) : [];
    const after = gateStatus(ok, entry.state.status, proposedAfter, failing.length > 0);
    const names = failing.map((p) => p.target.name);
    if (ok && proposedAfter === 'up' && this.children.has(entry)) this.answeredAt.set(entry, performance.now());
    if (after === 'down' && entry.state.status === 'unreachable' && this.beganBeforeRecovery(entry, parents)) {
      // its probe went out while a parent was still failing (Icinga #5208): checked again, it is down only if it fails then
      void this.flights.get(entry)?.done.then(() => this.run(entry));
      return { parents: names };
    }
    if (after === undefined) return { parents: names };
    if (after !== 'unreachable') return { transition: proposed, parents: names };
    return { transition: { before: entry.state.status, after, time: proposed?.time ?? now, ...(proposed?.mono ? { mono: proposed.mono } : {}) }, parents: names };
  }

  /** Whether the check of `entry` in flight began before one of its parents answered again. */
  private beganBeforeRecovery(entry: TrackedTarget, parents: readonly TrackedTarget[]): boolean {
    const startedAt = this.flights.get(entry)?.startedAt;
    return startedAt !== undefined && parents.some((p) => (this.answeredAt.get(p) ?? -Infinity) > startedAt);
  }

  /** `entry` goes down or unreachable: its children are checked at once (those in flight: until their result is in); resolves with the targets behind it now failing. */
  async sweepDown(entry: TrackedTarget): Promise<BehindTarget[]> {
    const children = this.children.get(entry) ?? [];
    if (children.length === 0) return [];
    this.goingDown.add(entry);
    const since = performance.now();
    await Promise.all(children.map((child) => this.freshResult(child, since)));
    return this.failingBehind(entry);
  }

  /**
   * A result of `child` from a probe begun at `since` or later. A check in flight that failed counts (it
   * may be waiting for this very parent, so it is not waited for); one begun earlier that answered
   * says nothing of now: it is let finish (nothing in it waits for a parent) and the child checked again.
   */
  private async freshResult(child: TrackedTarget, since: number): Promise<void> {
    const flight = this.flights.get(child);
    if (!flight) return void (await this.run(child));
    await flight.probed;
    if (flight.startedAt >= since || child.state.failures > 0) return;
    await flight.done;
    await this.run(child);
  }

  /** The change of `entry` is recorded (or given up): its children go by its status again. */
  settled(entry: TrackedTarget): void {
    this.goingDown.delete(entry);
  }

  /** `entry` came back: its unreachable children are checked at once (not waited for). */
  sweepUp(entry: TrackedTarget): void {
    for (const child of this.children.get(entry) ?? []) {
      if (child.state.status === 'unreachable' && !this.flights.has(child)) void this.run(child);
    }
  }

  /** Checks the parents (joining a check in flight only when it began at `since` or later); the ones failing. */
  private async failingParents(parents: readonly TrackedTarget[], since: number): Promise<TrackedTarget[]> {
    await Promise.all(parents.map((p) => this.freshCheck(p, since)));
    return parents.filter((p) => isDown(p) || this.goingDown.has(p) || p.state.failures > 0);
  }

  /** A check of `entry` that began at `since` or later: waits out an older one in flight, then checks again. */
  private async freshCheck(entry: TrackedTarget, since: number): Promise<void> {
    for (let flight = this.flights.get(entry); flight && flight.startedAt < since; flight = this.flights.get(entry)) await flight.done;
    await this.run(entry);
  }

  /** The targets behind `entry` that are unreachable or failing now (for a DOWN of it told late: held back by a window or a silence). */
  unreachableBehind(entry: TrackedTarget): BehindTarget[] {
    return this.failingBehind(entry);
  }

  /** The targets behind `entry` (children, theirs, ...) that are unreachable or failing, not down on their own. */
  private failingBehind(entry: TrackedTarget): BehindTarget[] {
    const found: BehindTarget[] = [];
    const seen = new Set<TrackedTarget>();
    const visit = (parent: TrackedTarget) => {
      for (const child of this.children.get(parent) ?? []) {
        if (seen.has(child) || child.state.status === 'down') continue;
        seen.add(child);
        if (child.state.status !== 'unreachable' && child.state.failures === 0) continue;
        found.push({ target: child.target.name, address: child.address });
        visit(child);
      }
    };
    visit(entry);
    return found;
  }
}
