/** @module Tests of segment and index file names. */
import { describe, expect, it } from 'vitest';
import { indexFileName, parseIndexName, parseSegmentName, segmentFileName, writerKey, writerStartMs } from './segment-name.js';

describe('segment names', () => {
  it('round-trip role, writer start, pid and number', () => {
    const start = Date.parse('2026-11-21T12:55:00.123Z');
    const file = segmentFileName(writerKey('inbox-viewer', start, 4242, '9f3a1c2e'), 7);
    expect(file).toBe('inbox-viewer.20261121T125500123Z.4242.9f3a1c2e.000007.json');
    const name = parseSegmentName(file);
    expect(name).toMatchObject({ role: 'inbox-viewer', pid: 4242, seq: 7, writerKey: 'inbox-viewer.20261121T125500123Z.4242.9f3a1c2e' });
    expect(writerStartMs(name!)).toBe(start);
  });

  it('ignore temporary and foreign files', () => {
    expect(parseSegmentName('.monitor.20261121T125500123Z.1.9f3a1c2e.000001.json.1.ab.tmp')).toBeUndefined();
    expect(parseSegmentName('notes.json')).toBeUndefined();
    expect(parseIndexName('x@5_3.jsonl')).toBeUndefined();
    expect(parseIndexName(indexFileName('m.20261121T125500123Z.1.9f3a1c2e.000001', -5, 30))).toEqual({
      segmentBase: 'm.20261121T125500123Z.1.9f3a1c2e.000001',
      firstMs: -5,
      lastMs: 30,
    });
  });
});
