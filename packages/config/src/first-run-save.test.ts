/** @module Saving the first run's answers: a new file, or an existing one with its other keys and comments kept. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveFirstRun } from './first-run-save.js';
import { loadConfig } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'uptime-first-run-'));

describe('saveFirstRun', () => {
  it('makes a config file that loads with the targets and the recipient', () => {
    const path = join(dir, 'new.yaml');
    saveFirstRun(path, ['127.0.0.1', '::1'], 'ops@localhost');
    const { config } = loadConfig({ cwd: dir, env: {}, flags: { config: path } });
    expect(config.monitor.targets.map((t) => [t.name, t.host])).toEqual([['127.0.0.1', '127.0.0.1'], ['::1', '::1']]);
    expect(config.alerts.to).toEqual(['ops@localhost']);
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it('keeps the other keys, the comments and the mode of an existing file', () => {
    const path = join(dir, 'existing.yaml');
    writeFileSync(path, '# our lab\nmonitor:\n  interval: 5s # slow\nalerts:\nviewer: { listen: "127.0.0.1:8030" }\n', { mode: 0o600 });
    saveFirstRun(path, ['127.0.0.51'], 'admin@localhost');
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('# our lab');
    expect(text).toContain('interval: 5s # slow');
    const { config } = loadConfig({ cwd: dir, env: {}, flags: { config: path } });
    expect(config.monitor.interval).toBe(5000);
    expect(config.viewer.listen).toEqual({ host: '127.0.0.1', port: 8030 });
    expect(config.monitor.targets.map((t) => t.host)).toEqual(['127.0.0.51']);
    expect(config.alerts.to).toEqual(['admin@localhost']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
