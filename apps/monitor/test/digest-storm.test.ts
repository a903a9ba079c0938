/**
 * Digests (`alerts.groupWait`, issue 13): 1,000 ICMP targets in a namespace of the test's own lose their
 * addresses at once; the first DOWN is sent at once and the other 999 come in one digest at the window's
 * end, every event id in it once. Held changes are on disk: a monitor killed mid-window sends them at its
 * next start, none lost and none twice. Real ICMP, the real MTA and its Maildir.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '@uptime/test-lab';
import { labUnavailable, sleep, stormLab, stormAddresses, type Mail, type StormLab } from './helpers/storm-lab.js';

const unavailable = labUnavailable('digest storm tests');
const idsOf = (mail: Mail) => (mail.headers.get('x-uptime-event-ids') ?? mail.headers.get('x-uptime-event-id') ?? '').split(' ').filter(Boolean);

/** A lab of `count` targets t0..t<count-1>, all up (HOST_UP from unknown recorded for each). */
async function upLab(count: number, groupWait: string): Promise<{ lab: StormLab; addresses: string[] }> {
  const made = stormLab();
  const addresses = stormAddresses(count);
  made.addresses('add', addresses);
  made.writeConfig({ targets: addresses.map((host, i) => ({ name: `t${i}`, host })) }, { groupWait });
  await made.startMta();
  await made.startMonitor();
  await waitFor(`${count} targets up`, async () => (await made.events('HOST_UP')).length >= count, 90_000, 200);
  return { lab: made, addresses };
}

describe.skipIf(unavailable !== undefined)('digests in a storm', () => {
  it('1,000 targets down together: one DOWN email at once, then one digest of the other 999, not 1,000 emails', async () => {
    const { lab, addresses } = await upLab(1000, '10s');
    expect(lab.mail()).toEqual([]); // coming up from unknown is no alert
    lab.addresses('del', addresses);
    await waitFor('1,000 HOST_DOWN events', async () => (await lab.events('HOST_DOWN')).length >= 1000, 60_000, 200);
    await waitFor('two emails', () => lab.mail().length >= 2, 60_000, 200);
    await sleep(12_000); // a further window: nothing else may come
    const mail = lab.mail();
    expect(mail.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[uptime\] t\d+ 127\.1\.\d+\.\d+ is DOWN$/), '[uptime] 999 changes: 999 DOWN, 0 UP']);
    const downIds = (await lab.events('HOST_DOWN')).map((e) => e.id);
    expect(downIds).toHaveLength(1000);
    const [first, digest] = mail as [Mail, Mail];
    expect(idsOf(first)).toHaveLength(1);
    expect(idsOf(digest)).toHaveLength(999);
    expect([...idsOf(first), ...idsOf(digest)].sort()).toEqual([...downIds].sort());
    for (const address of addresses.filter((a) => !first.subject.includes(` ${a} `))) expect(digest.body).toContain(`  ${address}  up -> down`);
    expect(lab.outbox()).toEqual([]);
  });

  it('a monitor killed mid-window sends the held changes at its next start, once, and no second DOWN', async () => {
    const { lab, addresses } = await upLab(20, '1h');
    lab.addresses('del', addresses);
    await waitFor('20 HOST_DOWN events', async () => (await lab.events('HOST_DOWN')).length >= 20, 60_000, 100);
    await waitFor('the first DOWN email', () => lab.mail().length >= 1, 30_000, 100);
    await waitFor('19 changes held in the outbox', () => lab.outbox().length >= 19, 30_000, 100);
    await sleep(1000);
    expect(lab.mail()).toHaveLength(1); // the window (1 h) holds the rest
    await lab.monitor?.stop('SIGKILL');

    await lab.startMonitor();
    await waitFor('the digest after the restart', () => lab.mail().length >= 2, 30_000, 100);
    await waitFor('the outbox to empty', () => lab.outbox().length === 0, 30_000, 100);
    await sleep(3000);
    const mail = lab.mail();
    expect(mail.map((m) => m.subject)).toEqual([expect.stringMatching(/ is DOWN$/), '[uptime] 19 changes: 19 DOWN, 0 UP']);
    const downIds = (await lab.events('HOST_DOWN')).map((e) => e.id);
    expect(downIds).toHaveLength(20); // still down after the restart: no second HOST_DOWN
    expect(mail.flatMap(idsOf).sort()).toEqual([...downIds].sort());
  });
});
