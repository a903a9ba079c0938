/**
 * A restart continues each target's status (issue 10, item 3): a target down before the restart that
 * answers afterwards gets its UP email with the whole outage; one still down gets no second DOWN; one
 * that was up goes down normally; one whose checked settings changed starts unknown. Real TCP services
 * on loopback, the real event log, our MTA delivering to Maildir.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostDownEvent, HostUpEvent } from '@uptime/events';
import { freePort, lab, startMta } from './helpers/mta-child.js';
import { TcpService, deliveredMail, runMonitor, transitions, writeLabConfig, type MonitorRun } from './helpers/monitor-run.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Transition = HostDownEvent | HostUpEvent;
const summary = (e: Transition) => `${e.target} ${e.before}->${e.after}`;

async function started(dir: string): Promise<MonitorRun> {
  const run = await runMonitor(dir);
  cleanups.push(() => run.stop());
  return run;
}

describe('target state across a restart', () => {
  it('ends an outage that began before the restart, and sends no second DOWN for a target still down', async () => {
    const mtaPort = await freePort();
    const { dir, layout } = await lab(mtaPort);
    const back = await TcpService.create();
    const still = await TcpService.create();
    const fails = await TcpService.create();
    const moved = await TcpService.create();
    const movedTo = await TcpService.create();
    for (const s of [back, still, fails, moved, movedTo]) cleanups.push(() => s.down());
    await fails.up();
    await movedTo.up();
    await writeLabConfig(dir, mtaPort, [
      { name: 'back', port: back.port },
      { name: 'still', port: still.port },
      { name: 'fails', port: fails.port },
      { name: 'moved', port: moved.port },
    ]);
    await startMta(dir, cleanups);

    const first = await started(dir);
    await expect.poll(async () => (await transitions(layout.events)).map(summary).sort(), { timeout: 20_000 }).toEqual([
      'back unknown->down',
      'fails unknown->up',
      'moved unknown->down',
      'still unknown->down',
    ]);
    await first.stop();
    const downOf = async (target: string) =>
      (await transitions(layout.events)).find((e) => e.code === 'HOST_DOWN' && e.target === target) as HostDownEvent;
    const backDown = await downOf('back');
    const stillDown = await downOf('still');

    // while the monitor is stopped: one comes back, one fails, one is moved to another port
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await back.up();
    await fails.down();
    await writeLabConfig(dir, mtaPort, [
      { name: 'back', port: back.port },
      { name: 'still', port: still.port },
      { name: 'fails', port: fails.port },
      { name: 'moved', port: movedTo.port },
    ]);
    const second = await started(dir);
    await expect.poll(async () => (await transitions(layout.events)).length, { timeout: 20_000 }).toBe(7);
    // a few more checks of the target that is still down
    const checksOfStill = () => second.output.join('').split(`Network Inactive to 127.0.0.1`).length;
    await expect.poll(checksOfStill, { timeout: 20_000 }).toBeGreaterThan(10);
    await second.stop();

    const all = await transitions(layout.events);
    expect(all.slice(4).map(summary).sort()).toEqual(['back down->up', 'fails up->down', 'moved unknown->up']);
    const backUp = all.find((e): e is HostUpEvent => e.code === 'HOST_UP' && e.target === 'back') as HostUpEvent;
    const outage = (Date.parse(backUp.time) - Date.parse(backDown.time)) / 1000;
    expect(backUp.outageSeconds).toBe(outage);
    expect(outage).toBeGreaterThan(1.5);
    expect(all.filter((e) => e.target === 'still')).toHaveLength(1);

    const outageLog = await readFile(join(layout.logs, 'outage_log.csv'), 'utf8');
    expect(outageLog).toContain(`,back,${backDown.time},${backUp.time},${outage}`);
    const status = JSON.parse(await readFile(layout.statusFile, 'utf8')) as { targets: Array<{ name: string; status: string; since: string }> };
    expect(status.targets.find((t) => t.name === 'still')).toMatchObject({ status: 'down', since: stillDown.time });

    const subjects = async () => (await deliveredMail(layout)).map((m) => m.subject.replace(/ 127\.0\.0\.1 /, ' '));
    await expect.poll(subjects, { timeout: 20_000 }).toHaveLength(5);
    expect((await subjects()).sort()).toEqual([
      '[uptime] back is DOWN',
      '[uptime] back is UP',
      '[uptime] fails is DOWN',
      '[uptime] moved is DOWN',
      '[uptime] still is DOWN',
    ]);
    const upMail = (await deliveredMail(layout)).find((m) => m.subject.includes('back') && m.subject.endsWith('UP'));
    expect(upMail?.text).toContain(`(${outage} seconds)`);
  });
});
