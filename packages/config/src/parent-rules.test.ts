import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

/** The problems of a config whose monitor.targets are `targets` (YAML flow mappings), or [] when it loads. */
function problems(...targets: string[]): string[] {
  const cwd = mkdtempSync(join(tmpdir(), 'parent-rules-'));
  writeFileSync(join(cwd, 'uptime.config.yaml'), ['monitor:', '  targets:', ...targets.map((t) => `    - ${t}`)].join('\n'));
  try {
    loadConfig({ cwd, env: {} });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('parent', () => {
  it.each([
    ['a name', ['{ name: core, host: 127.0.0.1 }', '{ name: a, host: 127.0.0.2, parent: core }'], []],
    ['a list', ['{ name: x, host: 127.0.0.1 }', '{ name: y, host: 127.0.0.3 }', '{ name: a, host: 127.0.0.2, parent: [x, y] }'], []],
    ['an unknown name', ['{ name: a, host: 127.0.0.2, parent: core }'], ['monitor.targets[0].parent[0]: "core" is not the name of a target in monitor.targets']],
    ['itself', ['{ name: a, host: 127.0.0.2, parent: [a] }'], ['monitor.targets[0].parent[0]: "a" is the target itself; a target cannot be its own parent']],
    ['an empty list', ['{ name: a, host: 127.0.0.2, parent: [] }'], ['monitor.targets[0].parent: is an empty list; give a target name or leave parent out']],
    ['a number', ['{ name: a, host: 127.0.0.2, parent: 5 }'], ['monitor.targets[0].parent: 5 is not a target name or a list of them']],
    [
      'a cycle of three',
      ['{ name: a, host: 127.0.0.1, parent: c }', '{ name: b, host: 127.0.0.2, parent: a }', '{ name: c, host: 127.0.0.3, parent: [b] }', '{ name: d, host: 127.0.0.4, parent: a }'],
      ['monitor.targets[0].parent: parents form a cycle: "a" -> "c" -> "b" -> "a"; remove one of these parent links'],
    ],
  ])('%s', (_what, targets, expected) => {
    expect(problems(...targets)).toEqual(expected);
  });
});

describe('alerts.groupWait', () => {
  it('defaults to 10 s and takes 0 (one email per change)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'parent-rules-'));
    expect(loadConfig({ cwd, env: {} }).config.alerts.groupWait).toBe(10_000);
    writeFileSync(join(cwd, 'uptime.config.yaml'), 'alerts:\n  groupWait: 0\n');
    expect(loadConfig({ cwd, env: {} }).config.alerts.groupWait).toBe(0);
    writeFileSync(join(cwd, 'uptime.config.yaml'), 'alerts:\n  groupWait: soon\n');
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/alerts\.groupWait: "soon" is not a duration/);
  });
});
