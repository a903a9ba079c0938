/** @module Turns a target's status change into the HOST_DOWN / HOST_UP event of the contract. */
import { isIP } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import { isoLocal, type NewEvent } from '@uptime/events';
import { formatDuration } from './alerts/alert-message.js';
import type { Transition } from './transitions.js';

/** The IP addresses among `addresses`: an event's `hosts` never holds a host name (one not resolved yet, or that failed to). */
export function ipAddresses(addresses: Iterable<string>): string[] {
  return [...addresses].filter((a) => isIP(a) !== 0);
}

/** What the parents rule adds to an event: the failing parents of an unreachable target, the targets unreachable behind one that went down. */
export interface ParentContext {
  parents?: string[];
  behind?: readonly unknown[];
}

/** The event to record for a transition of `target`, probed at `address`; its time is the transition's, fixed now. */
export function transitionEvent(target: TargetConfig, address: string, transition: Transition, reason?: string, context: ParentContext = {}): NewEvent {
  const who = `${target.name} (${address})`;
  const hosts = ipAddresses([address]);
  const time = isoLocal(new Date(transition.time));
  if (transition.after === 'unreachable') {
    const parents = context.parents ?? [];
    return {
      code: 'HOST_UNREACHABLE',
      time,
      hosts,
      target: target.name,
      before: transition.before,
      after: 'unreachable',
      parents,
      message: `${who} is unreachable: its parent ${parents.join(', ')} is down or failing.`,
    };
  }
  if (transition.after === 'down') {
    const behind = context.behind?.length ?? 0;
    return {
      code: 'HOST_DOWN',
      time,
      hosts,
      target: target.name,
      before: transition.before,
      after: 'down',
      message: `${who} went down${reason ? `: ${reason}` : ''}${behind ? `; ${behind} target(s) behind it are unreachable` : ''}.`,
    };
  }
  const event: NewEvent = {
    code: 'HOST_UP',
    time,
    hosts,
    target: target.name,
    before: transition.before,
    after: 'up',
    message:
      transition.outageSeconds !== undefined
        ? `${who} is up again after ${formatDuration(transition.outageSeconds)} down${transition.simulated ? ' (a simulated outage, --sim-fail)' : ''}.`
        : `${who} is up.`,
  };
  if (transition.outageSeconds !== undefined) event.outageSeconds = transition.outageSeconds;
  return event;
}
