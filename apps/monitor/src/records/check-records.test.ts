import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetConfig } from '@uptime/config';
import { openCheckRecords } from './check-records.js';

describe('openCheckRecords', () => {
  it('writes the line on stdout and in monitor.log (with the reason of a failure) and the CSV row, in batches', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'records-'));
    const printed: string[] = [];
    const records = openCheckRecords(join(dir, 'logs'), (text) => printed.push(text), () => undefined);
    const target: TargetConfig = { name: 'gw, "core"', host: '127.0.0.51', probe: 'icmp' };
    const micros = new Date(2026, 10, 21, 10, 0, 0, 250).getTime() * 1000 + 7;
    records.add(target, { ok: true, address: '127.0.0.51', rttMs: 0.0123 }, micros, 0.012, false);
    records.add(target, { ok: false, address: '127.0.0.51', error: 'Request timed out' }, micros + 1_000_000, null, false);
    expect(printed).toEqual([]);
    await records.flush();
    expect(printed).toEqual([
      '2026-11-21 10:00:00.250007 Network Active to 127.0.0.51\n2026-11-21 10:00:01.250007 Network Inactive to 127.0.0.51\n',
    ]);
    expect(await readFile(join(dir, 'logs', 'monitor.log'), 'utf8')).toBe(
      '2026-11-21 10:00:00.250007 Network Active to 127.0.0.51\n2026-11-21 10:00:01.250007 Network Inactive to 127.0.0.51 (Request timed out)\n',
    );
    const csv = (await readFile(join(dir, 'logs', 'connection_log.csv'), 'utf8')).split('\n');
    expect(csv[0]).toBe('time,target,host,probe,status,rtt_ms,error');
    expect(csv[1]).toMatch(/^2026-11-21T10:00:00\.250[+-]\d\d:\d\d,"gw, ""core""",127\.0\.0\.51,icmp,up,0\.012,$/);
    expect(csv[2]).toMatch(/^2026-11-21T10:00:01\.250[+-]\d\d:\d\d,"gw, ""core""",127\.0\.0\.51,icmp,down,,Request timed out$/);
  });
});
