import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvents, type UptimeEvent } from '@uptime/events';
import { Netns, netnsUnavailable, startInNetns, waitFor, type Child } from '@uptime/test-lab';
import { CLIS } from './helpers/clis.js';

/**
 * SIGHUP to the real supervisor (what `systemctl reload` sends): a bad config is refused with the key
 * named and nothing restarted; a good one keeps unchanged targets' state (no event, no email), starts a
 * new target from unknown, stops checking a removed one, and restarts only the parts whose config changed.
 */
const KEPT_UP = '127.0.0.51';
const REMOVED = '127.0.0.52';
const ADDED = '127.0.0.53';
const KEPT_DOWN = '127.0.0.54'; // never given to the namespace: down from the start
const unavailable = netnsUnavailable();
if (unavailable) console.warn(`SKIPPED reload tests: ${unavailable}`);

interface StatusDoc {
  targets: Array<{ name: string; host: string; status: string; since: string | null }>;
}

describe.skipIf(unavailable !== undefined)('SIGHUP reloads the configuration', () => {
  let ns: Netns;
  let appliance: Child;
  const dir = mkdtempSync(join(tmpdir(), 'uptime-reload-'));
  const dataDir = join(dir, 'data');
  const config = join(dir, 'uptime.config.yaml');
  const writeConfig = (targets: string[], viewerListen: string) =>
    writeFileSync(
      config,
      [
        `dataDir: ${dataDir}`,
        'monitor:',
        '  interval: 300ms',
        '  timeout: 200ms',
        '  failureThreshold: 2',
        '  retryInterval: 100ms',
        '  targets:',
        ...targets.map((t) => `    - ${t}`),
        'alerts: { groupWait: 0 }',
        `viewer: { listen: "${viewerListen}" }`,
      ].join('\n'),
    );
  const status = (): StatusDoc => JSON.parse(readFileSync(join(dataDir, 'run', 'status.json'), 'utf8')) as StatusDoc;
  const target = (name: string) => status().targets.find((t) => t.name === name);
  const pids = () =>
    Object.fromEntries(
      readdirSync(join(dataDir, 'run'))
        .filter((f) => /^(mta|viewer|monitor)\.json$/.test(f))
        .map((f) => [f.replace('.json', ''), (JSON.parse(readFileSync(join(dataDir, 'run', f), 'utf8')) as { pid: number }).pid]),
    );
  const transitions = async (): Promise<UptimeEvent[]> => readEvents(join(dataDir, 'events'), { code: ['HOST_UP', 'HOST_DOWN'], limit: 10_000 });
  const downMails = () => {
    const folder = join(dataDir, 'mail', 'admin', 'new');
    return existsSync(folder) ? readdirSync(folder).filter((f) => readFileSync(join(folder, f), 'utf8').includes(`is DOWN`)) : [];
  };
  const checksOf = (host: string) => readFileSync(join(dataDir, 'logs', 'connection_log.csv'), 'utf8').split('\n').filter((l) => l.includes(`,${host},`)).length;
  const hangup = () => appliance.process.kill('SIGHUP');

  beforeAll(async () => {
    ns = new Netns();
    ns.addAddress(KEPT_UP);
    ns.addAddress(REMOVED);
    ns.addAddress(ADDED);
    writeConfig([`{ name: kept-up, host: ${KEPT_UP} }`, `{ name: removed, host: ${REMOVED} }`, `{ name: kept-down, host: ${KEPT_DOWN} }`], '127.0.0.1:8025');
    appliance = startInNetns(ns, CLIS.appliance, ['start', '--config', config], { cwd: dir });
    await appliance.waitForOutput(/all parts are running/, 'the appliance to start');
    await waitFor('kept-up and removed up, kept-down down, its DOWN email delivered', () =>
      existsSync(join(dataDir, 'run', 'status.json')) &&
      target('kept-up')?.status === 'up' &&
      target('removed')?.status === 'up' &&
      target('kept-down')?.status === 'down' &&
      downMails().length === 1,
    );
  });
  afterAll(async () => {
    await appliance?.stop();
    ns?.delete();
  });

  it('refuses a bad config, naming the key, and keeps every part running', async () => {
    const before = pids();
    writeConfig([`{ name: kept-up, host: ${KEPT_UP} }`, '{ name: typo, host: 10.0.0.300 }'], '127.0.0.1:8025');
    hangup();
    await appliance.waitForOutput(/reload refused: invalid configuration in .*uptime\.config\.yaml:\n.*monitor\.targets\[1\]\.host: "10\.0\.0\.300" is not an IP address or host name/, 'the refusal');
    await appliance.waitForOutput(/every part keeps running with the configuration it has/, 'the refusal to end');
    expect(pids()).toEqual(before);
    expect(target('removed')?.status).toBe('up'); // the running config is kept
    expect(ns.fetchText('http://127.0.0.1:8025/api/health')).toContain('"ok":true');
  });

  it('applies a good config: unchanged targets keep their state, a new one starts unknown, a removed one stops, only the changed parts restart', async () => {
    const before = pids();
    const keptUp = target('kept-up');
    const keptDown = target('kept-down');
    expect(keptUp?.since && keptDown?.since).toBeTruthy();
    const transitionsBefore = (await transitions()).length;
    const mailsBefore = downMails().length;
    writeConfig([`{ name: kept-up, host: ${KEPT_UP} }`, `{ name: kept-down, host: ${KEPT_DOWN} }`, `{ name: added, host: ${ADDED} }`], '127.0.0.1:8026');
    hangup();
    await appliance.waitForOutput(/reload: restarting viewer, monitor \(their configuration changed\)/, 'the reload to start');
    await appliance.waitForOutput(/reload: done/, 'the reload to finish');
    const removedChecks = checksOf(REMOVED);

    const after = pids();
    expect(after.mta).toBe(before.mta); // its config did not change
    expect(after.viewer).not.toBe(before.viewer);
    expect(after.monitor).not.toBe(before.monitor);
    expect(ns.fetchText('http://127.0.0.1:8026/api/health')).toContain('"ok":true');
    expect(() => ns.fetchText('http://127.0.0.1:8025/api/health')).toThrow();

    const added = await waitFor('the new target up', async () => (await transitions()).find((e) => e.code === 'HOST_UP' && e.target === 'added'));
    expect(added).toMatchObject({ before: 'unknown', after: 'up', hosts: [ADDED] });
    await waitFor('a few more checks of the new target', () => checksOf(ADDED) >= 10);

    const stateOf = (t: StatusDoc['targets'][number] | undefined) => ({ status: t?.status, since: t?.since });
    expect(stateOf(target('kept-up'))).toEqual({ status: 'up', since: keptUp?.since });
    expect(stateOf(target('kept-down'))).toEqual({ status: 'down', since: keptDown?.since });
    expect(target('removed')).toBeUndefined();
    expect(checksOf(REMOVED)).toBe(removedChecks);
    const newTransitions = (await transitions()).slice(0, (await transitions()).length - transitionsBefore);
    expect(newTransitions.map((e) => (e.code === 'HOST_UP' || e.code === 'HOST_DOWN' ? e.target : ''))).toEqual(['added']);
    expect(downMails()).toHaveLength(mailsBefore);
  });

  it('does nothing when nothing changed', async () => {
    const before = pids();
    hangup();
    await appliance.waitForOutput(/reload: nothing that a part reads has changed; every part keeps running/, 'the empty reload');
    expect(pids()).toEqual(before);
  });

  it('refuses a listen address that is taken, naming the key, before stopping anything', async () => {
    const before = pids();
    writeConfig([`{ name: kept-up, host: ${KEPT_UP} }`, `{ name: kept-down, host: ${KEPT_DOWN} }`, `{ name: added, host: ${ADDED} }`], '127.0.0.1:2525');
    hangup();
    await appliance.waitForOutput(/reload refused: viewer\.listen: 127\.0\.0\.1:2525 cannot be used \(EADDRINUSE: another program listens there\)/, 'the refusal');
    expect(pids()).toEqual(before);
    expect(ns.fetchText('http://127.0.0.1:8026/api/health')).toContain('"ok":true');
  });
});
