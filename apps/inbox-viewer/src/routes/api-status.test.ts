import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerPart } from '@uptime/config';
import { createMtaMetrics, MetricsSnapshot } from '@uptime/metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('GET /api/status', () => {
  let dir: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => dir.remove());

  it('answers no targets when the monitor has not written the status file', async () => {
    const res = await createApp({ layout: dir.layout }).request('/api/status');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ targets: [] });
  });

  it('answers the targets of the status file with the contract fields only', async () => {
    mkdirSync(dir.layout.run, { recursive: true });
    writeFileSync(
      dir.layout.statusFile,
      JSON.stringify({
        updatedAt: '2026-11-21T10:00:00.000+00:00',
        targets: [
          { name: 'gateway', host: '192.0.2.1', probe: 'icmp', status: 'up', since: '2026-11-21T09:00:00.000+00:00', rttMs: 0.42, lastCheck: '2026-11-21T10:00:00.000+00:00' },
          { name: 'web', host: '192.0.2.8', probe: 'http', status: 'down', since: '2026-11-21T09:30:00.000+00:00', rttMs: null, lastCheck: null, silenced: true, acknowledged: true, flapping: 'no' },
          { name: 'new', host: '192.0.2.9', probe: 'tcp', status: 'unknown', since: null, rttMs: null, lastCheck: null },
          { name: 'rack-b', host: '192.0.2.65', probe: 'icmp', status: 'unreachable', parents: ['gateway'], tags: ['lab', 7], since: '2026-11-21T09:31:00.000+00:00', rttMs: null, lastCheck: null },
        ],
      }),
    );
    const res = await createApp({ layout: dir.layout }).request('/api/status');
    expect(await res.json()).toEqual({
      targets: [
        { name: 'gateway', host: '192.0.2.1', status: 'up', since: '2026-11-21T09:00:00.000+00:00', rttMs: 0.42, parents: [], tags: [], silenced: false, acknowledged: false, flapping: false },
        // the monitor's notes on what holds its emails back; anything but true is false
        { name: 'web', host: '192.0.2.8', status: 'down', since: '2026-11-21T09:30:00.000+00:00', rttMs: null, parents: [], tags: [], silenced: true, acknowledged: true, flapping: false },
        { name: 'new', host: '192.0.2.9', status: 'unknown', since: null, rttMs: null, parents: [], tags: [], silenced: false, acknowledged: false, flapping: false },
        // unreachable behind a parent that is down: shown as such (it read "unknown"), with its parents and tags
        { name: 'rack-b', host: '192.0.2.65', status: 'unreachable', since: '2026-11-21T09:31:00.000+00:00', rttMs: null, parents: ['gateway'], tags: ['lab'], silenced: false, acknowledged: false, flapping: false },
      ],
    });
  });

  it('answers 503 with a reason when the status file is not JSON', async () => {
    mkdirSync(dir.layout.run, { recursive: true });
    writeFileSync(dir.layout.statusFile, '{"targets": [');
    const res = await createApp({ layout: dir.layout }).request('/api/status');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: expect.stringContaining('not valid JSON') });
  });
});

describe('GET /api/health', () => {
  let dir: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => dir.remove());

  it('is ok with only the viewer itself', async () => {
    const res = await createApp({ layout: dir.layout }).request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, down: [], parts: { viewer: { up: true } }, queue: { mail: null, alerts: 0 } });
  });

  it('reports the MTA\'s queue from its metrics and the alerts waiting in the outbox', async () => {
    const unregister = registerPart(dir.layout, 'mta', '127.0.0.1:2525');
    const metrics = createMtaMetrics();
    metrics.queued.set(3);
    const snapshot = new MetricsSnapshot(dir.layout, 'mta', metrics.registry, 60_000);
    try {
      await snapshot.flush();
      mkdirSync(dir.layout.outbox, { recursive: true });
      for (const name of ['000000000000001-000000-a.json', '000000000000002-000001-b.json', '.000000000000003-000002-c.json.123.ab.tmp']) {
        writeFileSync(join(dir.layout.outbox, name), '{}');
      }
      const res = await createApp({ layout: dir.layout }).request('/api/health');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, down: [], queue: { mail: 3, alerts: 2 } });
    } finally {
      await snapshot.stop();
      unregister();
    }
  });

  it('is ok when every started part runs', async () => {
    const unregister = registerPart(dir.layout, 'mta', '127.0.0.1:2525');
    try {
      const res = await createApp({ layout: dir.layout }).request('/api/health');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, parts: { viewer: { up: true }, mta: { up: true, pid: process.pid, listen: '127.0.0.1:2525' } } });
    } finally {
      unregister();
    }
  });

  it('answers 503 naming the part whose process is gone', async () => {
    const pid = deadPid();
    mkdirSync(dir.layout.run, { recursive: true });
    const record = (part: string) => JSON.stringify({ part, pid, startedAt: '2026-11-21T10:00:00.000Z' });
    writeFileSync(join(dir.layout.run, 'monitor.json'), record('monitor'));
    writeFileSync(join(dir.layout.run, 'viewer.json'), record('viewer')); // a stale record of the viewer itself
    const unregister = registerPart(dir.layout, 'mta', '127.0.0.1:2525');
    try {
      const res = await createApp({ layout: dir.layout }).request('/api/health');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, down: ['monitor'], parts: { viewer: { up: true }, mta: { up: true }, monitor: { up: false, pid } }, queue: { mail: null, alerts: 0 } });
    } finally {
      unregister();
    }
  });

  it('answers 503 with no queue size when the MTA is down', async () => {
    mkdirSync(dir.layout.run, { recursive: true });
    writeFileSync(join(dir.layout.run, 'mta.json'), JSON.stringify({ part: 'mta', pid: deadPid(), startedAt: '2026-11-21T10:00:00.000Z' }));
    const unregister = registerPart(dir.layout, 'monitor');
    try {
      const res = await createApp({ layout: dir.layout }).request('/api/health');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, down: ['mta'], parts: { mta: { up: false }, monitor: { up: true } }, queue: { mail: null } });
    } finally {
      unregister();
    }
  });
});
