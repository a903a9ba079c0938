import { describe, expect, it, vi } from 'vitest';
import type { NewEvent, UptimeEvent } from '@uptime/events';
import { EventBatcher } from './event-batcher.js';

/** A writer that counts the batches it is given: calls made in one tick are one batch, as in @uptime/events. */
function countingWriter() {
  const batches: string[][] = [];
  let current: string[] | undefined;
  return {
    batches,
    async record(event: NewEvent): Promise<UptimeEvent> {
      if (!current) {
        current = [];
        batches.push(current);
        queueMicrotask(() => (current = undefined));
      }
      current.push(event.message);
      await new Promise((r) => setTimeout(r, 5));
      if (event.message === 'bad') throw new Error('disk full');
      return { ...event, id: event.message, time: '2026-11-21T10:00:00.000+00:00' } as UptimeEvent;
    },
  };
}

const event = (message: string): NewEvent => ({ code: 'MONITOR_STARTED', hosts: [], message });

describe('EventBatcher', () => {
  it('records an event at once when idle, and gathers those that come while a batch is written', async () => {
    const writer = countingWriter();
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    const gated = { record: async (e: NewEvent) => (e.message === 'a' ? held.then(() => writer.record(e)) : writer.record(e)) };
    const recorded: string[] = [];
    const batcher = new EventBatcher({ record: (e) => (recorded.push(e.message), gated.record(e)) }, 50);
    const first = batcher.record(event('a'));
    expect(recorded).toEqual(['a']);
    const later = [];
    for (let i = 0; i < 30; i++) {
      later.push(batcher.record(event(`b${i}`)));
      await new Promise((r) => setTimeout(r, 1));
    }
    // all 30 came while 'a' was being written: none was handed to the writer yet
    expect(recorded).toEqual(['a']);
    release();
    expect((await first).id).toBe('a');
    expect((await Promise.all(later)).map((e) => e.id)).toEqual(later.map((_, i) => `b${i}`));
    expect(writer.batches).toEqual([['a'], later.map((_, i) => `b${i}`)]);
  });

  it('records events that came during a write soon after it, also when the wall clock was stepped back meanwhile', async () => {
    const written: string[] = [];
    let release = () => undefined as void;
    const writer = {
      async record(e: NewEvent): Promise<UptimeEvent> {
        if (e.message === 'a') await new Promise<void>((r) => (release = r));
        written.push(e.message);
        return { ...e, id: e.message, time: '2026-11-21T10:00:00.000+00:00' } as UptimeEvent;
      },
    };
    const batcher = new EventBatcher(writer, 20);
    const first = batcher.record(event('a'));
    void batcher.record(event('b')); // waits for the write of 'a'
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 3600_000 }); // only the wall clock steps
    try {
      release();
      await first;
      await new Promise((r) => setTimeout(r, 0)); // the batcher hears of the end of the write
    } finally {
      vi.useRealTimers();
    }
    await expect.poll(() => written, { timeout: 2000 }).toEqual(['a', 'b']);
  });

  it('passes a failure to the caller of that event only', async () => {
    const batcher = new EventBatcher(countingWriter(), 10);
    const results = await Promise.allSettled([batcher.record(event('ok')), batcher.record(event('bad'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  });
});
