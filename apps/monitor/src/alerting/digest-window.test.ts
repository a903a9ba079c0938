import { describe, expect, it } from 'vitest';
import { DigestWindow } from './digest-window.js';

/** One step: a change at `t` ms (`change`) or the window's end at `t` (`end`), and what the rule answers. */
type Step = [kind: 'change' | 'end', t: number, answer: string];

/** Plays the steps against a fresh window (groupWait 10 s), holding what it says to hold as a caller does. */
function play(steps: Step[]): string[] {
  const window = new DigestWindow(10_000);
  let held = 0;
  return steps.map(([kind, t]) => {
    if (kind === 'change') {
      const d = window.offer(t, held);
      if (d.send === 'now') return 'send now';
      held += 1;
      return `hold until ${d.until}`;
    }
    const e = window.close(t, held);
    held = 0;
    return e.flush ? `digest, next window ends ${e.next}` : 'quiet';
  });
}

describe('DigestWindow (groupWait 10 s)', () => {
  it.each<[string, Step[]]>([
    ['a lone change is sent at once', [['change', 0, 'send now'], ['end', 10_000, 'quiet']]],
    [
      'a storm: the first at once, the rest in one digest at the window end',
      [['change', 0, 'send now'], ['change', 5, 'hold until 10000'], ['change', 1800, 'hold until 10000'], ['end', 10_000, 'digest, next window ends 20000'], ['end', 20_000, 'quiet']],
    ],
    [
      'changes after a digest wait for the next window',
      [['change', 0, 'send now'], ['change', 100, 'hold until 10000'], ['end', 10_000, 'digest, next window ends 20000'], ['change', 12_000, 'hold until 20000'], ['end', 20_000, 'digest, next window ends 30000']],
    ],
    [
      'after a quiet window the next change is sent at once again',
      [['change', 0, 'send now'], ['end', 10_000, 'quiet'], ['change', 15_000, 'send now'], ['change', 15_001, 'hold until 25000']],
    ],
    ['a change after the window ran out (its end not yet handled) with nothing held is sent at once', [['change', 0, 'send now'], ['change', 10_500, 'send now']]],
  ])('%s', (_name, steps) => {
    expect(play(steps)).toEqual(steps.map((s) => s[2]));
  });

  it('with groupWait 0 sends every change at once', () => {
    const window = new DigestWindow(0);
    expect([window.offer(0, 0), window.offer(1, 0), window.offer(2, 0)]).toEqual([{ send: 'now' }, { send: 'now' }, { send: 'now' }]);
  });

  it('held changes found at a restart go out at once, and later ones join the next window', () => {
    const window = new DigestWindow(10_000);
    expect(window.close(50, 3)).toEqual({ flush: true, next: 10_050 });
    expect(window.offer(60, 0)).toEqual({ send: 'held', until: 10_050 });
  });
});
