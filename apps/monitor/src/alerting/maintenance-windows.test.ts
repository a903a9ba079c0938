import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '@uptime/config';
import { MaintenanceWindows, covers, isOpen } from './maintenance-windows.js';

const holidays: MaintenanceWindow = { name: 'holidays', targets: [], start: Date.parse('2026-12-24T00:00:00+01:00'), end: Date.parse('2026-12-27T00:00:00+01:00') };
// Sundays 02:00-04:00 in Berlin: 01:00-03:00 UTC in winter, 00:00-02:00 UTC in summer
const patchNight: MaintenanceWindow = { name: 'patch night', targets: ['tag:core', 'gw'], cron: '0 2 * * 0', duration: 7_200_000, timezone: 'Europe/Berlin' };

describe('isOpen', () => {
  it.each<[string, MaintenanceWindow, string, boolean]>([
    ['before a fixed window', holidays, '2026-12-23T22:59:59Z', false],
    ['at its start', holidays, '2026-12-23T23:00:00Z', true],
    ['inside', holidays, '2026-12-25T12:00:00Z', true],
    ['at its end (closed)', holidays, '2026-12-26T23:00:00Z', false],
    ['Sunday 01:59 Berlin, before the cron window', patchNight, '2026-12-06T00:59:00Z', false],
    ['Sunday 02:00 Berlin (winter, 01:00 UTC)', patchNight, '2026-12-06T01:00:00Z', true],
    ['Sunday 03:59 Berlin', patchNight, '2026-12-06T02:59:00Z', true],
    ['Sunday 04:00 Berlin (closed)', patchNight, '2026-12-06T03:00:00Z', false],
    ['Sunday 02:30 Berlin in summer (00:30 UTC)', patchNight, '2026-07-05T00:30:00Z', true],
    ['a Monday', patchNight, '2026-12-07T01:30:00Z', false],
  ])('%s', (_what, window, at, expected) => {
    expect(isOpen(window, Date.parse(at))).toBe(expected);
  });
});

describe('covers', () => {
  it.each<[string, MaintenanceWindow, { name: string; tags?: string[] }, boolean]>([
    ['no targets = all', holidays, { name: 'web' }, true],
    ['by name', patchNight, { name: 'gw' }, true],
    ['by tag', patchNight, { name: 'switch-1', tags: ['core'] }, true],
    ['neither', patchNight, { name: 'web', tags: ['dmz'] }, false],
  ])('%s', (_what, window, target, expected) => {
    expect(covers(window, target)).toBe(expected);
  });

  it('names the open window that covers a target', () => {
    const windows = new MaintenanceWindows([patchNight, holidays]);
    expect(windows.covering({ name: 'web' }, Date.parse('2026-12-25T01:30:00Z'))).toBe('holidays');
    expect(windows.covering({ name: 'web' }, Date.parse('2026-12-06T01:30:00Z'))).toBeUndefined();
    expect(windows.covering({ name: 'gw' }, Date.parse('2026-12-06T01:30:00Z'))).toBe('patch night');
  });
});
