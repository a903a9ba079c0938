import { openEventWriter, type UptimeEvent } from '@uptime/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';

describe('GET /api/events', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    dir = tempDataDir();
    app = createApp({ layout: dir.layout });
    const writer = await openEventWriter({ dir: dir.layout.events, role: 'monitor' });
    const base = { target: 'gateway', hosts: ['192.0.2.1'] };
    await writer.record({ code: 'MONITOR_STARTED', hosts: [], message: 'The monitor started.', time: '2026-11-21T10:00:00.000+00:00' });
    await writer.record({ ...base, code: 'HOST_DOWN', before: 'up', after: 'down', message: 'gateway 192.0.2.1 is down.', time: '2026-11-21T10:01:00.000+00:00' });
    await writer.record({ target: 'web', hosts: ['192.0.2.8'], code: 'HOST_DOWN', before: 'unknown', after: 'down', message: 'web is down.', time: '2026-11-21T10:02:00.000+00:00' });
    await writer.record({ ...base, code: 'HOST_UP', before: 'down', after: 'up', outageSeconds: 120, message: 'gateway 192.0.2.1 is up.', time: '2026-11-21T10:03:00.000+00:00' });
    await writer.close();
  });
  afterEach(() => dir.remove());

  const events = async (query = '') => {
    const res = await app.request(`/api/events${query}`);
    expect(res.status, query).toBe(200);
    return ((await res.json()) as { events: UptimeEvent[] }).events;
  };

  it('answers the log newest first', async () => {
    const all = await events();
    expect(all.map((e) => e.code)).toEqual(['HOST_UP', 'HOST_DOWN', 'HOST_DOWN', 'MONITOR_STARTED']);
    expect(all[0]).toMatchObject({ target: 'gateway', outageSeconds: 120, hosts: ['192.0.2.1'] });
    for (const e of all) expect(e.id).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('filters by code (one, repeated or comma-separated), host, since and limit', async () => {
    expect((await events('?code=HOST_DOWN')).map((e) => e.message)).toEqual(['web is down.', 'gateway 192.0.2.1 is down.']);
    expect(await events('?code=HOST_UP&code=MONITOR_STARTED')).toHaveLength(2);
    expect(await events('?code=HOST_UP,MONITOR_STARTED')).toHaveLength(2);
    expect((await events('?host=192.0.2.1')).map((e) => e.code)).toEqual(['HOST_UP', 'HOST_DOWN']);
    expect((await events('?since=2026-11-21T10:02:00Z')).map((e) => e.code)).toEqual(['HOST_UP', 'HOST_DOWN']);
    expect((await events('?limit=1')).map((e) => e.code)).toEqual(['HOST_UP']);
    expect(await events('?limit=10000')).toHaveLength(4);
  });

  it('answers 400 naming a bad code, since or limit', async () => {
    for (const [query, name] of [['code=HOST_SIDEWAYS', 'code'], ['code=HOST_UP,nope', 'code'], ['since=yesterday', 'since'], ['since=2026-13-45', 'since'], ['limit=0', 'limit'], ['limit=10001', 'limit'], ['limit=1.5', 'limit']]) {
      const res = await app.request(`/api/events?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(new RegExp(`^${name}: `));
    }
  });

  it('answers an empty list when no event was ever written', async () => {
    const empty = tempDataDir();
    try {
      const res = await createApp({ layout: empty.layout }).request('/api/events');
      expect(await res.json()).toEqual({ events: [] });
    } finally {
      empty.remove();
    }
  });
});
