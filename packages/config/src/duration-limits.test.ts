import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

function problems(yaml: string, env: Record<string, string> = {}): string[] {
  const cwd = mkdtempSync(join(tmpdir(), 'duration-limits-'));
  writeFileSync(join(cwd, 'uptime.config.yaml'), yaml);
  try {
    loadConfig({ cwd, env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('durations that feed timers', () => {
  it('refuses a monitor interval, timeout or retryInterval over 24h (a 30d timer would fire every 1 ms)', () => {
    expect(problems('monitor:\n  interval: 30d\n  timeout: 25h\n  retryInterval: 2d\n')).toEqual([
      'monitor.interval: "30d" is too long: at most 24h',
      'monitor.timeout: "25h" is too long: at most 24h',
      'monitor.retryInterval: "2d" is too long: at most 24h',
    ]);
    expect(problems('monitor:\n  targets:\n    - { host: 127.0.0.1, timeout: 100000000 }\n')).toEqual(['monitor.targets[0].timeout: 100000000 is too long: at most 24h']);
    expect(problems('', { CHECK_INTERVAL: '2592000' })).toEqual(['monitor.interval: 2592000000 is too long: at most 24h (from CHECK_INTERVAL, in seconds)']);
    expect(problems('monitor:\n  interval: 24h\n  timeout: 24h\n  retryInterval: 24h\n')).toEqual([]);
  });

  it('refuses an mta.idleTimeout that a socket timer cannot hold (over 2^31-1 ms, about 24.8 days)', () => {
    expect(problems('mta:\n  idleTimeout: 30d\n')).toEqual(['mta.idleTimeout: "30d" is too long: at most 24d 20h 31m 23.647s (2147483647 ms, the longest timer)']);
    expect(problems('mta:\n  idleTimeout: 24d\n')).toEqual([]);
  });
});
