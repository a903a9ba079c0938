import { describe, expect, it } from 'vitest';
import type { HostStatus } from '@uptime/events';
import type { TransitionEvent } from '../alerts/alert-message.js';
import { composeDigest, type HeldChange } from './digest-message.js';

const options = { from: 'uptime@localhost', to: ['admin@localhost', 'noc@localhost'], hostname: 'sensor.lab', sensor: 'lab-a' };

let n = 0;
/** A held change of `target` (address 192.0.2.<k>) from `before` to `after` at second `s`. */
function change(target: string, before: HostStatus, after: 'up' | 'down', s: number): HeldChange {
  n += 1;
  const time = `2026-12-04T10:00:${String(s).padStart(2, '0')}.000+00:00`;
  const base = { id: `ev-${n}`, time, hosts: [], message: `${target} changed.`, target, before };
  const event = (after === 'down' ? { ...base, code: 'HOST_DOWN', after } : { ...base, code: 'HOST_UP', after }) as TransitionEvent;
  return { event, address: `192.0.2.${target.length}` };
}

describe('composeDigest', () => {
  it.each<[string, HeldChange[], string, string[]]>([
    [
      'three targets down',
      [change('a', 'up', 'down', 1), change('bb', 'up', 'down', 1), change('ccc', 'up', 'down', 2)],
      '[uptime] 3 changes: 3 DOWN, 0 UP',
      ['2026-12-04T10:00:01.000+00:00  a  192.0.2.1  up -> down', '2026-12-04T10:00:01.000+00:00  bb  192.0.2.2  up -> down', '2026-12-04T10:00:02.000+00:00  ccc  192.0.2.3  up -> down'],
    ],
    [
      'one down and one back up',
      [change('a', 'up', 'down', 1), change('bb', 'down', 'up', 3)],
      '[uptime] 2 changes: 1 DOWN, 1 UP',
      ['2026-12-04T10:00:01.000+00:00  a  192.0.2.1  up -> down', '2026-12-04T10:00:03.000+00:00  bb  192.0.2.2  down -> up'],
    ],
    [
      'a change undone within the window is listed once, as a flap',
      [change('a', 'up', 'down', 1), change('bb', 'up', 'down', 2), change('a', 'down', 'up', 4)],
      '[uptime] 2 changes: 1 DOWN, 1 UP',
      ['2026-12-04T10:00:01.000+00:00  a  192.0.2.1  up -> down -> up  (flapped)', '2026-12-04T10:00:02.000+00:00  bb  192.0.2.2  up -> down'],
    ],
  ])('%s', (_name, changes, subject, lines) => {
    const mail = composeDigest(changes, options);
    expect(mail.subject).toBe(subject);
    expect(mail.text.split('\n').slice(2, 2 + lines.length)).toEqual(lines);
    expect(mail.headers['X-Uptime-Event-Ids']).toBe(changes.map((c) => c.event.id).join(' '));
    expect(mail.to).toEqual(options.to);
    expect(mail.messageId).toBe(`<digest-${changes[0]?.event.id}@sensor.lab>`);
  });

  it('counts and lists the targets unreachable behind a parent that went down', () => {
    const core = { ...change('core', 'up', 'down', 1), behind: [{ target: 'r1', address: '192.0.2.65' }, { target: 'r2', address: '192.0.2.66' }] };
    const mail = composeDigest([core, change('bb', 'down', 'up', 2)], options);
    expect(mail.subject).toBe('[uptime] 2 changes: 1 DOWN, 1 UP, 2 unreachable');
    expect(mail.text).toContain('core  192.0.2.4  up -> down  (2 behind it unreachable)');
    expect(mail.text).toContain('2 target(s) behind it are unreachable:\n  r1  192.0.2.65\n  r2  192.0.2.66\n');
  });

  it('escapes target names in the HTML part', () => {
    const mail = composeDigest([change('<b>x</b>', 'up', 'down', 1), change('y', 'up', 'down', 1)], options);
    expect(mail.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>x</b>');
  });
});
