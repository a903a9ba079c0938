import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileDurable } from './write-file-durable.js';

describe('writeFileDurable', () => {
  it('replaces the file whole and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'durable-'));
    const file = join(dir, 'state.json');
    await writeFileDurable(file, 'first');
    await writeFileDurable(file, 'second', { mode: 0o600 });
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('creates new files with the requested mode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'durable-'));
    const file = join(dir, 'secret');
    await writeFileDurable(file, 'x', { mode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('fails when the directory does not exist, without creating anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'durable-'));
    await expect(writeFileDurable(join(dir, 'missing', 'f'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});
