/** @module Which parts a reload restarts, as a table of config changes. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '@uptime/config';
import { partsToRestart } from './reload-plan.js';

const dir = mkdtempSync(join(tmpdir(), 'uptime-reload-plan-'));
let files = 0;
/** The config as the supervisor gets it: the file through loadConfig, defaults filled in. */
function load(raw: object): AppConfig {
  const file = join(dir, `config-${files++}.json`);
  writeFileSync(file, JSON.stringify(raw));
  return loadConfig({ cwd: dir, env: {}, flags: { config: file } }).config;
}

const base = {
  monitor: { targets: [{ name: 'a', host: '127.0.0.1' }] },
  mta: { listen: '127.0.0.1:2525' },
  viewer: { listen: '127.0.0.1:8025' },
};

describe('partsToRestart', () => {
  it.each([
    ['nothing changed', base, []],
    ['a target added', { ...base, monitor: { targets: [...base.monitor.targets, { name: 'b', host: '127.0.0.2' }] } }, ['monitor']],
    ['monitor.interval', { ...base, monitor: { ...base.monitor, interval: '5s' } }, ['monitor']],
    ['viewer.listen', { ...base, viewer: { listen: '127.0.0.1:8026' } }, ['viewer']],
    ['mta.listen (the monitor submits there)', { ...base, mta: { listen: '127.0.0.1:2626' } }, ['mta', 'monitor']],
    ['mta.relay.mode', { ...base, mta: { ...base.mta, relay: { mode: 'mx' } } }, ['mta']],
    ['alerts.to (the MTA takes mail for it)', { ...base, alerts: { to: ['ops@localhost'] } }, ['mta', 'monitor']],
    ['dataDir', { ...base, dataDir: '/tmp/elsewhere' }, ['mta', 'viewer', 'monitor']],
  ])('%s', (_what, after, parts) => {
    expect(partsToRestart(load(base), load(after))).toEqual(parts);
  });
});
