import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

/** The alerts section a config gives (after `alerts:` lines), or its problems. */
function load(...lines: string[]): unknown {
  const cwd = mkdtempSync(join(tmpdir(), 'alert-policy-'));
  writeFileSync(join(cwd, 'uptime.config.yaml'), ['monitor:', '  targets: [{ name: gw, host: 127.0.0.1, tags: [core] }]', 'alerts:', ...lines.map((l) => `  ${l}`)].join('\n'));
  try {
    const { repeatInterval, escalate, routes, flapping } = loadConfig({ cwd, env: {} }).config.alerts;
    return { repeatInterval, escalate, routes, flapping };
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('alerts policy keys', () => {
  it('has the contract defaults', () => {
    expect(load('to: [admin@localhost]')).toEqual({ repeatInterval: 0, escalate: [], routes: [], flapping: { high: 30, low: 20 } });
  });

  it('reads reminders, escalations, routes and flapping', () => {
    expect(
      load('repeatInterval: 1h', 'escalate: [{ after: 30m, to: [oncall@localhost] }]', 'routes: [{ targets: [gw, "tag:core"], to: [net@localhost] }]', 'flapping: false'),
    ).toEqual({
      repeatInterval: 3_600_000,
      escalate: [{ after: 1_800_000, to: ['oncall@localhost'] }],
      routes: [{ targets: ['gw', 'tag:core'], to: ['net@localhost'] }],
      flapping: false,
    });
    expect(load('flapping: { high: 50 }')).toMatchObject({ flapping: { high: 50, low: 20 } });
  });

  it.each<[string, string, string[]]>([
    ['a reminder too soon', 'repeatInterval: 10ms', ['alerts.repeatInterval: must be 0 (off) or at least 1s']],
    ['a reminder that is no duration', 'repeatInterval: often', ['alerts.repeatInterval: "often" is not a duration (use "500ms", "2s", "5m" or milliseconds)']],
    ['an escalation without recipients', 'escalate: [{ after: 30m, to: [] }]', ['alerts.escalate[0].to: needs at least one recipient']],
    ['an escalation to no address', 'escalate: [{ after: 30m, to: [oncall] }]', ['alerts.escalate[0].to[0]: "oncall" is not an email address']],
    ['an escalation without after', 'escalate: [{ to: [a@localhost] }]', ['alerts.escalate[0].after: undefined is not a duration (use "500ms", "2s", "5m" or milliseconds)']],
    ['a route to an unknown target', 'routes: [{ targets: [web], to: [net@localhost] }]', ['alerts.routes[0].targets[0]: "web" is not the name of a target in monitor.targets (or a "tag:NAME")']],
    ['a route without targets', 'routes: [{ targets: [], to: [net@localhost] }]', ['alerts.routes[0].targets: is empty; name the targets (or "tag:NAME") whose alerts these recipients get']],
    ['a route with an unknown key', 'routes: [{ targets: [gw], to: [net@localhost], cc: [x@localhost] }]', ['alerts.routes[0].cc: unknown key']],
    ['low above high', 'flapping: { high: 20, low: 30 }', ['alerts.flapping.low: low must be below high (flapping starts at high and stops below low)']],
    ['a percent above 100', 'flapping: { high: 130 }', ['alerts.flapping.high: 130 is not a percent from 0 to 100']],
    ['flapping: true', 'flapping: true', ['alerts.flapping: true is not false or { high, low } (percents)']],
  ])('names %s', (_what, line, problems) => {
    expect(load(line)).toEqual(problems);
  });
});
