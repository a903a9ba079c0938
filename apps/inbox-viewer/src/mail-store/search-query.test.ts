import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { searchExpression } from './search-query.js';

describe('searchExpression', () => {
  const db = new Database(':memory:');
  db.exec("CREATE VIRTUAL TABLE t USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2')");
  const texts = ['[uptime] gateway 192.0.2.1 is DOWN', '[uptime] gateway 192.0.2.10 is UP', 'Jörg Bäcker <joerg@lab> ops.team@localhost', 'say "hi" (quoted)'];
  texts.forEach((text, i) => db.prepare('INSERT INTO t (rowid, text) VALUES (?, ?)').run(i, text));
  const hits = (q: string) => {
    const expression = searchExpression(q);
    return expression === undefined ? undefined : db.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid').pluck().all(expression);
  };

  it('finds words and phrases, case and accents aside, the last word as a beginning', () => {
    expect(hits('GATEWAY')).toEqual([0, 1]);
    expect(hits('is up')).toEqual([1]);
    expect(hits('192.0.2.1')).toEqual([0, 1]);
    expect(hits('192.0.2.1 is')).toEqual([0]);
    expect(hits('jorg')).toEqual([2]);
    expect(hits('JÖRG bäck')).toEqual([2]);
    expect(hits('OPS.TEAM@')).toEqual([2]);
  });

  it('treats quotes, operators and brackets as text, never as query syntax', () => {
    expect(hits('"hi"')).toEqual([3]);
    expect(hits('quoted) OR (x')).toEqual([]);
    expect(hits('NEAR(gateway up)')).toEqual([]);
    expect(hits('"><script>')).toEqual([]);
    expect(hits(' -- ')).toBeUndefined();
  });
});
