import { describe, expect, it } from 'vitest';
import type { Silence } from '@uptime/control';
import { Silences } from './silences.js';

const at = (iso: string) => Date.parse(iso);
const silence = (id: string, targets: string[], until: string): Silence => ({ id, targets, until, author: 'ops', comment: '' });

describe('Silences', () => {
  const rule = new Silences([
    silence('core', ['tag:core'], '2026-12-07T12:00:00Z'),
    silence('web', ['web'], '2026-12-07T10:00:00Z'),
  ]);

  it.each([
    // target, tags, time, silence covering it
    ['web', [], '2026-12-07T09:59:59Z', 'web'],
    ['web', [], '2026-12-07T10:00:00Z', undefined], // ended at its until
    ['switch', ['core'], '2026-12-07T11:00:00Z', 'core'],
    ['switch', ['edge'], '2026-12-07T11:00:00Z', undefined],
    ['db', [], '2026-12-07T09:00:00Z', undefined],
  ])('%s (tags %j) at %s: covered by %s', (name, tags, time, id) => {
    expect(rule.covering({ name, tags }, at(time))?.id).toBe(id);
  });

  it('an empty target list covers every target', () => {
    expect(new Silences([silence('all', [], '2026-12-07T10:00:00Z')]).covering({ name: 'any' }, at('2026-12-07T09:00:00Z'))?.id).toBe('all');
  });

  it('lists the silences that have ended', () => {
    expect(rule.ended(at('2026-12-07T11:00:00Z')).map((s) => s.id)).toEqual(['web']);
    expect(rule.ended(at('2026-12-07T09:00:00Z'))).toEqual([]);
  });
});
