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
});
