import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { outagesCsv } from './outage-csv.js';
import { readOutageLog } from './outage-log.js';

describe('outages CSV with names a spreadsheet would run', () => {
  it('reads the names back from outage_log.csv as the monitor wrote them, and writes them as text, numbers as numbers', async () => {
    const logs = await mkdtemp(join(tmpdir(), 'outages-'));
    // as the monitor writes them: a leading quote keeps the name a text cell
    await writeFile(
      join(logs, 'outage_log.csv'),
      [
        'date,host,target,start,end,duration_seconds',
        `2026-11-21,192.0.2.1,"'=HYPERLINK(""http://x"")",2026-11-21T10:00:00.000-05:00,2026-11-21T10:01:00.000-05:00,60`,
        `2026-11-21,192.0.2.2,'@SUM(1),2026-11-21T11:00:00.000-05:00,2026-11-21T11:00:30.000-05:00,30`,
        '',
      ].join('\n'),
    );
    const outages = await readOutageLog(logs);
    expect(outages.map((o) => o.target)).toEqual(['=HYPERLINK("http://x")', '@SUM(1)']);

    const rows = parse(outagesCsv([...outages, { ...outages[0]!, target: '-cmd', host: '+x', durationSeconds: -1 }]), { columns: true, cast: true }) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.target)).toEqual([`'=HYPERLINK("http://x")`, `'@SUM(1)`, `'-cmd`]);
    expect(rows[2]?.host).toBe(`'+x`);
    expect(rows.map((r) => r.duration_seconds)).toEqual([60, 30, -1]);
    expect(rows[0]?.start).toBe('2026-11-21T10:00:00.000-05:00');
  });
});
