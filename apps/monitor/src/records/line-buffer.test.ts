import { describe, expect, it } from 'vitest';
import { createLineBuffer } from './line-buffer.js';

describe('createLineBuffer', () => {
  it('writes the lines of a batch together, in order, and everything on flush', async () => {
    const writes: string[] = [];
    const buffer = createLineBuffer((text) => writes.push(text), 20);
    buffer.push('a');
    buffer.push('b');
    expect(writes).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(writes).toEqual(['a\nb\n']);
    buffer.push('c');
    buffer.flush();
    buffer.flush();
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });
});
