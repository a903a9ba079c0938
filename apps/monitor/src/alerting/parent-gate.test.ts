import { describe, expect, it } from 'vitest';
import type { HostStatus } from '@uptime/events';
import { gateStatus, parentsNeeded } from './parent-gate.js';

describe('parentsNeeded', () => {
  it.each<[string, boolean, 'up' | 'down' | undefined, boolean, boolean, string]>([
    ['it answered', true, 'up', true, true, 'no'],
    ['no parents', false, 'down', false, false, 'no'],
    ['a parent already down: no need to ask', false, undefined, true, true, 'known'],
    ['it would be declared down: check the parents first', false, 'down', true, false, 'check'],
    ['one failure below the threshold, parents fine', false, undefined, true, false, 'no'],
  ])('%s', (_what, ok, proposed, hasParents, knownDown, expected) => {
    expect(parentsNeeded(ok, proposed, hasParents, knownDown)).toBe(expected);
  });
});

describe('gateStatus', () => {
  it.each<[string, boolean, HostStatus, 'up' | 'down' | undefined, boolean, string | undefined]>([
    ['up target fails, parent fails: unreachable, no email', false, 'up', 'down', true, 'unreachable'],
    ['first failure behind a parent that is down: unreachable at once', false, 'up', undefined, true, 'unreachable'],
    ['up target fails, parents answer: down', false, 'up', 'down', false, 'down'],
    ['unreachable stays unreachable while the parent fails', false, 'unreachable', 'down', true, undefined],
    ['unreachable and the parents answer again: down (its own DOWN email)', false, 'unreachable', 'down', false, 'down'],
    ['a target already down stays down when its parent goes down', false, 'down', undefined, true, undefined],
    ['unreachable target answers: up (from unreachable, no outage of its own)', true, 'unreachable', 'up', true, 'up'],
    ['unknown at start behind a failing parent: unreachable', false, 'unknown', 'down', true, 'unreachable'],
  ])('%s', (_what, ok, status, proposed, parentsFailing, expected) => {
    expect(gateStatus(ok, status, proposed, parentsFailing)).toBe(expected);
  });
});
