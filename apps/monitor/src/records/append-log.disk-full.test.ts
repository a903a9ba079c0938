/**
 * @module openAppendLog on a really full file system: a 64 KB tmpfs mounted on a temp dir (root only,
 * unmounted after), filled up, written to, then freed.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openCsvLog } from './csv-log.js';

// every write attempt opens the file (or appends by name): counting them tells a spinning loop from retries
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return { ...fs, open: vi.fn(fs.open), appendFile: vi.fn(fs.appendFile) };
});
const attempts = () => vi.mocked(fsp.open).mock.calls.length + vi.mocked(fsp.appendFile).mock.calls.length;

const mount = (dir: string) => spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
/** Why the test cannot run here, or undefined when a tmpfs can be mounted. */
function whyNot(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs';
  const dir = mkdtempSync(join(tmpdir(), 'full-probe-'));
  const result = mount(dir);
  spawnSync('umount', [dir]);
  rmdirSync(dir);
  return result.status === 0 ? undefined : `cannot mount a tmpfs: ${result.stderr.trim()}`;
}
const skipReason = whyNot();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fills the file system of `dir` to the last byte with one file, and returns its path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return path;
}

describe.skipIf(skipReason !== undefined)(`openAppendLog on a full file system${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'full-'));
    const result = mount(dir);
    if (result.status !== 0) throw new Error(`mount: ${result.stderr}`);
  });
  afterAll(() => {
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports once, never spins, writes whole rows only (none twice) and resumes when space returns', async () => {
    const filler = fill(dir);
    await fsp.truncate(filler, (await fsp.stat(filler)).size - 8192); // two pages free
    const problems: string[] = [];
    const path = join(dir, 'connection_log.csv');
    const log = openCsvLog<{ n: number; text: string }>(path, ['n', 'text'], (m) => problems.push(m), { retryMs: 50 });
    const row = (n: number) => ({ n, text: `row ${n} ${'x'.repeat(290)}` });
    const before = attempts();

    // 100 rows of about 300 bytes: a third fits, one is cut by the full disk mid-row
    for (let n = 0; n < 100; n++) log.append(row(n));
    const flushed = await Promise.race([log.flush().then(() => 'flushed'), sleep(10_000).then(() => 'still flushing after 10 s')]);
    expect(flushed).toBe('flushed');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/cannot write .*connection_log\.csv: .*ENOSPC/);
    expect(attempts() - before).toBeLessThan(10);

    // while full: more rows, retries every 50 ms and no more
    const during = attempts();
    for (let n = 100; n < 150; n++) {
      log.append(row(n));
      await sleep(10);
    }
    await log.flush();
    expect(attempts() - during).toBeLessThan(30); // about 500 ms / 50 ms; a busy loop makes thousands
    expect(problems).toHaveLength(1);

    await fsp.rm(filler);
    await expect.poll(() => problems.length, { timeout: 10_000 }).toBe(2);
    expect(problems[1]).toMatch(/writing .*connection_log\.csv works again/);
    for (let n = 150; n < 160; n++) log.append(row(n));
    await log.flush();

    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.shift()).toBe('n,text');
    expect(lines.pop()).toBe('');
    for (const line of lines) expect(line).toMatch(/^\d+,row \d+ x{290}$/);
    expect(lines.map((line) => Number(line.split(',')[0]))).toEqual(Array.from({ length: 160 }, (_, n) => n));
  });
});
