import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEventWriter } from '@uptime/events';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { TargetTotals } from '../outages/availability.js';
import type { Outage } from '../outages/outage-log.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

describe('outages', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let app: ReturnType<typeof createApp>;
  const now = Date.now();
  beforeEach(async () => {
    dir = tempDataDir();
    app = createApp({ layout: dir.layout });
    mkdirSync(dir.layout.logs, { recursive: true });
    const row = (host: string, target: string, startMs: number, seconds: number) =>
      `${iso(startMs).slice(0, 10)},${host},${target},${iso(startMs)},${iso(startMs + seconds * 1000)},${seconds}`;
    writeFileSync(
      join(dir.layout.logs, 'outage_log.csv'),
      ['date,host,target,start,end,duration_seconds', row('192.0.2.1', 'gateway', now - 2 * HOUR, 864), row('192.0.2.8', '"web, main"', now - 3 * 86_400_000, 3600), 'garbage,,,', ''].join('\n'),
    );
    writeFileSync(join(dir.layout.logs, 'outage_log.csv.1'), ['date,host,target,start,end,duration_seconds', row('192.0.2.1', 'gateway', now - 20 * 86_400_000, 60)].join('\n'));
    const writer = await openEventWriter({ dir: dir.layout.events, role: 'monitor' });
    await writer.record({ code: 'HOST_DOWN', target: 'gateway', before: 'up', after: 'down', hosts: ['192.0.2.1'], message: 'down', time: iso(now - 2 * HOUR) });
    await writer.record({ code: 'HOST_UP', target: 'gateway', before: 'down', after: 'up', outageSeconds: 864, hosts: ['192.0.2.1'], message: 'up', time: iso(now - 2 * HOUR + 864_000) });
    await writer.record({ code: 'HOST_DOWN', target: 'ssh', before: 'up', after: 'down', hosts: ['192.0.2.9'], message: 'down', time: iso(now - HOUR) });
    await writer.close();
  });
  afterEach(() => dir.remove());

  it('GET /api/outages.csv has the columns of outage_log.csv, ended outages from every log file and the ongoing one', async () => {
    const res = await app.request('/api/outages.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="outages.csv"');
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe('date,host,target,start,end,duration_seconds');
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.host, r.target, r.duration_seconds])).toEqual([
      ['192.0.2.1', 'gateway', '60'],
      ['192.0.2.8', 'web, main', '3600'],
      ['192.0.2.1', 'gateway', '864'],
      ['192.0.2.9', 'ssh', ''],
    ]);
    expect(rows[3]?.end).toBe('');
    expect(text).toContain(',"web, main",');
    const one = parse(await (await app.request('/api/outages.csv?host=192.0.2.8')).text(), { columns: true }) as unknown[];
    expect(one).toHaveLength(1);
  });

  it('serves the good rows of a rotated file with no header and a torn last row (unclosed quote)', async () => {
    const start = now - 10 * 86_400_000;
    const good = `${iso(start).slice(0, 10)},192.0.2.7,"db, primary",${iso(start)},${iso(start + 120_000)},120`;
    writeFileSync(join(dir.layout.logs, 'outage_log.csv.2'), `${good}\n${iso(start).slice(0, 10)},192.0.2.7,"db, prim`);
    const res = await app.request('/api/outages.csv?host=192.0.2.7');
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.host, r.target, r.duration_seconds])).toEqual([['192.0.2.7', 'db, primary', '120']]);
    expect((await app.request('/api/outages.csv')).status).toBe(200);
    const page = await app.request('/outages');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('db, primary');
  });

  it('keeps target names exact, spaces included: " =1+1" is neither run by a spreadsheet nor read as another target', async () => {
    const start = now - 5 * 86_400_000;
    const row = (target: string) => `${iso(start).slice(0, 10)},192.0.2.66,${target},${iso(start)},${iso(start + 30_000)},30`;
    // as the monitor writes them (safeCsvText): a formula behind a space gets the quote too
    writeFileSync(join(dir.layout.logs, 'outage_log.csv.3'), [row("' =1+1"), row("'=1+1"), row(' gw ')].join('\n'));
    const rows = parse(await (await app.request('/api/outages.csv?host=192.0.2.66')).text(), { columns: true }) as Array<Record<string, string>>;
    // written out again safely: the two stay apart, and the spaces of ' gw ' stay
    expect(rows.map((r) => r.target).sort()).toEqual([' gw ', "' =1+1", "'=1+1"]);
  });

  it('GET /api/outages answers the outages and availability over 24 h, 7 d and 30 d per target', async () => {
    const { outages, totals } = (await (await app.request('/api/outages')).json()) as { outages: Outage[]; totals: TargetTotals[] };
    expect(outages).toHaveLength(4);
    const gateway = totals.find((t) => t.target === 'gateway');
    expect(gateway).toMatchObject({ host: '192.0.2.1', outages: 2, ongoing: false, downSeconds: 924 });
    expect(gateway?.availability['24 h']).toBeCloseTo(100 - (864 / 86_400) * 100, 6);
    expect(gateway?.availability['30 d']).toBeCloseTo(100 - (924 / (30 * 86_400)) * 100, 6);
    const web = totals.find((t) => t.host === '192.0.2.8');
    expect(web?.availability).toMatchObject({ '24 h': 100 });
    expect(web?.availability['7 d']).toBeCloseTo(100 - (3600 / (7 * 86_400)) * 100, 6);
    const ssh = totals.find((t) => t.target === 'ssh');
    expect(ssh?.ongoing).toBe(true);
    expect(ssh?.availability['24 h']).toBeLessThan(96);
  });

  it('shows the outages page with availability, every outage and the CSV link', async () => {
    const page = await (await app.request('/outages')).text();
    expect(page).toContain('<title>Outages · uptime sensor</title>');
    expect(page).toContain('web, main');
    expect(page).toContain('<span class="badge status-down">ongoing</span>');
    expect(page).toContain('href="/api/outages.csv" download');
    expect(page).toContain('14 min 24 s');
    const one = await (await app.request('/outages?host=192.0.2.8')).text();
    expect(one).toContain('<h1>Outages of 192.0.2.8</h1>');
    expect(one).not.toContain('gateway');
    expect(one).toContain('href="/api/outages.csv?host=192.0.2.8"');
  });

  it('ends the outage of a target whose DOWN had no address (failed name lookup) when its UP has one', async () => {
    const writer = await openEventWriter({ dir: dir.layout.events, role: 'monitor' });
    const start = now - 30 * 60_000;
    await writer.record({ code: 'HOST_DOWN', target: 'named', before: 'up', after: 'down', hosts: [], message: 'named (named.lab) went down.', time: iso(start) });
    await writer.record({ code: 'HOST_UP', target: 'named', before: 'down', after: 'up', outageSeconds: 120, hosts: ['192.0.2.20'], message: 'up', time: iso(start + 120_000) });
    await writer.close();
    const { outages, totals } = (await (await app.request('/api/outages')).json()) as { outages: Outage[]; totals: TargetTotals[] };
    expect(outages.filter((o) => o.target === 'named')).toEqual([]);
    expect(totals.find((t) => t.target === 'named')).toBeUndefined();
    // with its row in outage_log.csv (the address at the end), the outage is listed once, as ended
    const row = `${iso(start).slice(0, 10)},192.0.2.20,named,${iso(start)},${iso(start + 120_000)},120`;
    writeFileSync(join(dir.layout.logs, 'outage_log.csv.3'), `${row}\n`);
    const named = ((await (await app.request('/api/outages')).json()) as { outages: Outage[] }).outages.filter((o) => o.target === 'named');
    expect(named).toEqual([expect.objectContaining({ host: '192.0.2.20', end: iso(start + 120_000), durationSeconds: 120 })]);
  });

  it('totals the outages of one target together whatever addresses they had', async () => {
    const writer = await openEventWriter({ dir: dir.layout.events, role: 'monitor' });
    await writer.record({ code: 'HOST_DOWN', target: 'gateway', before: 'up', after: 'down', hosts: [], message: 'down', time: iso(now - 60_000) });
    await writer.close();
    const { totals } = (await (await app.request('/api/outages')).json()) as { totals: TargetTotals[] };
    expect(totals.filter((t) => t.target === 'gateway')).toEqual([expect.objectContaining({ host: '192.0.2.1', outages: 3, ongoing: true })]);
  });

  it('keeps an outage of a name that never resolved ongoing, listed under its target', async () => {
    const writer = await openEventWriter({ dir: dir.layout.events, role: 'monitor' });
    await writer.record({ code: 'HOST_DOWN', target: 'ghost', before: 'unknown', after: 'down', hosts: [], message: 'ghost (nx.lab) went down.', time: iso(now - 60_000) });
    await writer.close();
    const { outages } = (await (await app.request('/api/outages')).json()) as { outages: Outage[] };
    expect(outages.filter((o) => o.target === 'ghost')).toEqual([expect.objectContaining({ host: '', end: null })]);
  });

  it('is empty, not an error, before any outage', async () => {
    const empty = tempDataDir();
    try {
      const fresh = createApp({ layout: empty.layout });
      expect(await (await fresh.request('/api/outages.csv')).text()).toBe('date,host,target,start,end,duration_seconds\r\n');
      expect(await (await fresh.request('/outages')).text()).toContain('No outages.');
    } finally {
      empty.remove();
    }
  });
});
