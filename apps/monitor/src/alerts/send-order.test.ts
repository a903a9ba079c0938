import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from './outbox.js';
import { startable } from './send-order.js';

/** An outbox entry named `file` about `targets` (none: an alert that names no targets). */
const entry = (file: string, targets?: string[]): OutboxEntry => ({
  file,
  alert: { eventId: file, from: 'uptime@localhost', to: ['admin@localhost'], subject: file, text: '', html: '', messageId: `<${file}@sensor.lab>`, headers: {}, ...(targets ? { targets } : {}) },
});
const files = (entries: OutboxEntry[]) => entries.map((e) => e.file);

describe('which alerts go to the MTA side by side', () => {
  const a1 = entry('a-down', ['a']);
  const b1 = entry('b-down', ['b']);
  const a2 = entry('a-up', ['a']);
  const c1 = entry('c-down', ['c']);
  const digest = entry('digest', ['b', 'c']);
  const test = entry('test-alert');

  it.each([
    ['alerts of different targets, up to the limit', [a1, b1, c1], [], 2, ['a-down', 'b-down']],
    ['one target\'s UP waits for its DOWN, the others go on', [a1, b1, a2, c1], [], 8, ['a-down', 'b-down', 'c-down']],
    ['... also while its DOWN is in flight', [a1, b1, a2, c1], [a1], 8, ['b-down', 'c-down']],
    ['a digest waits for the alerts of its targets before it', [b1, digest, a1], [], 8, ['b-down', 'a-down']],
    ['an alert without targets goes alone', [test, a1], [], 8, ['test-alert']],
    ['... once the alerts before it are done', [a1, test, b1], [], 8, ['a-down']],
    ['... and not while one is in flight', [a1, test, b1], [a1], 8, []],
    ['nothing more when the limit is in flight', [a1, b1, c1], [a1, b1], 2, []],
  ] as const)('%s', (_, queue, inFlight, max, expected) => {
    expect(files(startable(queue, new Set(inFlight), max))).toEqual(expected);
  });
});
