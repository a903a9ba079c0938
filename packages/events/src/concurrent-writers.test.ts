/** @module Tests of several writer processes appending to one events directory at once. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { readEvents } from './read-events.js';
import { parseSegmentName } from './segment-name.js';
import { assertBuilt, finished, spawnScript } from './test-support/node-script.js';
import { useTempDirs } from './test-support/temp-dir.js';

const tempDir = useTempDirs();

// Each child records N events in bursts of random size, all with the same role.
const WRITER = `
import { openEventWriter } from '__DIST__';
const [dir, name, n] = process.argv.slice(2);
const writer = await openEventWriter({ dir, role: 'monitor', maxSegmentEvents: 40 });
let i = 0;
while (i < Number(n)) {
  const burst = Math.min(1 + Math.floor(Math.random() * 12), Number(n) - i);
  await Promise.all(Array.from({ length: burst }, () => {
    const k = i++;
    return writer.record({ code: 'HOST_DOWN', hosts: ['127.0.0.' + (k % 7)], target: name, before: 'up', after: 'down', message: name + ' #' + k });
  }));
}
await writer.close();
`;

describe('several writer processes on one directory', () => {
  beforeAll(assertBuilt);

  it('loses no event: each process has its own files and the reader merges them', async () => {
    const root = await tempDir();
    const dir = `${root}/events`;
    const processes = 4;
    const perProcess = 300;
    const children = await Promise.all(
      Array.from({ length: processes }, (_, p) => spawnScript(root, `writer-${p}.mjs`, WRITER, [dir, `w${p}`, String(perProcess)])),
    );
    const results = await Promise.all(children.map(finished));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });

    const events = await readEvents(dir, { limit: 10_000 });
    expect(events).toHaveLength(processes * perProcess);
    expect(new Set(events.map((e) => e.id)).size).toBe(processes * perProcess);
    for (let p = 0; p < processes; p++) {
      const mine = events.filter((e) => e.code === 'HOST_DOWN' && e.target === `w${p}`).map((e) => e.message);
      expect(new Set(mine)).toEqual(new Set(Array.from({ length: perProcess }, (_, k) => `w${p} #${k}`)));
    }
    const writersSeen = new Set((await readdir(dir)).map((f) => parseSegmentName(f)?.writerKey).filter(Boolean));
    expect(writersSeen.size).toBe(processes);
  });
});
