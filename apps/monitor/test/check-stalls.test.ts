/**
 * Issue 10 item 7 for the tcp, http and dns probes: an answer that came in time but is read only after an
 * event-loop stall (a long synchronous task, a big GC) is not a time-out. After a stall libuv runs the due
 * timers before it polls, so each probe decides its deadline after the waiting I/O has been read. The
 * answers come from other processes (the kernel's TCP handshake, an HTTP server in a child, dnsmasq).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import { createTcpProbe } from '../src/probes/tcp-probe.js';
import { createHttpProbe } from '../src/probes/http-probe.js';
import { createDnsProbe } from '../src/probes/dns-probe.js';
import type { ProbeResult } from '../src/probes/probe.js';
import { dnsmasqUnavailable, startDnsmasq, type Dnsmasq } from './helpers/name-servers.js';

/** Keeps the event loop busy, as a long synchronous task would. */
const block = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const TIMEOUT_MS = 100;
const STALL_MS = 300;

/**
 * Starts a check, then stalls the loop past its deadline in the check phase (setImmediate), right after
 * the start or `afterMs` later. (A stall inside a timer would not do: the loop polls before its next timers.)
 */
async function stalled(check: () => Promise<ProbeResult>, afterMs = 0): Promise<ProbeResult> {
  const result = check();
  const stall = () => setImmediate(() => block(STALL_MS));
  if (afterMs === 0) stall();
  else setTimeout(stall, afterMs);
  return result;
}

describe('a tcp, http or dns answer read after an event-loop stall', () => {
  let listener: Server;
  let http: ChildProcess;
  let httpPort = 0;
  beforeAll(async () => {
    listener = createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
    await new Promise((done) => listener.once('listening', done));
    // the HTTP server answers from its own process, 50 ms after the request, while this one is stalled
    http = spawn(process.execPath, ['-e', "require('node:http').createServer((q, r) => setTimeout(() => r.end('up'), 50)).listen(0, '127.0.0.1', function () { console.log(this.address().port) })"], { stdio: ['ignore', 'pipe', 'inherit'] });
    httpPort = await new Promise<number>((done) => http.stdout?.once('data', (d: Buffer) => done(Number(d.toString().trim()))));
  });
  afterAll(() => {
    listener.close();
    http.kill();
  });

  it('tcp: a connection accepted at once is ok, with the stall in the check phase right after the connect', async () => {
    const port = (listener.address() as { port: number }).port;
    const probe = createTcpProbe();
    for (let round = 0; round < 3; round += 1) {
      const result = await stalled(() => probe.check({ name: 't', probe: 'tcp', host: '127.0.0.1', port }, TIMEOUT_MS));
      expect(result, `round ${round}`).toMatchObject({ ok: true, address: '127.0.0.1' });
      await sleep(10);
    }
  });

  it('http: an answer that came during the stall (from 20 ms after the request; the answer at 50 ms) is ok; a late answer and a closed port still fail', async () => {
    const probe = createHttpProbe();
    const target: TargetConfig = { name: 'h', probe: 'http', host: '127.0.0.1', url: `http://127.0.0.1:${httpPort}/` };
    for (let round = 0; round < 3; round += 1) {
      const result = await stalled(() => probe.check(target, TIMEOUT_MS), 20);
      expect(result, `round ${round}`).toMatchObject({ ok: true });
      await sleep(10);
    }
    // the deadline still holds: an answer 50 ms after the request is late for a 30 ms timeout
    expect(await probe.check(target, 30)).toMatchObject({ ok: false, error: expect.stringMatching(/no answer within 30 ms/) });
    const closed = (listener.address() as { port: number }).port; // accepts and closes at once: no HTTP answer
    expect(await probe.check({ ...target, url: `http://127.0.0.1:${closed}/` }, TIMEOUT_MS)).toMatchObject({ ok: false });
  });

  describe.skipIf(dnsmasqUnavailable() !== undefined)('dns', () => {
    let dns: Dnsmasq;
    beforeAll(async () => {
      dns = await startDnsmasq(['--host-record=gateway.lab.test,127.0.0.1']);
    });
    afterAll(() => dns.stop());

    it('an answer that came during the stall (in the check phase right after the query) is ok', async () => {
      const probe = createDnsProbe();
      const port = Number(dns.server.slice(dns.server.lastIndexOf(':') + 1));
      for (let round = 0; round < 3; round += 1) {
        const result = await stalled(() => probe.check({ name: 'd', probe: 'dns', host: '127.0.0.1', port, query: 'gateway.lab.test', type: 'A' }, TIMEOUT_MS));
        expect(result, `round ${round}`).toMatchObject({ ok: true });
        await sleep(10);
      }
    });
  });
});
