/**
 * Parents (issue 13): a target behind a failing parent is `unreachable`, with no email of its own; the
 * parent's DOWN email lists the targets behind it; when the parent returns, the targets that answer go up
 * without an email and those still failing get a DOWN email. Real ICMP in a namespace of the test's own,
 * the real MTA and its Maildir.
 */
import { describe, expect, it } from 'vitest';
import type { HostUnreachableEvent } from '@uptime/events';
import { waitFor } from '@uptime/test-lab';
import { labUnavailable, sleep, stormLab, stormAddresses, type StormLab } from './helpers/storm-lab.js';

const unavailable = labUnavailable('parent tests');
const CORE = '127.2.0.1';

/** A lab with the parent `core` and `count` children c0.. behind it, everything up. */
async function parentLab(count: number, monitor: Record<string, unknown>, groupWait: string): Promise<{ lab: StormLab; children: string[] }> {
  const made = stormLab();
  const children = stormAddresses(count);
  made.addresses('add', [CORE, ...children]);
  made.writeConfig(
    { ...monitor, targets: [{ name: 'core', host: CORE }, ...children.map((host, i) => ({ name: `c${i}`, host, parent: 'core' }))] },
    { groupWait },
  );
  await made.startMta();
  await made.startMonitor();
  await waitFor('every target up', async () => (await made.events('HOST_UP')).length >= count + 1, 90_000, 200);
  return { lab: made, children };
}

describe.skipIf(unavailable !== undefined)('parents', () => {
  it('a parent and 1,000 targets behind it fail at once: one DOWN email listing 1,000 unreachable, one UP email at the end, none naming a child', async () => {
    const { lab, children } = await parentLab(1000, {}, '10s');
    const removed = Date.now();
    // all at once, as when a switch loses power (removing 1,001 addresses one by one takes a while under load)
    lab.block(['127.1.0.0/16', '127.2.0.0/16']);
    await waitFor('core down and every child unreachable in the status file', () => {
      const statuses = lab.statuses();
      return statuses.get('core') === 'down' && children.every((_, i) => statuses.get(`c${i}`) === 'unreachable');
    }, 60_000, 100);
    console.log(`parent down and 1,000 children unreachable in the status file after ${Date.now() - removed} ms (interval 1 s, timeout 500 ms)`);
    await waitFor('the DOWN email', () => lab.mail().length >= 1, 30_000, 100);
    await sleep(12_000); // past the digest window: nothing else may come
    const downMail = lab.mail();
    expect(downMail.map((m) => m.subject)).toEqual([`[uptime] core ${CORE} is DOWN`]);
    expect(downMail[0]?.body).toContain('1000 target(s) behind it are unreachable');
    for (const [i, address] of children.entries()) expect(downMail[0]?.body).toContain(`  c${i}  ${address}\n`);
    expect((await lab.events('HOST_DOWN')).map((e) => e.code === 'HOST_DOWN' && e.target)).toEqual(['core']);
    const unreachable = (await lab.events('HOST_UNREACHABLE')) as HostUnreachableEvent[];
    expect(unreachable).toHaveLength(1000);
    expect(unreachable[0]).toMatchObject({ before: 'up', after: 'unreachable', parents: ['core'] });

    lab.unblock();
    await waitFor('every target up again', () => {
      const statuses = lab.statuses();
      return [...statuses.values()].every((s) => s === 'up');
    }, 60_000, 100);
    await waitFor('the UP email', () => lab.mail().length >= 2, 30_000, 100);
    await sleep(12_000);
    const mail = lab.mail();
    expect(mail.map((m) => m.subject)).toEqual([`[uptime] core ${CORE} is DOWN`, `[uptime] core ${CORE} is UP`]);
    expect((await lab.events('HOST_DOWN')).length).toBe(1);
  });

  it('children whose checks were under way when the parent came back get no DOWN of their own (Icinga #5208)', async () => {
    const made = stormLab();
    const children = stormAddresses(20);
    made.addresses('add', [CORE, ...children]);
    // the parent is checked often; a child's check waits long for its answer: most are under way at any moment
    made.writeConfig(
      { targets: [{ name: 'core', host: CORE, interval: '200ms', timeout: '100ms' }, ...children.map((host, i) => ({ name: `c${i}`, host, parent: 'core', interval: '3s', timeout: '2s' }))] },
      { groupWait: '2s' },
    );
    await made.startMta();
    await made.startMonitor();
    await waitFor('every target up', async () => (await made.events('HOST_UP')).length >= 21, 60_000, 200);
    made.block(['127.1.0.0/16', '127.2.0.0/16'], { silently: true }); // nothing answers: checks time out
    await waitFor('core down and every child unreachable', () => {
      const s = made.statuses();
      return s.get('core') === 'down' && children.every((_, i) => s.get(`c${i}`) === 'unreachable');
    }, 60_000, 100);
    await sleep(1000); // the children's next checks are under way
    made.unblock();
    await waitFor('every target up again', () => [...made.statuses().values()].every((s) => s === 'up'), 60_000, 100);
    await sleep(4000); // past the digest window
    expect((await made.events('HOST_DOWN')).map((e) => e.code === 'HOST_DOWN' && e.target)).toEqual(['core']);
    expect(made.mail().map((m) => m.subject)).toEqual([`[uptime] core ${CORE} is DOWN`, `[uptime] core ${CORE} is UP`]);
  });

  it('a child failing alone is down; behind a down parent it is unreachable; when the parent returns the ones still failing get one DOWN email', async () => {
    const { lab, children } = await parentLab(3, { failureThreshold: 2, retryInterval: '200ms' }, '2s');
    const [a, b, c] = children as [string, string, string];
    lab.addresses('del', [a]);
    await waitFor('c0 DOWN email', () => lab.mail().length >= 1, 30_000, 100);
    expect(lab.mail()[0]?.subject).toBe(`[uptime] c0 ${a} is DOWN`); // its parent answered: down on its own
    await sleep(3000); // a quiet spell

    lab.addresses('del', [CORE, b, c]);
    await waitFor('core DOWN email', () => lab.mail().length >= 2, 30_000, 100);
    const coreDown = lab.mail()[1];
    expect(coreDown?.subject).toBe(`[uptime] core ${CORE} is DOWN`);
    expect(coreDown?.body).toContain('2 target(s) behind it are unreachable');
    expect(coreDown?.body).toContain(`  c1  ${b}\n`);
    expect(coreDown?.body).not.toContain(`  c0  ${a}\n`); // down on its own already
    await waitFor('c1 and c2 unreachable', () => lab.statuses().get('c1') === 'unreachable' && lab.statuses().get('c2') === 'unreachable', 30_000, 100);
    await sleep(3000);

    lab.addresses('add', [CORE, b]);
    await waitFor('core UP, c1 up and c2 DOWN', () => {
      const s = lab.statuses();
      return s.get('core') === 'up' && s.get('c1') === 'up' && s.get('c2') === 'down';
    }, 30_000, 100);
    await waitFor('four emails', () => lab.mail().length >= 4, 30_000, 100);
    await sleep(3000);
    expect(lab.mail().map((m) => m.subject)).toEqual([
      `[uptime] c0 ${a} is DOWN`,
      `[uptime] core ${CORE} is DOWN`,
      `[uptime] core ${CORE} is UP`,
      `[uptime] c2 ${c} is DOWN`,
    ]);
    const downs = (await lab.events('HOST_DOWN')).map((e) => (e.code === 'HOST_DOWN' ? `${e.target} ${e.before}` : ''));
    expect(downs).toEqual(['c0 up', 'core up', 'c2 unreachable']);
    expect(lab.statuses().get('c0')).toBe('down');
  });
});
