/** @module Tests of restarts: old files are never rewritten; a killed writer's segment gets sealed. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SegmentedEventWriter } from './event-writer.js';
import { readEvents } from './read-events.js';
import { parseSegmentName } from './segment-name.js';
import { hostDown } from './test-support/sample-events.js';
import { assertBuilt, finished, spawnScript } from './test-support/node-script.js';
import { useTempDirs } from './test-support/temp-dir.js';

const tempDir = useTempDirs();

/** Content, inode and mtime of every file under dir (recursively). */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const s = await stat(path);
    out.set(path, `${s.ino}:${s.mtimeMs}:${await readFile(path, 'utf8')}`);
  }
  return out;
}

const CRASHING_WRITER = `
import { openEventWriter } from '__DIST__';
const [dir] = process.argv.slice(2);
const writer = await openEventWriter({ dir, role: 'monitor', maxSegmentEvents: 10 });
for (let k = 0; k < 25; k++) {
  await writer.record({ code: 'HOST_DOWN', hosts: ['127.0.0.9'], target: 'gw', before: 'up', after: 'down', message: 'before crash ' + k });
}
process.stdout.write('ready\\n');
setInterval(() => {}, 1000); // wait to be killed
`;

describe('a writer that restarts', () => {
  beforeAll(assertBuilt);

  it('never rewrites the files of an earlier writer, even in the same process (same pid)', async () => {
    const dir = await tempDir();
    const first = await SegmentedEventWriter.open({ dir, role: 'monitor', maxSegmentEvents: 3 });
    for (let i = 0; i < 7; i++) await first.record(hostDown('192.0.2.1'));
    await first.close();
    const before = await snapshot(dir);

    const second = await SegmentedEventWriter.open({ dir, role: 'monitor', maxSegmentEvents: 3 });
    for (let i = 0; i < 5; i++) await second.record(hostDown('192.0.2.2'));
    await second.close();
    const after = await snapshot(dir);

    for (const [path, state] of before) expect(after.get(path), path).toBe(state);
    expect(after.size).toBeGreaterThan(before.size);
    const keys = new Set((await readdir(dir)).map((f) => parseSegmentName(f)?.writerKey).filter(Boolean));
    expect(keys.size).toBe(2);
    expect(await readEvents(dir, { limit: 50 })).toHaveLength(12);
  });

  it('after kill -9, the next writer indexes the dead writer\'s open segment without changing it', async () => {
    const root = await tempDir();
    const dir = join(root, 'events');
    const child = await spawnScript(root, 'crash.mjs', CRASHING_WRITER, [dir]);
    const exited = finished(child);
    await new Promise<void>((ready) => child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && ready()));
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');

    const segments = (await readdir(dir)).filter((f) => parseSegmentName(f));
    expect(segments).toHaveLength(3);
    // what a write cut short by the kill leaves behind (writeFileDurable's temporary file)
    const pid = parseSegmentName(segments[0]!)!.pid;
    const leftover = join(dir, `.${segments[2]}.${pid}.0badf00d.tmp`);
    await writeFile(leftover, '{"events":[');
    expect(await readdir(join(dir, 'index'))).toHaveLength(2); // the third was still open
    const before = await snapshot(dir);

    const writer = await SegmentedEventWriter.open({ dir, role: 'monitor' });
    expect(await readdir(join(dir, 'index'))).toHaveLength(3);
    const after = await snapshot(dir);
    for (const [path, state] of before) {
      if (path !== leftover) expect(after.get(path), path).toBe(state);
    }
    expect(after.has(leftover)).toBe(false);

    await writer.record(hostDown('192.0.2.3'));
    await writer.close();
    const events = await readEvents(dir, { limit: 100 });
    expect(events).toHaveLength(26);
    expect(events.filter((e) => e.message.startsWith('before crash'))).toHaveLength(25);
  });
});
