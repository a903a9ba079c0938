import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig, type ConfigFlags } from './load-config.js';

/** The problems a config file (and flags) gives, or [] when it loads. */
function problems(yaml: string, flags: ConfigFlags = {}): string[] {
  const cwd = mkdtempSync(join(tmpdir(), 'monitor-rules-'));
  writeFileSync(join(cwd, 'uptime.config.yaml'), yaml);
  try {
    loadConfig({ cwd, env: {}, flags });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

const monitor = (...lines: string[]) => ['monitor:', ...lines.map((l) => `  ${l}`)].join('\n');

describe('monitor timings against the interval', () => {
  it('refuses a monitor.timeout longer than monitor.interval, naming both keys', () => {
    expect(problems(monitor('interval: 1s', 'timeout: 2s'))).toEqual(['monitor.timeout: 2s is longer than monitor.interval (1s); a check must end before the next one is due']);
    expect(problems(monitor('interval: 1s', 'timeout: 1s'))).toEqual([]);
  });

  it('refuses a target timeout longer than monitor.interval', () => {
    expect(problems(monitor('interval: 1s', 'targets:', '  - { host: 127.0.0.1 }', '  - { host: 127.0.0.2, timeout: 1500ms }'))).toEqual([
      'monitor.targets[1].timeout: 1.5s is longer than monitor.interval (1s); a check must end before the next one is due',
    ]);
  });

  it('takes a target interval and timeout, and holds the target timeout to the target interval', () => {
    expect(problems(monitor('interval: 1s', 'targets:', '  - { host: 127.0.0.1, interval: 10s, timeout: 5s }'))).toEqual([]);
    expect(problems(monitor('targets:', '  - { host: 127.0.0.1, interval: 10s, timeout: 11s }'))).toEqual([
      'monitor.targets[0].timeout: 11s is longer than monitor.targets[0].interval (10s); a check must end before the next one is due',
    ]);
    expect(problems(monitor('targets:', '  - { host: 127.0.0.1, interval: 25h }'))).toEqual(['monitor.targets[0].interval: "25h" is too long: at most 24h']);
    expect(problems(monitor('targets:', '  - { host: 127.0.0.1, interval: 0 }'))).toEqual(['monitor.targets[0].interval: must be at least 1ms']);
  });

  it('refuses a target interval shorter than the monitor.timeout it would inherit', () => {
    expect(problems(monitor('interval: 5s', 'timeout: 2s', 'targets:', '  - { host: 127.0.0.1, interval: 1s }'))).toEqual([
      'monitor.targets[0].interval: 1s is shorter than monitor.timeout (2s); give this target a timeout of its own that fits',
    ]);
    expect(problems(monitor('interval: 5s', 'timeout: 2s', 'targets:', '  - { host: 127.0.0.1, interval: 1s, timeout: 500ms }'))).toEqual([]);
  });

  it('says when the interval came from the command line', () => {
    expect(problems(monitor('timeout: 2s'), { interval: '1' })).toEqual([
      'monitor.timeout: 2s is longer than monitor.interval (1s); a check must end before the next one is due (monitor.interval from --interval, in seconds)',
    ]);
  });

  it('refuses a monitor.retryInterval longer than monitor.interval, and fits its default into a short interval', () => {
    expect(problems(monitor('interval: 1s', 'retryInterval: 2s'))).toEqual(['monitor.retryInterval: 2s is longer than monitor.interval (1s)']);
    const cwd = mkdtempSync(join(tmpdir(), 'monitor-rules-'));
    expect(loadConfig({ cwd, env: {}, flags: { interval: '200ms' } }).config.monitor.retryInterval).toBe(200);
    expect(loadConfig({ cwd, env: {} }).config.monitor.retryInterval).toBe(500);
  });
});

describe('duplicate targets', () => {
  it('refuses a name used twice, naming both entries', () => {
    const yaml = monitor('targets:', '  - { name: web, host: 127.0.0.1 }', '  - { name: db, host: 127.0.0.2 }', '  - { name: web, host: 127.0.0.3 }');
    expect(problems(yaml)).toEqual(['monitor.targets[2].name: "web" is already used by monitor.targets[0]']);
  });

  it('refuses the same check twice under two names: probe, host and port, or the url', () => {
    const yaml = monitor(
      'targets:',
      '  - { name: a, host: 127.0.0.1 }',
      '  - { name: b, host: 127.0.0.1 }',
      '  - { name: c, probe: tcp, host: 127.0.0.1, port: 22 }',
      '  - { name: d, probe: tcp, host: 127.0.0.1, port: 23 }',
      '  - { name: e, probe: tcp, host: 127.0.0.1, port: 22 }',
      '  - { name: f, probe: http, url: "http://127.0.0.1/health" }',
      '  - { name: g, probe: http, url: "http://127.0.0.1:80/health" }',
      '  - { name: h, probe: tcp, host: LOCALHOST, port: 22 }',
      '  - { name: i, probe: tcp, host: localhost, port: 22 }',
    );
    expect(problems(yaml)).toEqual([
      'monitor.targets[1]: icmp 127.0.0.1 is already checked by monitor.targets[0]',
      'monitor.targets[4]: tcp 127.0.0.1:22 is already checked by monitor.targets[2]',
      'monitor.targets[6]: http http://127.0.0.1/health is already checked by monitor.targets[5]',
      'monitor.targets[8]: tcp localhost:22 is already checked by monitor.targets[7]',
    ]);
  });

  it('refuses the same --target twice, saying where it came from', () => {
    expect(problems('', { target: ['127.0.0.1', '127.0.0.1'] })).toEqual(['monitor.targets[1]: icmp 127.0.0.1 is already checked by monitor.targets[0] (from --target)']);
  });
});
