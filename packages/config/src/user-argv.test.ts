import { describe, expect, it } from 'vitest';
import { userArgv } from './user-argv.js';

describe('userArgv', () => {
  it('drops the -- that pnpm 10 passes before the flags', () => {
    expect(userArgv(['node', 'cli.js', '--', '--target', '192.0.2.1'])).toEqual(['node', 'cli.js', '--target', '192.0.2.1']);
  });
  it('keeps a -- that separates operands later on', () => {
    expect(userArgv(['node', 'cli.js', 'list', '--', '-x'])).toEqual(['node', 'cli.js', 'list', '--', '-x']);
  });
  it('leaves an ordinary command line alone', () => {
    expect(userArgv(['node', 'cli.js', '--help'])).toEqual(['node', 'cli.js', '--help']);
  });
});
