import { describe, expect, it } from 'vitest';
import { ControlInputError, isSilenceId, newSilenceId, silenceFromInput } from './control-input.js';

const now = Date.parse('2026-12-07T10:00:00Z');
const known = [{ name: 'web', tags: ['core'] }, { name: 'db', tags: [] }];
const make = (input: unknown) => silenceFromInput(input, { author: 'ops', now, known });
const problem = (input: unknown) => {
  try {
    make(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ControlInputError);
    return (err as Error).message;
  }
  return 'accepted';
};

describe('silenceFromInput', () => {
  it('makes a silence from a duration or an until, by name or tag, empty = all', () => {
    const s = make({ targets: ['web', 'tag:core', 'web'], duration: '2h', comment: ' patching ' });
    expect(s).toMatchObject({ targets: ['web', 'tag:core'], author: 'ops', comment: 'patching' });
    expect(Date.parse(s.until)).toBe(now + 2 * 3_600_000);
    expect(isSilenceId(s.id)).toBe(true);
    expect(Date.parse(make({ until: '2026-12-07T12:30:00+01:00' }).until)).toBe(Date.parse('2026-12-07T11:30:00Z'));
    expect(make({ duration: '30m' }).targets).toEqual([]);
  });

  it.each([
    [null, 'body: expected an object'],
    [{ duration: '2h', target: ['web'] }, 'target: unknown field (expected targets, until, duration, comment)'],
    [{}, 'duration: give until (an ISO 8601 time) or duration (like "2h")'],
    [{ duration: '2h', until: '2026-12-07T12:00:00Z' }, 'until: give until or duration, not both'],
    [{ duration: 'soon' }, 'duration: "soon" is not a duration (like "30m", "2h", "1d")'],
    [{ duration: '0s' }, 'duration: "0s" is not a duration'],
    [{ duration: '400d' }, 'duration: a silence lasts at most 366d'],
    [{ until: 'tomorrow' }, 'until: "tomorrow" is not an ISO 8601 time'],
    [{ until: '2026-12-07T09:00:00Z' }, 'until: 2026-12-07T09:00:00Z has passed; give a time to come'],
    [{ duration: '1h', targets: 'web' }, 'targets: expected a list of target names or tag:NAME'],
    [{ duration: '1h', targets: ['mail'] }, 'targets[0]: no target is named "mail"'],
    [{ duration: '1h', targets: ['db', 'tag:edge'] }, 'targets[1]: no target has the tag "edge"'],
    [{ duration: '1h', targets: ['tag:'] }, 'targets[0]: tag: needs a tag name'],
    [{ duration: '1h', comment: 7 }, 'comment: expected text'],
  ])('refuses %j: %s', (input, message) => {
    expect(problem(input)).toContain(message);
  });

  it('makes ids safe in URLs and shells, and refuses others', () => {
    expect(isSilenceId(newSilenceId())).toBe(true);
    for (const bad of ['', '..', 'a/b', 'a b', 'x'.repeat(101)]) expect(isSilenceId(bad)).toBe(false);
  });
});
