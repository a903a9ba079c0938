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
});
