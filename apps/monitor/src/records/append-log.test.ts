import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppendLog } from './append-log.js';

describe('openAppendLog', () => {
  it('keeps every line in order, creating the directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'append-'));
    const path = join(dir, 'logs', 'monitor.log');
    const log = openAppendLog(path, () => undefined);
    for (let i = 0; i < 500; i++) log.append(`line ${i}\n`);
    await log.flush();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(500);
    expect(lines[0]).toBe('line 0');
    expect(lines[499]).toBe('line 499');
  });

  it('starts on a line of its own when the file ends in a torn line (left by a crash)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'append-'));
    const path = join(dir, 'monitor.log');
    await writeFile(path, 'whole\ntorn li');
    const log = openAppendLog(path, () => undefined);
    log.append('next\n');
    await log.flush();
    log.append('last\n');
    await log.flush();
    expect(await readFile(path, 'utf8')).toBe('whole\ntorn li\nnext\nlast\n');
  });

  it('reports a failing write once, keeps the lines and writes them when it can', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'append-'));
    const blocker = join(dir, 'logs');
    await writeFile(blocker, 'not a directory');
    const problems: string[] = [];
    const log = openAppendLog(join(blocker, 'monitor.log'), (m) => problems.push(m), { retryMs: 50 });
    log.append('a\n');
    log.append('b\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/cannot write .*monitor\.log/);
    await rm(blocker);
    await new Promise((r) => setTimeout(r, 200));
    await log.flush();
    expect(await readFile(join(blocker, 'monitor.log'), 'utf8')).toBe('a\nb\n');
    expect(problems.at(-1)).toMatch(/works again/);
  });

  it('caps the lines kept while writes fail, dropping the oldest and saying how many', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'append-'));
    const blocker = join(dir, 'logs');
    await writeFile(blocker, 'not a directory');
    const problems: string[] = [];
    const log = openAppendLog(join(blocker, 'monitor.log'), (m) => problems.push(m), { retryMs: 50, batchMs: 0, maxPendingLines: 10 });
    log.append('line 0\n');
    await expect.poll(() => problems.length).toBe(1);
    for (let i = 1; i < 25; i++) log.append(`line ${i}\n`);
    await rm(blocker);
    await expect.poll(() => problems.at(-1)).toMatch(/works again; 16 line\(s\) were dropped/);
    await log.flush();
    const lines = (await readFile(join(blocker, 'monitor.log'), 'utf8')).trimEnd().split('\n');
    expect(lines).toEqual(Array.from({ length: 9 }, (_, i) => `line ${i + 16}`));
  });

  it('caps the bytes kept while writes fail', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'append-'));
    const blocker = join(dir, 'logs');
    await writeFile(blocker, 'not a directory');
    const problems: string[] = [];
    const log = openAppendLog(join(blocker, 'monitor.log'), (m) => problems.push(m), { retryMs: 50, batchMs: 0, maxPendingBytes: 1000 });
    log.append('x'.repeat(99) + '\n');
    await expect.poll(() => problems.length).toBe(1);
    for (let i = 0; i < 50; i++) log.append('y'.repeat(99) + '\n');
    await rm(blocker);
    await expect.poll(() => problems.at(-1)).toMatch(/works again; \d+ line\(s\) were dropped/);
    await log.flush();
    const text = await readFile(join(blocker, 'monitor.log'), 'utf8');
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text).toMatch(/^y+\n/);
  });
});
