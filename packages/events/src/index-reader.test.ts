/** @module Tests of index entries: what they hold and how damage is detected. */
import { describe, expect, it } from 'vitest';
import type { UptimeEvent } from './event.js';
import { IndexReader } from './index-reader.js';
import { serializeSegment } from './segment-format.js';
import { buildSegmentIndex } from './segment-index.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
const events: UptimeEvent[] = [
  { id: 'a', time: at(20), code: 'HOST_DOWN', hosts: ['192.0.2.1'], target: 'gw', before: 'up', after: 'down', message: 'down' },
  { id: 'b', time: at(0), code: 'MONITOR_STARTED', hosts: [], message: 'started' },
  { id: 'c', time: at(50), code: 'HOST_UP', hosts: ['192.0.2.1', '"odd" host'], target: 'gw', before: 'down', after: 'up', message: 'up' },
];

describe('index entries', () => {
  const layout = serializeSegment(events);
  const { header, text } = buildSegmentIndex('s.json', events, layout);

  it('hold the time range and the byte range and time of each event, per host and per code', () => {
    expect(header).toMatchObject({ count: 3, bytes: layout.bytes, firstMs: Date.parse(at(0)), lastMs: Date.parse(at(50)) });
    const reader = IndexReader.open(Buffer.from(text))!;
    const refs = reader.refs('host', '192.0.2.1')!;
    expect(refs.map(([s, e]) => JSON.parse(layout.text.slice(s, e).replace(/,\s*$/, '')).id)).toEqual(['a', 'c']);
    expect(refs.map((r) => r[2])).toEqual([20, 50]);
    expect(reader.refs('host', '"odd" host')).toHaveLength(1);
    expect(reader.refs('host', '198.51.100.1')).toEqual([]);
    expect(reader.refs('code', 'MONITOR_STARTED')).toEqual([[layout.offsets[1], layout.offsets[2], 0]]);
  });

  it('are refused when truncated, and a damaged line is told apart from a missing one', () => {
    expect(IndexReader.open(Buffer.from(text.slice(0, -3)))).toBeUndefined();
    expect(IndexReader.open(Buffer.from(`{"version":2}\n["end"]\n`))).toBeUndefined();
    const damaged = text.replace('["host","192.0.2.1",[[', '["host","192.0.2.1",[[x');
    expect(IndexReader.open(Buffer.from(damaged))?.refs('host', '192.0.2.1')).toBeUndefined();
  });
});
