import { describe, expect, it } from 'vitest';
import { invocationDir } from './invocation-dir.js';

describe('invocationDir', () => {
  it('is INIT_CWD under a start script, and the working directory otherwise', () => {
    expect(invocationDir({ npm_lifecycle_event: 'start', INIT_CWD: '/srv/lab' })).toBe('/srv/lab');
    expect(invocationDir({ npm_lifecycle_event: 'test', INIT_CWD: '/srv/lab' })).toBe(process.cwd());
    expect(invocationDir({ INIT_CWD: '/srv/lab' })).toBe(process.cwd());
  });
});
