import { describe, expect, it } from 'vitest';
import { groupByRecipient, recipientsFor } from './recipients.js';

const routes = [
  { targets: ['web', 'tag:core'], to: ['net@localhost'] },
  { targets: ['tag:db'], to: ['dba@localhost', 'Admin@localhost'] },
];

describe('recipientsFor', () => {
  it.each<[string, { name: string; tags?: string[] }, string[]]>([
    ['a target no route names', { name: 'printer' }, ['admin@localhost']],
    ['a target named by a route', { name: 'web' }, ['admin@localhost', 'net@localhost']],
    ['a target by its tag', { name: 'switch', tags: ['core'] }, ['admin@localhost', 'net@localhost']],
    ['two routes, an address given twice', { name: 'pg', tags: ['db', 'core'] }, ['admin@localhost', 'net@localhost', 'dba@localhost']],
  ])('%s', (_what, target, expected) => {
    expect(recipientsFor(target, ['admin@localhost'], routes)).toEqual(expected);
  });
});

describe('groupByRecipient', () => {
  it('gives each recipient only its targets, one group for recipients with the same changes', () => {
    const changes = ['web', 'printer', 'switch'];
    const to: Record<string, string[]> = { web: ['admin@x', 'net@x'], printer: ['admin@x'], switch: ['admin@x', 'net@x', 'noc@x'] };
    expect(groupByRecipient(changes, (c) => to[c] ?? [])).toEqual([
      { to: ['admin@x'], changes: ['web', 'printer', 'switch'] },
      { to: ['net@x'], changes: ['web', 'switch'] },
      { to: ['noc@x'], changes: ['switch'] },
    ]);
    expect(groupByRecipient(['a', 'b'], () => ['x@y', 'z@y'])).toEqual([{ to: ['x@y', 'z@y'], changes: ['a', 'b'] }]);
  });
});
