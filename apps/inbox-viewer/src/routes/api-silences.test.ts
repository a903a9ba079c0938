import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';

describe('the silences API', () => {
  let dir: ReturnType<typeof tempDataDir>;
  const json = (method: string, body: unknown) => ({ method, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const requests = () => {
    const d = dir.layout.controlRequests;
    try {
      return readdirSync(d).filter((n) => !n.startsWith('.')).sort().map((n) => JSON.parse(readFileSync(join(d, n), 'utf8')) as Record<string, unknown>);
    } catch {
      return [];
    }
  };
  beforeEach(() => {
    dir = tempDataDir();
    mkdirSync(dir.layout.run, { recursive: true });
    writeFileSync(dir.layout.statusFile, JSON.stringify({ targets: [{ name: 'web', host: '127.0.0.1', status: 'up', tags: ['core'] }, { name: 'db', host: '127.0.0.2', status: 'down' }] }));
  });
  afterEach(() => dir.remove());

  it('POST answers the id at once and leaves the request for the monitor; the author is the viewer.auth user', async () => {
    const app = createApp({ layout: dir.layout, auth: undefined });
    const res = await app.request('/api/silences', json('POST', { targets: ['tag:core'], duration: '2h', comment: 'patching' }));
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(requests()).toEqual([{ kind: 'silence-add', silence: { id, targets: ['tag:core'], until: expect.any(String), author: 'viewer', comment: 'patching' } }]);
  });

  it.each([
    [{ targets: ['mail'], duration: '2h' }, 'targets[0]: no target is named "mail"'],
    [{ duration: 'soon' }, 'duration: "soon" is not a duration'],
    [{ targets: ['web'] }, 'duration: give until (an ISO 8601 time) or duration (like "2h")'],
    [{ until: '2020-01-01T00:00:00Z' }, 'until: 2020-01-01T00:00:00Z has passed'],
    ['{"targets": [', 'body: not valid JSON'],
  ])('POST %j answers 400: %s', async (body, message) => {
    const res = await createApp({ layout: dir.layout }).request('/api/silences', json('POST', body));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
    expect(requests()).toEqual([]);
  });

  it('GET lists the silences in force; DELETE of one leaves the request, of none answers 404', async () => {
    mkdirSync(dirname(dir.layout.silenceStateFile), { recursive: true });
    const silence = { id: 's-1', targets: ['web'], until: new Date(Date.now() + 60_000).toISOString(), author: 'ops', comment: '' };
    const ended = { ...silence, id: 's-0', until: new Date(Date.now() - 1000).toISOString() };
    writeFileSync(dir.layout.silenceStateFile, JSON.stringify({ silences: [ended, silence], acknowledged: [], held: [] }));
    const app = createApp({ layout: dir.layout });
    expect(await (await app.request('/api/silences')).json()).toEqual({ silences: [silence] });
    const del = await app.request('/api/silences/s-1', { method: 'DELETE' });
    expect(await del.json()).toEqual({ deleted: 1 });
    expect(requests()).toEqual([{ kind: 'silence-delete', id: 's-1', author: 'viewer' }]);
    expect((await app.request('/api/silences/s-0', { method: 'DELETE' })).status).toBe(404);
  });

  it('POST /api/targets/:name/ack acknowledges a target that is down; 409 when it is not, 404 for no such target', async () => {
    const app = createApp({ layout: dir.layout });
    expect((await app.request('/api/targets/db/ack', json('POST', { comment: 'on it' }))).status).toBe(200);
    expect(requests()).toEqual([{ kind: 'ack', target: 'db', author: 'viewer', comment: 'on it', time: expect.any(String) }]);
    const up = await app.request('/api/targets/web/ack', json('POST', {}));
    expect(up.status).toBe(409);
    expect(((await up.json()) as { error: string }).error).toBe('web is up, not down: only a target that is down can be acknowledged');
    expect((await app.request('/api/targets/nope/ack', json('POST', {}))).status).toBe(404);
  });
});
