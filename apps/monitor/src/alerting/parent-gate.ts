/**
 * @module The parents rule: a target that fails while a parent of it is down, unreachable or failing is
 * `unreachable` (no email of its own), not down. Before a failing target is declared down its parents
 * are checked at once; a target behind a parent already known down is unreachable at its first failed
 * check (the failure threshold guards pages, and unreachable pages nobody). Pure: the caller probes.
 */
import type { HostStatus } from '@uptime/events';

/** What a check of a target with parents needs to know about them before its status can be decided. */
export type ParentsNeeded = 'no' | 'known' | 'check';

/**
 * Whether the parents matter for this check: `no` (it answered, or failed without reason to change),
 * `known` (a parent is already down, unreachable or going down: no need to ask), or `check` (it would be
 * declared down: its parents are checked at once first).
 */
export function parentsNeeded(ok: boolean, proposed: 'up' | 'down' | undefined, hasParents: boolean, aParentKnownDown: boolean): ParentsNeeded {
  if (ok || !hasParents) return 'no';
  if (aParentKnownDown) return 'known';
  return proposed === 'down' ? 'check' : 'no';
}

/**
 * The status a check leads to: `proposed` (from the thresholds) unless the target failed while a parent
 * fails, which makes it `unreachable` (once: a target already unreachable or down stays as it is).
 */
export function gateStatus(ok: boolean, status: HostStatus, proposed: 'up' | 'down' | undefined, parentsFailing: boolean): 'up' | 'down' | 'unreachable' | undefined {
  if (ok || !parentsFailing) return proposed;
  return status === 'unreachable' || status === 'down' ? undefined : 'unreachable';
}
