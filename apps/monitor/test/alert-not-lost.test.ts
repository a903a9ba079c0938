/**
 * A status change is committed only once its alert is safely recorded (issue 10, items 4 and 12): an
 * outbox that cannot be written makes the next checks try the change again; an event log that cannot be
 * written parks the alert, which is completed while running (or at the next start) with the time of the
 * change, not the time it was completed. Directories are broken by putting a file where the directory
 * is expected (root ignores chmod), then repaired. Real TCP services, event log and MTA.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataLayout } from '@uptime/config';
import type { HostDownEvent } from '@uptime/events';
import { freePort, lab, startMta } from './helpers/mta-child.js';
import { TcpService, deliveredMail, runMonitor, transitions, writeLabConfig, type MonitorRun } from './helpers/monitor-run.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Our MTA, a service checked by the target `svc` (up), and the monitor once it recorded svc up. */
async function labWithService(): Promise<{ dir: string; layout: DataLayout; svc: TcpService; run: MonitorRun }> {
  const mtaPort = await freePort();
  const { dir, layout } = await lab(mtaPort);
  const svc = await TcpService.create();
  cleanups.push(() => svc.down());
  await svc.up();
  await writeLabConfig(dir, mtaPort, [{ name: 'svc', port: svc.port }]);
  await startMta(dir, cleanups);
  const run = await runMonitor(dir);
  cleanups.push(() => run.stop());
  await expect.poll(async () => (await transitions(layout.events)).length, { timeout: 20_000 }).toBe(1);
  return { dir, layout, svc, run };
}

/** Replaces the events directory by a file; the returned function puts the directory back. */
async function breakEvents(layout: DataLayout): Promise<() => Promise<void>> {
  await rename(layout.events, `${layout.events}.away`);
  await writeFile(layout.events, 'not a directory\n');
  return async () => {
    await rm(layout.events);
    await rename(`${layout.events}.away`, layout.events);
  };
}

const failedChecks = (run: MonitorRun) => run.output.join('').split('Network Inactive to 127.0.0.1').length - 1;

const downEvents = async (layout: DataLayout) => (await transitions(layout.events)).filter((e): e is HostDownEvent => e.code === 'HOST_DOWN');

const downMail = async (layout: DataLayout) => (await deliveredMail(layout)).filter((m) => m.subject === '[uptime] svc 127.0.0.1 is DOWN');

describe('alerts are recorded before the status changes', () => {
  it('tries a change again when the outbox could not be written, and sends its alert once the outbox is back', async () => {
    const { layout, svc, run } = await labWithService();
    await rm(layout.outbox, { recursive: true, force: true });
    await writeFile(layout.outbox, 'not a directory\n');
    await svc.down();
    await expect.poll(() => failedChecks(run), { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
    expect(run.problems.join('\n')).toMatch(/check of svc failed: .*outbox/);
    expect(await downEvents(layout)).toEqual([]);
    const status = JSON.parse(await readFile(layout.statusFile, 'utf8')) as { targets: Array<{ status: string }> };
    expect(status.targets[0]?.status).toBe('up');

    await rm(layout.outbox);
    await expect.poll(() => downMail(layout), { timeout: 20_000 }).toHaveLength(1);
    await expect.poll(() => failedChecks(run), { timeout: 20_000 }).toBeGreaterThanOrEqual(15);
    expect(await downEvents(layout)).toHaveLength(1);
    expect(await downMail(layout)).toHaveLength(1);
  });

  it('checks a target whose confirmed change cannot be stored at its own pace, not at retryInterval (was 147 checks in 15 s)', async () => {
    const { dir, layout, svc, run: first } = await labWithService();
    await first.stop();
    const config = join(dir, 'uptime.config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('interval: 200ms', 'interval: 1s\n  retryInterval: 50ms').replace('failureThreshold: 1', 'failureThreshold: 2'));
    const run = await runMonitor(dir);
    cleanups.push(() => run.stop());
    await rm(layout.outbox, { recursive: true, force: true });
    await writeFile(layout.outbox, 'not a directory\n');
    await svc.down();
    await expect.poll(() => run.problems.join('\n'), { timeout: 20_000 }).toMatch(/check of svc failed: .*outbox/);
    const before = failedChecks(run);
    await sleep(3000);
    // at 1 s a check, about 3 in 3 s; at retryInterval it would be about 60
    expect(failedChecks(run) - before).toBeLessThanOrEqual(8);
    await rm(layout.outbox);
    await expect.poll(() => downMail(layout), { timeout: 20_000 }).toHaveLength(1);
  });

  it('completes an alert parked by a failed event write while running, once, with the time of the change', async () => {
    const { layout, svc, run } = await labWithService();
    const repair = await breakEvents(layout);
    await svc.down();
    await expect.poll(() => run.problems.join('\n'), { timeout: 20_000 }).toMatch(/check of svc failed/);
    const firstFailure = Date.now();
    await expect.poll(() => failedChecks(run), { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
    expect(await readdir(layout.outbox)).toHaveLength(1); // one parked alert, not one per check

    const repairedAt = Date.now();
    await repair();
    await expect.poll(() => downMail(layout), { timeout: 20_000 }).toHaveLength(1);
    const [down] = await downEvents(layout);
    expect(Date.parse(down?.time ?? '')).toBeLessThan(firstFailure);
    expect((await downMail(layout))[0]?.text).toContain(down?.time);
    await expect.poll(async () => (JSON.parse(await readFile(layout.statusFile, 'utf8')) as { targets: Array<{ status: string; since: string }> }).targets[0]).toMatchObject({
      status: 'down',
      since: down?.time,
    });
    const checksAfter = failedChecks(run) + 10;
    await expect.poll(() => failedChecks(run), { timeout: 20_000 }).toBeGreaterThanOrEqual(checksAfter);
    expect(await downEvents(layout)).toHaveLength(1);
    expect(await downMail(layout)).toHaveLength(1);
    expect(repairedAt).toBeGreaterThan(Date.parse(down?.time ?? ''));
  });

  it('completes an alert left parked at stop at the next start, with the time of the change, and no second DOWN', async () => {
    const { dir, layout, svc, run } = await labWithService();
    const repair = await breakEvents(layout);
    await svc.down();
    await expect.poll(async () => (await readdir(layout.outbox)).length, { timeout: 20_000 }).toBe(1);
    await run.stop();
    const stoppedAt = Date.now();
    await sleep(1500);
    await repair();

    const second = await runMonitor(dir);
    cleanups.push(() => second.stop());
    await expect.poll(() => downMail(layout), { timeout: 20_000 }).toHaveLength(1);
    const [down] = await downEvents(layout);
    expect(Date.parse(down?.time ?? '')).toBeLessThan(stoppedAt);
    expect(second.startedAt - Date.parse(down?.time ?? '')).toBeGreaterThan(1500);
    expect((await downMail(layout))[0]?.text).toContain(down?.time);
    await expect.poll(() => failedChecks(second), { timeout: 20_000 }).toBeGreaterThanOrEqual(10);
    expect(await downEvents(layout)).toHaveLength(1);
    expect(await downMail(layout)).toHaveLength(1);
  });
});
