import { describe, expect, it } from 'vitest';
import { parseSize } from './size.js';

describe('parseSize', () => {
  it.each([
    ['50MB', 50 * 1024 ** 2],
    ['512KB', 512 * 1024],
    ['1GiB', 1024 ** 3],
    ['1.5mb', 1.5 * 1024 ** 2],
    ['100', 100],
    [4096, 4096],
  ])('%s is %d bytes', (input, bytes) => expect(parseSize(input)).toBe(bytes));
  it.each(['', 'ten', '5 MBs', -1, 1.5, '1TB'])('%s is not a size', (input) => expect(parseSize(input)).toBeUndefined());
});
