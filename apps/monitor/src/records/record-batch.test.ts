import { describe, expect, it } from 'vitest';
import { RecordBatch } from './record-batch.js';

const texts = (batch: RecordBatch) => batch.data.toString('utf8');

describe('RecordBatch', () => {
  it('holds texts as UTF-8 with their ends, also past its first capacity', () => {
    const batch = new RecordBatch(4);
    for (const text of ['a\n', 'ünï 🙂\n', 'x,y\nz\n']) batch.push(text);
    expect(texts(batch)).toBe('a\nünï 🙂\nx,y\nz\n');
    expect(batch.count).toBe(3);
    const second = Buffer.byteLength('a\nünï 🙂\n');
    expect(batch.lastEnd(second - 1)).toBe(2);
    expect(batch.lastEnd(second)).toBe(second);
    expect(batch.nextEnd(2)).toBe(second);
  });

  it('keeps what was not written in front of what came since', () => {
    const batch = new RecordBatch();
    ['1\n', '2\n', '3\n'].forEach((t) => batch.push(t));
    const newer = new RecordBatch();
    newer.push('4\n');
    const rest = batch.rest(2, newer);
    expect(texts(rest)).toBe('2\n3\n4\n');
    expect(rest.count).toBe(3);
    expect(rest.lastEnd(3)).toBe(2);
  });

  it('drops the oldest texts to fit a cap, counting their lines', () => {
    const batch = new RecordBatch();
    ['one\ntwo\n', 'no newline', 'three\n', 'four\n'].forEach((t) => batch.push(t));
    expect(batch.oldestBeyond(batch.data.length)).toBe(0);
    const drop = batch.oldestBeyond(Buffer.byteLength('three\nfour\n'));
    expect(drop).toBe(2);
    expect(batch.dropOldest(drop)).toBe(3);
    expect(texts(batch)).toBe('three\nfour\n');
    expect(batch.lastEnd(6)).toBe(6);
  });
});
