/** @module Tests of reads over truncated, garbage and mismatched segments and index entries. */
import { readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEventWriter } from './event-writer.js';
import { readEvents } from './read-events.js';
import { parseSegmentName } from './segment-name.js';
import { hostDown } from './test-support/sample-events.js';
import { assertBuilt, finished, spawnScript } from './test-support/node-script.js';
import { useTempDirs } from './test-support/temp-dir.js';

const tempDir = useTempDirs();
const T0 = Date.parse('2026-06-01T00:00:00Z');

/** 15 events in 3 closed segments of 5: hosts 127.0.0.1..3 in turn, times T0 + i s. */
async function threeSegments(): Promise<{ dir: string; segments: string[]; indexes: string[] }> {
  const dir = await tempDir();
  const writer = await openEventWriter({ dir, role: 'monitor', maxSegmentEvents: 5 });
  for (let i = 0; i < 15; i++) await writer.record(hostDown(`127.0.0.${1 + (i % 3)}`, T0 + i * 1000));
  await writer.close();
  const segments = (await readdir(dir)).filter((f) => parseSegmentName(f)).sort();
  const indexes = (await readdir(join(dir, 'index'))).sort();
  return { dir, segments, indexes };
}

const seconds = (events: { time: string }[]) => events.map((e) => (Date.parse(e.time) - T0) / 1000);

describe('damaged files', () => {
  it('reports a truncated segment and reads the others', async () => {
    const { dir, segments } = await threeSegments();
    const middle = join(dir, segments[1]!);
    await truncate(middle, 200);
    const problems: string[] = [];
    const events = await readEvents(dir, {}, { onProblem: (m) => problems.push(m) });
    expect(seconds(events)).toEqual([14, 13, 12, 11, 10, 4, 3, 2, 1, 0]);
    expect(problems.some((p) => p.includes(middle) && /not valid JSON/.test(p))).toBe(true);
    // a host filter goes through the index entry, notices the size and also skips it
    const byHost = await readEvents(dir, { host: '127.0.0.2' }, { onProblem: (m) => problems.push(m) });
    expect(seconds(byHost)).toEqual([13, 10, 4, 1]);
  });

  it('reports garbage and a half-written open segment without crashing', async () => {
    const { dir } = await threeSegments();
    const half = join(dir, 'mta.20260601T000000000Z.4242.deadbeef.000001.json');
    const garbage = join(dir, 'mta.20260601T000000000Z.4242.deadbeef.000002.json');
    await writeFile(half, '{"events":[\n{"id":"x","time":"2026-06-01T00:00:00Z","co');
    await writeFile(garbage, Buffer.from([0, 255, 1, 2, 3, 0x7b]));
    const problems: string[] = [];
    const events = await readEvents(dir, { limit: 100 }, { onProblem: (m) => problems.push(m) });
    expect(events).toHaveLength(15);
    expect(problems.filter((p) => p.includes(half))).toHaveLength(1);
    expect(problems.filter((p) => p.includes(garbage))).toHaveLength(1);
  });

  it('drops entries of a segment that are not events, and says so', async () => {
    const { dir } = await threeSegments();
    const odd = join(dir, 'mta.20260601T000000000Z.4242.deadbeef.000001.json');
    const good = { id: 'a', time: '2026-06-01T00:01:00.000+00:00', code: 'MONITOR_STARTED', hosts: [], message: 'started' };
    await writeFile(odd, JSON.stringify({ events: [good, { id: 'b' }, 42] }));
    const problems: string[] = [];
    const events = await readEvents(dir, { code: 'MONITOR_STARTED' }, { onProblem: (m) => problems.push(m) });
    expect(events).toEqual([good]);
    expect(problems).toEqual([expect.stringMatching(/2 entries are not events/)]);
  });

  it('falls back to the segment when its index entry is truncated or points at the wrong bytes', async () => {
    const { dir, indexes } = await threeSegments();
    const [first, second] = indexes.map((f) => join(dir, 'index', f)) as [string, string];
    const text = await readFile(first, 'utf8');
    await writeFile(first, text.slice(0, text.length / 2));
    // every line range of the second entry starts 3 bytes late
    const lines = (await readFile(second, 'utf8')).trimEnd().split('\n');
    const shifted = lines.map((line, i) => {
      const value = JSON.parse(line) as unknown;
      if (i === 0 || !Array.isArray(value) || value.length < 3) return line;
      return JSON.stringify([value[0], value[1], (value[2] as number[][]).map(([s, e, t]) => [s! + 3, e, t])]);
    });
    await writeFile(second, `${shifted.join('\n')}\n`);

    const problems: string[] = [];
    const byHost = await readEvents(dir, { host: '127.0.0.1' }, { onProblem: (m) => problems.push(m) });
    expect(seconds(byHost)).toEqual([12, 9, 6, 3, 0]);
    expect(problems.some((p) => p.includes(first) && /damaged/.test(p))).toBe(true);
    expect(problems.some((p) => /does not match its index entry/.test(p))).toBe(true);
  });

  describe('with no onProblem', () => {
    beforeAll(assertBuilt);

    it('warns once per damaged file on stderr', async () => {
      const { dir } = await threeSegments();
      const bad = join(dir, 'mta.20260601T000000000Z.4242.deadbeef.000001.json');
      await writeFile(bad, '{"events":[{');
      const child = await spawnScript(
        dir,
        'read-twice.mjs',
        `import { readEvents } from '__DIST__';
         const a = await readEvents(process.argv[2]);
         const b = await readEvents(process.argv[2]);
         console.log(a.length, b.length);`,
        [dir],
      );
      const result = await finished(child);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe('15 15');
      expect(result.stderr.split(bad)).toHaveLength(2);
    });
  });
});
