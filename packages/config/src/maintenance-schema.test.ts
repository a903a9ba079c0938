import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

/** The maintenance windows a config gives, or its problems. */
function load(...windows: string[]): unknown {
  const cwd = mkdtempSync(join(tmpdir(), 'maintenance-schema-'));
  writeFileSync(join(cwd, 'uptime.config.yaml'), ['monitor:', '  targets: [{ name: gw, host: 127.0.0.1 }]', 'maintenance:', ...windows.map((w) => `  - ${w}`)].join('\n'));
  try {
    return loadConfig({ cwd, env: {} }).config.maintenance;
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('maintenance', () => {
  it.each<[string, string, unknown]>([
    [
      'a fixed window',
      '{ name: holidays, start: "2026-12-24T00:00:00+01:00", end: "2026-12-27T00:00:00+01:00" }',
      [{ name: 'holidays', targets: [], start: Date.parse('2026-12-23T23:00:00Z'), end: Date.parse('2026-12-26T23:00:00Z') }],
    ],
    [
      'a weekly window',
      '{ name: patch night, targets: [gw, "tag:core"], cron: "0 2 * * 0", duration: 2h, timezone: Europe/Berlin }',
      [{ name: 'patch night', targets: ['gw', 'tag:core'], cron: '0 2 * * 0', duration: 7_200_000, timezone: 'Europe/Berlin' }],
    ],
    ['a bad cron pattern', '{ name: x, cron: "61 * * * *", duration: 1h }', ['maintenance[0].cron: "61 * * * *" is not a cron pattern: Invalid value for minute: 61']],
    ['an unknown time zone', '{ name: x, cron: "0 2 * * 0", duration: 1h, timezone: Mars/Base }', ['maintenance[0].timezone: "Mars/Base" is not a time zone (an IANA name such as "Europe/Berlin")']],
    ['cron without duration', '{ name: x, cron: "0 2 * * 0" }', ['maintenance[0].duration: is required with cron (how long each window lasts, e.g. "2h")']],
    ['end before start', '{ name: x, start: "2026-12-24T00:00:00Z", end: "2026-12-23T00:00:00Z" }', ['maintenance[0].end: must be after start']],
    ['a time without offset', '{ name: x, start: "2026-12-24 00:00", end: "2026-12-25T00:00:00Z" }', ['maintenance[0].start: "2026-12-24 00:00" is not a date and time with an offset (e.g. "2026-12-24T00:00:00+01:00")']],
    ['an unknown target', '{ name: x, targets: [web], start: "2026-12-24T00:00:00Z", end: "2026-12-25T00:00:00Z" }', ['maintenance[0].targets[0]: "web" is not the name of a target in monitor.targets (or a "tag:NAME")']],
  ])('%s', (_what, window, expected) => {
    expect(load(window)).toEqual(expected);
  });
});
