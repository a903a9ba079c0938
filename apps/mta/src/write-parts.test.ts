import { describe, expect, it } from 'vitest';
import { mkdtemp, open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeParts } from './write-parts.js';

describe('writeParts', () => {
  it('writes more parts than one writev takes (IOV_MAX is 1024), in order, at a position', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'parts-')), 'file');
    const parts = Array.from({ length: 3000 }, (_, i) => Buffer.from(`${i},`));
    const handle = await open(path, 'w');
    try {
      await writeParts(handle, [Buffer.from('HEAD')], 0);
      expect(await writeParts(handle, [...parts, Buffer.alloc(0)], 4)).toBe(Buffer.concat(parts).length);
    } finally {
      await handle.close();
    }
    expect(await readFile(path, 'utf8')).toBe(`HEAD${parts.join('')}`);
  });
});
