import { describe, expect, it } from 'vitest';
import { loadConfig } from '@uptime/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInterval, checkTimeout } from './check-timeout.js';

function monitorSection(yaml: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'timeout-'));
  writeFileSync(join(cwd, 'uptime.config.yaml'), yaml);
  return loadConfig({ cwd, env: {} }).config.monitor;
}

describe('checkTimeout', () => {
  it('defaults to 1 s, and 5 s for http, when nothing is configured', () => {
    const monitor = monitorSection('monitor:\n  interval: 10s\n  targets:\n    - { host: 127.0.0.1 }\n    - { name: web, probe: http, url: "http://127.0.0.1/" }\n');
    expect(monitor.targets.map((t) => checkTimeout(t, monitor))).toEqual([1000, 5000]);
  });

  it('cuts a default timeout to a shorter interval: a check ends before the next is due', () => {
    const monitor = monitorSection('monitor:\n  interval: 700ms\n  targets:\n    - { host: 127.0.0.1 }\n    - { name: web, probe: http, url: "http://127.0.0.1/" }\n');
    expect(monitor.targets.map((t) => checkTimeout(t, monitor))).toEqual([700, 700]);
  });

  it('uses monitor.timeout for every probe, and a target timeout over it', () => {
    const monitor = monitorSection(
      'monitor:\n  timeout: 300ms\n  targets:\n    - { name: web, probe: http, url: "http://127.0.0.1/" }\n    - { host: 127.0.0.1, timeout: 2s }\n',
    );
    expect(monitor.targets.map((t) => checkTimeout(t, monitor))).toEqual([300, 2000]);
  });

  it('cuts a default timeout to the target\'s own interval, and gives each target its interval', () => {
    const monitor = monitorSection('monitor:\n  interval: 10s\n  targets:\n    - { name: web, probe: http, url: "http://127.0.0.1/", interval: 3s }\n    - { host: 127.0.0.1 }\n');
    expect(monitor.targets.map((t) => checkTimeout(t, monitor))).toEqual([3000, 1000]);
    expect(monitor.targets.map((t) => checkInterval(t, monitor))).toEqual([3000, 10_000]);
  });
});
