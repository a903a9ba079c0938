import { describe, expect, it } from 'vitest';
import { MessageOrder } from './message-order.js';

const row = (id: number, received: number) => ({ id, mailboxId: 1, received, seen: id % 2 === 0 });

describe('MessageOrder', () => {
  it('loads rows in any order into list order: newest delivery first, then highest row id', () => {
    const order = new MessageOrder();
    order.load([row(6, 5000), row(5, 9000), row(4, 5000), row(3, 7000), row(2, 1000), row(1, 7000)], 6);
    expect(order.select(undefined, 0, 10).ids).toEqual([5, 3, 1, 6, 4, 2]);
    expect([order.seenAt(0), order.seenAt(3), order.receivedAt(5)]).toEqual([false, true, 1000]);
    expect(order.position(4)).toBe(4);
  });

  it('merges many added rows, oldest first or in any order, into the rows it has', () => {
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    const received = (id: number) => Math.floor(id / 2) * 1000; // pairs delivered in the same second
    for (const positions of [ids.map((_, i) => i), ids.map((_, i) => (i * 37) % 100)]) {
      const order = new MessageOrder();
      order.load([row(1000, 150_500), row(1001, -5000)], 2);
      const added = positions.map((i) => ids[i]!);
      order.insertColumns(1, added, added.map(received), added.map((id) => id % 2));
      expect(order.select(undefined, 0, 200).ids).toEqual([1000, ...ids.slice().reverse(), 1001]);
      expect(order.select(undefined, 0, 200).unread).toBe(50 + 1);
    }
  });
});
