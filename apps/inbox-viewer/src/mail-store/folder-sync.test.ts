import { describe, expect, it } from 'vitest';
import { timeOrder } from './folder-sync.js';

describe('timeOrder', () => {
  it('orders positions by delivery second, ties by position', () => {
    expect([...timeOrder([5_000, 1_999, 1_000, 3_000, -5])]).toEqual([4, 1, 2, 3, 0]);
    expect([...timeOrder([Date.UTC(2026, 0, 2), Date.UTC(2026, 0, 1), Date.UTC(2106, 0, 1)])]).toEqual([1, 0, 2]);
    expect([...timeOrder([])]).toEqual([]);
  });
});
