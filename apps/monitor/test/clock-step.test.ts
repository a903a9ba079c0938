/**
 * @module A step of the wall clock (NTP, `date -s`) under the real monitor CLI: libfaketime moves only
 * the wall clock of the monitor's process (the monotonic clock stays true), by a file the test
 * rewrites mid-run. Checking goes on at its pace, neither stopped nor flooded, and every time people
 * read follows the step at once and agrees: check line, CSV row, event, outage row, status file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readEvents, type HostUpEvent } from '@uptime/events';
import { cleanEnv, waitFor } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const libfaketime = [
  ...readdirSync('/usr/lib').map((dir) => `/usr/lib/${dir}/faketime/libfaketime.so.1`),
  '/usr/lib/faketime/libfaketime.so.1',
  '/usr/local/lib/faketime/libfaketime.so.1',
].find((path) => existsSync(path));
const unavailable = libfaketime ? undefined : 'needs libfaketime (Debian package faketime; scripts/install-test-deps.sh installs it)';
if (unavailable) console.warn(`SKIPPED clock-step test: ${unavailable}`);

const HOUR = 3600_000;
const INTERVAL_MS = 200;
const WINDOW_MS = 5000;
const CHECK = / Network (Active|Inactive) to 127\.0\.0\.1$/;

/** A TCP port on 127.0.0.1 that the test opens and closes: the target that goes down and comes back. */
function listen(port = 0): Promise<Server> {
  const server = createServer((socket) => socket.destroy());
  return new Promise((done, fail) => server.once('error', fail).listen(port, '127.0.0.1', () => done(server)));
}
const portOf = (server: Server) => (server.address() as { port: number }).port;
const closed = (server: Server) => new Promise((done) => server.close(done));

/** The local time `YYYY-MM-DD HH:MM:SS` of a check line, a CSV row or an event (to the second). */
const second = (time: string) => time.slice(0, 19).replace('T', ' ');
const lineMs = (line: string) => new Date(line.slice(0, 19).replace(' ', 'T')).getTime();

let server: Server | undefined;
afterEach(async () => {
  if (server?.listening) await closed(server);
});

/** The monitor CLI checking a TCP service the test opens (`server`), with a wall clock the test steps by writing `clockFile`. */
async function startSteppableMonitor() {
  const dir = mkdtempSync(join(tmpdir(), 'uptime-clock-step-'));
  const dataDir = join(dir, 'data');
  const clockFile = join(dir, 'faketime.rc');
  writeFileSync(clockFile, '+0\n');
  server = await listen();
  const port = portOf(server);
  const config = join(dir, 'uptime.config.yaml');
  writeFileSync(
    config,
    `monitor: { interval: ${INTERVAL_MS}ms, timeout: 150ms, failureThreshold: 1,\n` +
      `  targets: [{ name: clock-step, probe: tcp, host: 127.0.0.1, port: ${port} }] }\n` +
      'mta: { listen: "127.0.0.1:9" }\n', // no MTA there: alerts wait in the outbox
  );
  const env = cleanEnv({
    LD_PRELOAD: libfaketime as string,
    FAKETIME_TIMESTAMP_FILE: clockFile,
    FAKETIME_NO_CACHE: '1', // read the file at every clock reading: the step takes effect at once
    FAKETIME_DONT_FAKE_MONOTONIC: '1', // only the wall clock moves
  });
  const child = spawn(process.execPath, [cli, '--config', config, '--data-dir', dataDir], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return { dataDir, clockFile, child, port };
}

describe.skipIf(unavailable !== undefined)('a step of the wall clock under the running monitor', () => {
  it.each([
    { step: '-1h', shift: -HOUR },
    { step: '+1h', shift: HOUR },
  ])('$step: checks go on at their pace, and the check lines, CSV, events and outages all show the stepped time', async ({ step, shift }) => {
    const { dataDir, clockFile, child, port } = await startSteppableMonitor();
    const lines: Array<{ at: number; text: string }> = [];
    let pending = '';
    let errors = '';
    child.stdout.on('data', (d: Buffer) => {
      const parts = (pending + d.toString()).split('\n');
      pending = parts.pop() ?? '';
      for (const text of parts) lines.push({ at: performance.now(), text });
    });
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    const checks = () => lines.filter((l) => CHECK.test(l.text));
    let stopped: number | null = null;
    try {
      await waitFor('5 checks before the step', () => checks().length >= 5);
      const statusBefore = readFileSync(join(dataDir, 'run', 'status.json'), 'utf8');
      writeFileSync(clockFile, `${step}\n`);
      const stepAt = performance.now();
      const steppedNow = () => Date.now() + shift;

      await waitFor('the window after the step', () => performance.now() > stepAt + 500 + WINDOW_MS, WINDOW_MS + 10_000);
      const inWindow = checks().filter((l) => l.at > stepAt + 500 && l.at <= stepAt + 500 + WINDOW_MS).length;
      const expected = WINDOW_MS / INTERVAL_MS;
      expect(inWindow, `checks in ${WINDOW_MS} ms after the step`).toBeGreaterThanOrEqual(Math.floor(expected * 0.7));
      expect(inWindow, `checks in ${WINDOW_MS} ms after the step`).toBeLessThanOrEqual(Math.ceil(expected * 1.3) + 3);
      // the status file kept being rewritten, with checks at the stepped time
      const status = JSON.parse(readFileSync(join(dataDir, 'run', 'status.json'), 'utf8')) as { targets: Array<{ lastCheck: string }> };
      expect(status).not.toEqual(JSON.parse(statusBefore));
      expect(Math.abs(Date.parse(status.targets[0]?.lastCheck ?? '') - steppedNow())).toBeLessThan(5000);

      // the target goes down and comes back after the step
      await closed(server as Server);
      await waitFor('a failed check', () => checks().some((l) => l.text.includes('Inactive')));
      server = await listen(port);
      const upAgain = checks().length;
      await waitFor('a check that succeeds again', () => checks().slice(upAgain).some((l) => l.text.includes('Active')));
    } finally {
      child.kill('SIGTERM');
      stopped = await exited;
    }
    expect(stopped, errors).toBe(0);
    expect(errors).not.toMatch(/Error|uncaught|unhandled/i);

    const events = await readEvents(join(dataDir, 'events'), { limit: 10_000 });
    const down = events.find((e) => e.code === 'HOST_DOWN');
    const up = events.find((e) => e.code === 'HOST_UP' && e.before === 'down');
    const stoppedEvent = events.find((e) => e.code === 'MONITOR_STOPPED');
    expect(down && up && stoppedEvent, JSON.stringify(events)).toBeTruthy();
    const firstFailure = checks().find((l) => l.text.includes('Inactive'))?.text as string;
    // the failed check, its CSV row and the event it caused: the same second, at the stepped time
    expect(second(firstFailure)).toBe(second(down?.time as string));
    const csv = readFileSync(join(dataDir, 'logs', 'connection_log.csv'), 'utf8').trim().split('\n');
    expect(second(csv.find((row) => row.split(',')[4] === 'down') as string)).toBe(second(down?.time as string));
    expect(Math.abs(lineMs(firstFailure) - (Date.now() + shift))).toBeLessThan(30_000);
    // the outage starts and ends with its events
    const outage = readFileSync(join(dataDir, 'logs', 'outage_log.csv'), 'utf8').trim().split('\n')[1]?.split(',') ?? [];
    expect([outage[3], outage[4]]).toEqual([down?.time, up?.time]);
    // the last check line and the stop of the monitor: moments apart on the one clock, not an hour
    const lastCheck = checks().at(-1)?.text as string;
    expect(Math.abs(Date.parse(stoppedEvent?.time as string) - lineMs(lastCheck))).toBeLessThan(5000);
  });

  it('-1h during an outage: the outage lasts the real time it lasted, and its row starts and ends with its events', async () => {
    const { dataDir, clockFile, child, port } = await startSteppableMonitor();
    let out = '';
    let errors = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    const codes = async () => (await readEvents(join(dataDir, 'events'), { limit: 100 })).map((e) => e.code);
    let stopped: number | null = null;
    let downAt = 0;
    let upAt = 0;
    try {
      await waitFor('the first successful check', () => out.includes('Network Active'));
      await closed(server as Server);
      await waitFor('HOST_DOWN', async () => (await codes()).includes('HOST_DOWN'));
      downAt = performance.now();
      writeFileSync(clockFile, '-1h\n');
      await new Promise((done) => setTimeout(done, 3000));
      server = await listen(port);
      await waitFor('HOST_UP', async () => (await codes()).filter((c) => c === 'HOST_UP').length >= 2);
      upAt = performance.now();
    } finally {
      child.kill('SIGTERM');
      stopped = await exited;
    }
    expect(stopped, errors).toBe(0);
    const events = await readEvents(join(dataDir, 'events'), { limit: 100 });
    const up = events.find((e): e is HostUpEvent => e.code === 'HOST_UP' && e.before === 'down');
    const real = (upAt - downAt) / 1000;
    // the outage lasted about 3 s of real time (the test saw HOST_DOWN a little after it, HOST_UP a little after it)
    expect(up?.outageSeconds, JSON.stringify(up)).toBeGreaterThan(2.5);
    expect(up?.outageSeconds).toBeLessThan(real + 1.5);
    const [, row] = readFileSync(join(dataDir, 'logs', 'outage_log.csv'), 'utf8').trim().split('\n');
    const [, , , start, end, seconds] = (row ?? '').split(',');
    expect(Number(seconds)).toBe(up?.outageSeconds);
    // the row starts and ends with its events (the clock people read); its length is the real one
    const down = events.find((e) => e.code === 'HOST_DOWN');
    expect([start, end]).toEqual([down?.time, up?.time]);
  });
});
