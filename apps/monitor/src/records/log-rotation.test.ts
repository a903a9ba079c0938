import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppendLog } from './append-log.js';
import { openCheckRecords } from './check-records.js';
import { openCsvLog } from './csv-log.js';

const MAX = 4096;
/** The files of `dir`, sorted. */
const files = async (dir: string) => (await readdir(dir)).sort();
/** The texts of path.keep ... path.1, path: oldest first. */
const oldestFirst = async (path: string, keep: number) =>
  Promise.all([...Array.from({ length: keep }, (_, i) => `${path}.${keep - i}`), path].map((p) => readFile(p, 'utf8')));

describe('log rotation by size', () => {
  it('keeps exactly `keep` rotated files, each within maxBytes, every line whole and none lost between them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rotate-'));
    const path = join(dir, 'monitor.log');
    await writeFile(`${path}.7`, 'from a larger keep\n');
    await writeFile(`${path}.2026-11-21`, 'rotated by someone else\n');
    const log = openAppendLog(path, () => undefined, { batchMs: 0, rotate: { maxBytes: MAX, keep: 3 } });
    const line = (n: number) => `line ${n} ${'x'.repeat(n % 97)}\n`;
    for (let n = 0; n < 2000; n++) {
      log.append(line(n));
      if (n % 37 === 0) await log.flush(); // writes of many sizes
    }
    await log.flush();
    expect(await files(dir)).toEqual(['monitor.log', 'monitor.log.1', 'monitor.log.2', 'monitor.log.2026-11-21', 'monitor.log.3']);
    const texts = await oldestFirst(path, 3);
    for (const text of texts) {
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX);
      expect(text).toMatch(/^(line \d+ x*\n)+$/);
    }
    // the newest lines, in order, each once, up to the last one
    const numbers = texts.join('').trimEnd().split('\n').map((l) => Number(l.split(' ')[1]));
    const first = numbers[0] as number;
    expect(numbers).toEqual(Array.from({ length: 2000 - first }, (_, i) => first + i));
    expect(first).toBeGreaterThan(0);
  });

  it('starts every CSV file, current and rotated, with the header, and never splits a row (even one with a line break)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rotate-'));
    const path = join(dir, 'connection_log.csv');
    const log = openCsvLog<{ n: number; note: string }>(path, ['n', 'note'], () => undefined, { batchMs: 0, rotate: { maxBytes: MAX, keep: 2 } });
    for (let n = 0; n < 600; n++) {
      log.append({ n, note: `row ${n}\nsecond line, ${'y'.repeat(n % 50)}` });
      if (n % 23 === 0) await log.flush();
    }
    await log.flush();
    expect(await files(dir)).toEqual(['connection_log.csv', 'connection_log.csv.1', 'connection_log.csv.2']);
    const texts = await oldestFirst(path, 2);
    const numbers: number[] = [];
    for (const text of texts) {
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX);
      expect(text).toMatch(/^n,note\n(\d+,"row \d+\nsecond line, y*"\n)+$/);
      for (const [, n] of text.matchAll(/^(\d+),"row/gm)) numbers.push(Number(n));
    }
    const first = numbers[0] as number;
    expect(numbers).toEqual(Array.from({ length: 600 - first }, (_, i) => first + i));
  });

  it('with keep 0 keeps only the current file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rotate-'));
    const path = join(dir, 'notifications.log');
    const log = openAppendLog(path, () => undefined, { batchMs: 0, rotate: { maxBytes: MAX, keep: 0 } });
    for (let n = 0; n < 500; n++) log.append(`notification ${n} ${'z'.repeat(40)}\n`);
    await log.flush();
    expect(await files(dir)).toEqual(['notifications.log']);
    const text = await readFile(path, 'utf8');
    expect((await stat(path)).size).toBeLessThanOrEqual(MAX);
    expect(text).toMatch(/^(notification \d+ z{40}\n)+$/);
    expect(text.endsWith(`notification 499 ${'z'.repeat(40)}\n`)).toBe(true);
  });

  it('rotates monitor.log and connection_log.csv of the check records', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rotate-'));
    const records = openCheckRecords(dir, () => undefined, () => undefined, { maxBytes: MAX, keep: 1 });
    const target = { name: 'gw', host: '127.0.0.51', probe: 'icmp' } as const;
    for (let i = 0; i < 300; i++) {
      records.add(target, { ok: true, address: '127.0.0.51', rttMs: 0.25 }, Date.now() * 1000, 0.25, false);
      if (i % 50 === 0) await records.flush();
    }
    await records.flush();
    expect(await files(dir)).toEqual(['connection_log.csv', 'connection_log.csv.1', 'monitor.log', 'monitor.log.1']);
    for (const name of ['connection_log.csv', 'connection_log.csv.1']) {
      expect(await readFile(join(dir, name), 'utf8')).toMatch(/^time,target,host,probe,status,rtt_ms,error\n/);
    }
  });
});
