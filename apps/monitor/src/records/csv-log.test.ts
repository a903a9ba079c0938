import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTION_COLUMNS, OUTAGE_COLUMNS, openCsvLog, type ConnectionRow, type OutageRow } from './csv-log.js';

describe('openCsvLog', () => {
  it('writes the header once and quotes fields per RFC 4180', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-'));
    const path = join(dir, 'outage_log.csv');
    const row: OutageRow = {
      date: '2026-11-21',
      host: '127.0.0.51',
      target: 'lab "core", rack 2',
      start: '2026-11-21T10:00:00.000+00:00',
      end: '2026-11-21T10:00:05.000+00:00',
      duration_seconds: 5,
    };
    const first = openCsvLog<OutageRow>(path, OUTAGE_COLUMNS, () => undefined);
    first.append(row);
    await first.flush();
    const second = openCsvLog<OutageRow>(path, OUTAGE_COLUMNS, () => undefined);
    second.append({ ...row, target: 'plain' });
    await second.flush();
    expect((await readFile(path, 'utf8')).split('\n')).toEqual([
      'date,host,target,start,end,duration_seconds',
      '2026-11-21,127.0.0.51,"lab ""core"", rack 2",2026-11-21T10:00:00.000+00:00,2026-11-21T10:00:05.000+00:00,5',
      '2026-11-21,127.0.0.51,plain,2026-11-21T10:00:00.000+00:00,2026-11-21T10:00:05.000+00:00,5',
      '',
    ]);
  });

  it('quotes awkward fields per RFC 4180', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-'));
    const path = join(dir, 'connection_log.csv');
    const log = openCsvLog<Record<string, unknown>>(path, ['a', 'b', 'c', 'd'], () => undefined);
    log.append({ a: 'a,b', b: 'say "hi"', c: 'two\nlines', d: 'ünïcødé 🙂' });
    log.append({ a: '', b: 0, c: 1.5 });
    await log.flush();
    expect(await readFile(path, 'utf8')).toBe('a,b,c,d\n"a,b","say ""hi""","two\nlines",ünïcødé 🙂\n,0,1.5,\n');
  });

  it('writes names that a spreadsheet would run as text cells (a leading quote), and numbers as numbers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-'));
    const outages = openCsvLog<OutageRow>(join(dir, 'outage_log.csv'), OUTAGE_COLUMNS, () => undefined);
    const times = { date: '2026-11-21', start: '2026-11-21T10:00:00.000-05:00', end: '2026-11-21T10:00:05.000-05:00' };
    outages.append({ ...times, host: '192.0.2.1', target: '=HYPERLINK("http://x")', duration_seconds: 5 });
    outages.append({ ...times, host: '@SUM(1)', target: '-2+3', duration_seconds: -1 });
    await outages.flush();
    expect((await readFile(join(dir, 'outage_log.csv'), 'utf8')).split('\n').slice(1)).toEqual([
      `2026-11-21,192.0.2.1,"'=HYPERLINK(""http://x"")",2026-11-21T10:00:00.000-05:00,2026-11-21T10:00:05.000-05:00,5`,
      `2026-11-21,'@SUM(1),'-2+3,2026-11-21T10:00:00.000-05:00,2026-11-21T10:00:05.000-05:00,-1`,
      '',
    ]);
    const connections = openCsvLog<ConnectionRow>(join(dir, 'connection_log.csv'), CONNECTION_COLUMNS, () => undefined);
    const check = { time: times.start, host: '192.0.2.1', probe: 'icmp', status: 'down' } as const;
    connections.append({ ...check, target: '+cmd|x', rtt_ms: '-1', error: '\tboom' });
    connections.append({ ...check, target: 'plain', rtt_ms: '0.5', error: '@x' });
    await connections.flush();
    expect((await readFile(join(dir, 'connection_log.csv'), 'utf8')).split('\n').slice(1)).toEqual([
      "2026-11-21T10:00:00.000-05:00,'+cmd|x,192.0.2.1,icmp,down,-1,'\tboom",
      "2026-11-21T10:00:00.000-05:00,plain,192.0.2.1,icmp,down,0.5,'@x",
      '',
    ]);
  });

  it('starts a file rotated away in the meantime with the header again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-'));
    const path = join(dir, 'connection_log.csv');
    const log = openCsvLog<Record<string, unknown>>(path, ['a', 'b'], () => undefined);
    log.append({ a: 1, b: 2 });
    await log.flush();
    await rename(path, `${path}.1`);
    log.append({ a: 3, b: 4 });
    await log.flush();
    expect(await readFile(`${path}.1`, 'utf8')).toBe('a,b\n1,2\n');
    expect(await readFile(path, 'utf8')).toBe('a,b\n3,4\n');
  });
});
