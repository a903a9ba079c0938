/** @module Tests of the segment file layout and the byte offsets of its lines. */
import { describe, expect, it } from 'vitest';
import type { UptimeEvent } from './event.js';
import { parseEventLine, parseSegmentText, serializeSegment } from './segment-format.js';

const event = (id: string, message: string): UptimeEvent => ({
  id,
  time: '2026-01-01T00:00:00.000+01:00',
  code: 'MONITOR_STARTED',
  hosts: [],
  message,
});

describe('segment format', () => {
  it('is plain JSON with one event per line, and the offsets cut out each line exactly', () => {
    const events = [event('a', 'plain'), event('b', 'multi-byte: é ☕ 𝟛'), event('c', 'line\nbreak')];
    const layout = serializeSegment(events);
    expect(parseSegmentText(layout.text)).toEqual({ events });
    expect(layout.text.split('\n')).toHaveLength(events.length + 3);
    const bytes = Buffer.from(layout.text);
    expect(layout.bytes).toBe(bytes.length);
    events.forEach((e, i) => {
      const line = bytes.toString('utf8', layout.offsets[i], layout.offsets[i + 1]);
      expect(parseEventLine(line)).toEqual(e);
    });
  });

  it('rejects what is not a segment', () => {
    expect(() => parseSegmentText('{"events":[')).toThrow(/not valid JSON/);
    expect(() => parseSegmentText('{"evens":[]}')).toThrow(/no "events" array/);
  });
});
