/**
 * @module The ICMP engine (EchoSocket, built) on real packets in namespaces of the test's own: live and
 * silent hosts, a router that answers "unreachable", and a userland responder that forges, delays and
 * precedes replies with redirects. Items of issue 10: 1 (a dead host never up), 6 (redirects ignored),
 * 7 (kernel arrival stamps decide), 13 (ICMPv6 like ICMP).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns, netnsUnavailable, type Child } from '@uptime/test-lab';
import { probeIn, startResponder, type Outcome } from './helpers/icmp-lab.js';

const unavailable = netnsUnavailable();
if (unavailable) console.warn(`SKIPPED ICMP engine tests: ${unavailable}`);

/** Every namespace made here, deleted in afterAll whatever happened. */
const made: Netns[] = [];
function netns(...setup: string[][]): Netns {
  const ns = new Netns();
  made.push(ns);
  // addresses usable at once, without duplicate address detection
  ns.exec('sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0');
  for (const command of setup) ns.exec(...command);
  return ns;
}

afterAll(() => {
  for (const ns of made.splice(0)) ns.delete();
});

describe.skipIf(unavailable !== undefined)('ICMP engine on real packets', () => {
  /**
   * `hosts`: the monitor's namespace. 127.0.0.51 answers (the kernel); 198.51.100.9 is a host on a
   * cable that never answers (its kernel ignores echoes); `router` rejects 203.0.113.0/24 and every
   * IPv6 destination it is sent (the default route of `hosts`) with destination unreachable.
   */
  let hosts: Netns;

  beforeAll(() => {
    hosts = netns();
    hosts.addAddress('127.0.0.51');
    const silent = netns(['sysctl', '-qw', 'net.ipv4.icmp_echo_ignore_all=1']);
    hosts.link(silent, '198.51.100.1/24', '198.51.100.9/24');
    const router = netns(['sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);
    hosts.link(router, '192.0.2.1/24', '192.0.2.2/24');
    hosts.link(router, '2001:db8:ff::1/64', '2001:db8:ff::2/64');
    router.exec('ip', 'route', 'add', 'unreachable', '203.0.113.0/24');
    router.exec('ip', '-6', 'route', 'add', 'unreachable', 'default');
    hosts.exec('ip', 'route', 'add', '203.0.113.0/24', 'via', '192.0.2.2');
    hosts.exec('ip', '-6', 'route', 'add', 'default', 'via', '2001:db8:ff::2');
    hosts.exec('ip', '-6', 'route', 'add', 'unreachable', '2001:db8:1::/64'); // routes nowhere, in this namespace
  });

  it('item 1: a silent host pinged beside a live one with another timeout is never up (50 rounds, one socket, and two sockets with the same identifier and sequence)', async () => {
    type Row = Outcome & { host: string; setup: string };
    const rows = await probeIn<{ sameIds: boolean; rows: Row[] }>(
      hosts,
      `
      // two sockets made to send the same identifier and sequence numbers, as two net-ping sessions (pid % 65535) did
      const [a, b] = [new EchoSocket(4), new EchoSocket(4)];
      b.identifier = a.identifier;
      b.sequence = a.sequence;
      const sameIds = typeof a.identifier === 'number' && typeof a.sequence === 'number';
      const rows = [];
      const record = (host, setup, promise) => rows.push(promise.then((outcome) => ({ host, setup, ...outcome })));
      for (let round = 0; round < 50; round += 1) {
        record('live', 'one socket', ping(v4, '127.0.0.51', 1000));
        record('dead', 'one socket', ping(v4, '198.51.100.9', 300));
        record('live', 'two sockets', ping(a, '127.0.0.51', 1000));
        record('dead', 'two sockets', ping(b, '198.51.100.9', 300));
        await sleep(10);
      }
      const result = { sameIds, rows: await Promise.all(rows) };
      a.close();
      b.close();
      return result;
      `,
    );
    expect(rows.sameIds).toBe(true);
    const live = rows.rows.filter((row) => row.host === 'live');
    const dead = rows.rows.filter((row) => row.host === 'dead');
    expect(live).toHaveLength(100);
    expect(dead).toHaveLength(100);
    expect(dead.filter((row) => row.ok)).toEqual([]);
    for (const row of dead) expect(row).toMatchObject({ ok: false, error: 'request timed out' });
    expect(live.filter((row) => !row.ok)).toEqual([]);
  });

  it('item 7: 300 ms stalls after the send (right after it, in the check phase, in a timer) still read a prompt reply as ok with its kernel-stamped RTT', async () => {
    type Row = Outcome & { stall: string };
    const rows = await probeIn<Row[]>(
      hosts,
      `
      const rows = [];
      // the kernel turns packet stamps on a moment after the first stamping socket asks (a deferred
      // static key): until then a packet is stamped when it is read, as if it came after the stall
      await ping(v4, '127.0.0.51', 1000);
      await sleep(20);
      const first = ping(v4, '127.0.0.51', 100);
      block(300); // the reply arrives during the stall; the timer is due when it ends
      rows.push({ stall: 'right after the send', ...(await first) });
      for (let round = 0; round < 4; round += 1) {
        await sleep(20);
        const inCheck = ping(v4, '127.0.0.51', 100);
        setImmediate(() => block(300)); // after this loop turn's poll, before the next one reads the reply
        rows.push({ stall: 'check phase', ...(await inCheck) });
        await sleep(20);
        const inTimer = ping(v4, '127.0.0.51', 100);
        setTimeout(() => block(300), 0);
        rows.push({ stall: 'timer', ...(await inTimer) });
      }
      return rows;
      `,
    );
    expect(rows).toHaveLength(9);
    for (const row of rows) {
      expect(row, row.stall).toMatchObject({ ok: true });
      expect(row.rttMs, row.stall).toBeLessThan(50);
    }
    expect(rows[0]?.tookMs).toBeGreaterThanOrEqual(300); // decided after the stall, from the stamp
  });

  it('item 7: loopback RTTs are sub-millisecond, not whole milliseconds', async () => {
    const outcomes = await probeIn<Outcome[]>(
      hosts,
      `
      const outcomes = [];
      for (let i = 0; i < 20; i += 1) outcomes.push(await ping(v4, '127.0.0.51', 1000));
      return outcomes;
      `,
    );
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(true);
      expect(Number.isInteger(outcome.rttMs)).toBe(false);
    }
    expect(Math.min(...outcomes.map((outcome) => outcome.rttMs as number))).toBeLessThan(1);
  });

  it('item 13: ::1 answers with a sub-millisecond RTT; an IPv6 address routed nowhere fails at once', async () => {
    const { loopback, nowhere } = await probeIn<{ loopback: Outcome; nowhere: Outcome }>(
      hosts,
      `return { loopback: await ping(v6, '::1', 1000), nowhere: await ping(v6, '2001:db8:1::9', 5000) };`,
    );
    expect(loopback.ok).toBe(true);
    expect(Number.isInteger(loopback.rttMs)).toBe(false);
    expect(nowhere).toMatchObject({ ok: false, error: expect.stringMatching(/no route|unreachable/i) });
    expect(nowhere.tookMs).toBeLessThan(2000); // not its 5 s timeout
  });

  it('item 13: a router\'s ICMPv6 destination unreachable ends the request at once with the reason, as ICMP does for IPv4', async () => {
    const outcomes = await probeIn<Record<string, Outcome>>(
      hosts,
      `
      return {
        v4: await ping(v4, '203.0.113.9', 5000),
        v6: await ping(v6, '2001:db8:3::9', 5000),
        compatible: await ping(v6, '::c000:209', 5000), // quoted back as ::c000:209, kept as ::192.0.2.9
        mapped: await ping(v6, '::ffff:c000:209', 5000),
      };
      `,
    );
    for (const [name, outcome] of Object.entries(outcomes)) expect(outcome.tookMs, name).toBeLessThan(2000); // not their 5 s timeout
    expect(outcomes.v4).toMatchObject({ ok: false, error: 'destination host unreachable (from 192.0.2.2)' });
    for (const name of ['v6', 'compatible', 'mapped']) expect(outcomes[name], name).toMatchObject({ ok: false, error: 'no route to destination (from 2001:db8:ff::2)' });
  });

  describe('beside a userland responder', () => {
    /** `lab`: the kernel answers no echo; the responder answers each target as planned. */
    let lab: Netns;
    let responder: Child;

    beforeAll(async () => {
      lab = netns(['sysctl', '-qw', 'net.ipv4.icmp_echo_ignore_all=1', 'net.ipv6.icmp.echo_ignore_all=1']);
      for (let host = 61; host <= 68; host += 1) lab.addAddress(`127.0.0.${host}`);
      for (let host = 5; host <= 7; host += 1) lab.exec('ip', 'addr', 'add', `2001:db8:2::${host}/128`, 'dev', 'lo');
      responder = await startResponder(lab, {
        '127.0.0.61': [{ type: 'reply', from: '127.0.0.99' }], // another source
        '127.0.0.62': [{ type: 'reply', wrongToken: true }],
        '127.0.0.63': [{ type: 'reply' }],
        '127.0.0.64': [{ type: 'reply', afterMs: 400 }],
        '127.0.0.65': [{ type: 5, code: 1, gateway: '127.0.0.1', from: '127.0.0.1' }, { type: 'reply', afterMs: 50 }], // host redirect
        '127.0.0.66': [{ type: 4, from: '127.0.0.1' }, { type: 'reply', afterMs: 50 }], // source quench
        '127.0.0.68': [{ type: 'reply', afterMs: 20 }],
        '2001:db8:2::5': [{ type: 1, code: 3 }], // address unreachable, quoting our request
        '2001:db8:2::6': [{ type: 1, code: 3, about: '2001:db8:2::99' }], // ... quoting a request to someone else
        '2001:db8:2::7': [{ type: 137, gateway: 'fe80::1' }, { type: 'reply', afterMs: 50 }],
      });
    });

    afterAll(async () => {
      await responder?.stop();
    });

    it('item 1: a reply counts only from the probed address with the request\'s token (forged source, wrong token: time-outs)', async () => {
      const outcomes = await probeIn<Record<string, Outcome>>(
        lab,
        `
        const [otherSource, wrongToken, right] = await Promise.all([
          ping(v4, '127.0.0.61', 300),
          ping(v4, '127.0.0.62', 300),
          ping(v4, '127.0.0.63', 300),
        ]);
        return { otherSource, wrongToken, right };
        `,
      );
      expect(responder.output()).toMatch(/answered 127\.0\.0\.61 with reply/);
      expect(responder.output()).toMatch(/answered 127\.0\.0\.62 with reply/);
      expect(outcomes.otherSource).toMatchObject({ ok: false, error: 'request timed out' });
      expect(outcomes.wrongToken).toMatchObject({ ok: false, error: 'request timed out' });
      expect(outcomes.right).toMatchObject({ ok: true });
    });

    it('item 7: a reply after the timeout is a time-out, also when a stall holds it until the loop reads it', async () => {
      const outcomes = await probeIn<Record<string, Outcome>>(
        lab,
        `
        const first = ping(v4, '127.0.0.64', 200);
        setTimeout(() => block(700), 50); // the reply comes at 400 ms, in the stall; then the loop polls before its timers
        const lateInStall = await first;
        const second = ping(v4, '127.0.0.64', 200);
        block(700); // a stall right after the send: timers come first
        const lateAfterStall = await second;
        const late = await ping(v4, '127.0.0.64', 200);
        return { lateInStall, lateAfterStall, late };
        `,
      );
      for (const [name, outcome] of Object.entries(outcomes)) expect(outcome.ok, name).toBe(false);
      expect(outcomes.late).toMatchObject({ ok: false, error: 'request timed out' });
      // read after the stall, stamped at its arrival: too late
      expect(outcomes.lateInStall).toMatchObject({ ok: false, error: expect.stringMatching(/^request timed out \(answer came after \d+\.\d ms\)$/) });
      expect(outcomes.lateAfterStall).toMatchObject({ ok: false, error: expect.stringMatching(/^request timed out/) });
      for (const outcome of [outcomes.lateInStall, outcomes.lateAfterStall]) expect(outcome?.tookMs).toBeGreaterThanOrEqual(700);
    });

    it('item 7: a 20 ms reply that arrives during a 900 ms stall is ok with its own RTT (timeout 400 ms)', async () => {
      type Row = Outcome & { stall: string };
      const rows = await probeIn<Row[]>(
        lab,
        `
        const rows = [];
        for (let round = 0; round < 3; round += 1) {
          await sleep(20);
          // the timeout leaves the responder (another process) time to answer on a busy machine
          const inCheck = ping(v4, '127.0.0.68', 400);
          setImmediate(() => block(900)); // the reply comes at 20 ms, in the stall; the timer is due when it ends
          rows.push({ stall: 'check phase', ...(await inCheck) });
          await sleep(20);
          const inTimer = ping(v4, '127.0.0.68', 400);
          setTimeout(() => block(900), 5); // ... and here the loop polls before its timers
          rows.push({ stall: 'timer', ...(await inTimer) });
        }
        return rows;
        `,
      );
      expect(rows).toHaveLength(6);
      for (const row of rows) {
        expect(row, row.stall).toMatchObject({ ok: true });
        expect(row.rttMs, row.stall).toBeGreaterThan(15);
        expect(row.rttMs, row.stall).toBeLessThan(400); // the packet's arrival, not the read after the stall (900 ms)
      }
    });

    it('item 6: a redirect or source quench about our request does not end it; the reply that follows counts (ICMP and ICMPv6)', async () => {
      const outcomes = await probeIn<Record<string, Outcome>>(
        lab,
        `
        const [redirect, quench, redirect6] = await Promise.all([
          ping(v4, '127.0.0.65', 1000),
          ping(v4, '127.0.0.66', 1000),
          ping(v6, '2001:db8:2::7', 1000),
        ]);
        return { redirect, quench, redirect6 };
        `,
      );
      expect(responder.output()).toMatch(/answered 127\.0\.0\.65 with 5/);
      expect(responder.output()).toMatch(/answered 127\.0\.0\.66 with 4/);
      expect(responder.output()).toMatch(/answered 2001:db8:2::7 with 137/);
      for (const [name, outcome] of Object.entries(outcomes)) {
        expect(outcome, name).toMatchObject({ ok: true });
        expect(outcome.rttMs, name).toBeGreaterThan(40); // the reply's, 50 ms after the redirect
      }
    });

    it('item 13: an ICMPv6 error about our request is matched to it at once; one quoting a request to another address is not', async () => {
      const outcomes = await probeIn<Record<string, Outcome>>(
        lab,
        `
        const [ours, someoneElses] = await Promise.all([ping(v6, '2001:db8:2::5', 5000), ping(v6, '2001:db8:2::6', 1000)]);
        return { ours, someoneElses };
        `,
      );
      expect(outcomes.ours?.tookMs).toBeLessThan(2000); // not its 5 s timeout
      expect(outcomes.ours).toMatchObject({ ok: false, error: 'destination address unreachable (from 2001:db8:2::5)' });
      expect(responder.output()).toMatch(/answered 2001:db8:2::6 with 1/);
      expect(outcomes.someoneElses).toMatchObject({ ok: false, error: 'request timed out' });
    });
  });
});
