/**
 * The Silences page and the Silence and Acknowledge forms of /status against the real monitor (issue 13),
 * clicked in a real browser with JavaScript on and off: what a click asks for really happens (the monitor
 * applies it: the silence is listed as in force, the card wears its badge, the acknowledgement is
 * recorded), and axe finds nothing on the pages as they then are (badges of every kind, a silence listed).
 * TCP targets on 127.0.0.1 (one listening, the others closed ports); the real MTA and monitor CLIs.
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataLayout } from '@uptime/config';
import { readEvents } from '@uptime/events';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, missingForBrowser } from './chromium.js';
import { cleanEnv, freePort, killAll, launch, launchMta, workDir } from './launch.js';

const MONITOR_CLI = fileURLToPath(new URL('../../monitor/dist/cli.js', import.meta.url));
const missing = missingForBrowser(MONITOR_CLI);
if (missing.length > 0) console.warn(`SKIPPED silences with the monitor: ${missing.join(' and ')} missing (apt-get install -y chromium; pnpm build)`);

/** How long the monitor may take to apply a request on a loaded machine. */
const SOON = { timeout: 20_000, interval: 250 };

const MODES = [
  ['on', true],
  ['off', false],
] as const;

interface ApiTarget {
  name: string;
  status: string;
  silenced: boolean;
  acknowledged: boolean;
}

describe.skipIf(missing.length > 0)('silences and acknowledgements through the viewer, applied by the real monitor', () => {
  let browser: Browser;
  let url: string;
  let cwd: string;
  const listening: Server[] = [];
  const monitorOutput: string[] = [];
  let stopMonitor = () => undefined as unknown;

  const card = (page: Page, name: string) => page.locator(`section#target-${Buffer.from(name).toString('base64url')}`);
  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${url}${path}`)).json()) as T;
  const target = async (name: string) => (await api<{ targets: ApiTarget[] }>('/api/status')).targets.find((t) => t.name === name);
  const events = (code: 'SILENCE_ADDED' | 'SILENCE_REMOVED' | 'ACKNOWLEDGED') => readEvents(dataLayout(join(cwd, 'data')).events, { code, limit: 100 });

  /** The badges of a target's card once they read `expected` (the page is loaded again until then: under load the monitor may apply a request after the page came back). */
  async function badgesSoon(page: Page, name: string, expected: string[]): Promise<void> {
    const badges = () => card(page, name).locator('.badge').allTextContents();
    await expect.poll(async () => (JSON.stringify(await badges()) === JSON.stringify(expected) ? expected : (await page.reload(), badges())), SOON).toEqual(expected);
  }

  async function submit(page: Page, button: Locator): Promise<number> {
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()), button.click()]);
    await page.waitForLoadState('load');
    return response.status();
  }

  async function open(javaScriptEnabled: boolean, path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled, colorScheme });
    const page = await context.newPage();
    await page.goto(`${url}${path}`);
    return { context, page };
  }

  beforeAll(async () => {
    /** A port that answers (a server of the test's own), or one that refuses (free a moment ago). */
    const up = async () => {
      const server = createServer((socket) => socket.destroy());
      listening.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    };
    const smtpPort = await freePort();
    const tcp = (name: string, port: number, extra = '') => `    - { name: ${name}, probe: tcp, host: 127.0.0.1, port: ${port}${extra} }\n`;
    let targets = '';
    for (const [mode] of MODES) targets += tcp(`web-${mode}`, await up()) + tcp(`db-${mode}`, await freePort()) + tcp(`gw-${mode}`, await freePort());
    targets += tcp('core', await freePort()) + tcp('edge', await freePort(), ', parent: core');
    cwd = await workDir(
      '127.0.0.1:0',
      `mta:\n  listen: "127.0.0.1:${smtpPort}"\nalerts:\n  to: [admin@localhost]\n  groupWait: 0\nmonitor:\n  interval: 300ms\n  timeout: 200ms\n  failureThreshold: 1\n  targets:\n${targets}`,
    );
    await launchMta(cwd);
    const monitor = spawn(process.execPath, [MONITOR_CLI, '--config', 'uptime.config.yaml', '--data-dir', 'data'], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    stopMonitor = () => monitor.kill('SIGKILL');
    monitor.stdout.on('data', (c: Buffer) => monitorOutput.push(c.toString()));
    monitor.stderr.on('data', (c: Buffer) => monitorOutput.push(c.toString()));
    url = await launch(cwd).listening;
    const statuses = async () => (await api<{ targets: ApiTarget[] }>('/api/status')).targets.map((t) => `${t.name} ${t.status}`).sort().join(', ');
    const expected = 'core down, db-off down, db-on down, edge unreachable, gw-off down, gw-on down, web-off up, web-on up';
    for (const deadline = Date.now() + 30_000; (await statuses()) !== expected; await new Promise((r) => setTimeout(r, 200))) {
      if (Date.now() > deadline) throw new Error(`targets not checked as expected: ${await statuses()}\n${monitorOutput.join('').slice(-2000)}`);
    }
    browser = await launchChromium();
    stopMonitor = () => monitor.kill('SIGKILL');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    stopMonitor();
    killAll();
    for (const server of listening) server.close();
  });

  for (const [mode, javaScriptEnabled] of MODES) {
    it(`silences a target from /status and acknowledges another: the monitor applies both and the cards say so (JavaScript ${mode})`, async () => {
      const { context, page } = await open(javaScriptEnabled, '/status');
      const web = card(page, `web-${mode}`);
      await web.getByLabel('Silence for').selectOption('1h');
      await web.getByLabel(`Comment on the silence of web-${mode}`).fill(`deploy ${mode}`);
      expect(await submit(page, web.getByRole('button', { name: 'Silence' }))).toBe(303);
      await badgesSoon(page, `web-${mode}`, ['SILENCED', 'UP']);
      expect(await web.getByRole('button', { name: 'Silence' }).count()).toBe(0);
      await expect.poll(() => target(`web-${mode}`), SOON).toMatchObject({ silenced: true, acknowledged: false });
      const { silences } = await api<{ silences: Array<{ id: string; targets: string[]; comment: string; author: string }> }>('/api/silences');
      expect(silences.filter((s) => s.comment === `deploy ${mode}`)).toEqual([expect.objectContaining({ targets: [`web-${mode}`], author: 'viewer' })]);
      expect((await events('SILENCE_ADDED')).map((e) => e.code === 'SILENCE_ADDED' && e.comment)).toContain(`deploy ${mode}`);

      const db = card(page, `db-${mode}`);
      await db.getByLabel(`Comment on the acknowledgement of db-${mode}`).fill(`disk replaced ${mode}`);
      expect(await submit(page, db.getByRole('button', { name: 'Acknowledge' }))).toBe(303);
      await badgesSoon(page, `db-${mode}`, ['ACKNOWLEDGED', 'DOWN']);
      expect(await db.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
      await expect.poll(() => target(`db-${mode}`), SOON).toMatchObject({ status: 'down', acknowledged: true });
      const acks = (await events('ACKNOWLEDGED')).filter((e) => e.code === 'ACKNOWLEDGED' && e.target === `db-${mode}`);
      expect(acks).toEqual([expect.objectContaining({ author: 'viewer', comment: `disk replaced ${mode}` })]);
      await page.goto(`${url}/events`);
      const eventsPage = (await page.locator('main').textContent()) ?? '';
      for (const text of ['SILENCE_ADDED', `deploy ${mode}`, 'ACKNOWLEDGED', `disk replaced ${mode}`, 'HOST_UNREACHABLE']) expect(eventsPage).toContain(text);
      await context.close();
    });

    it(`the Ack link of a DOWN email opens the target's Acknowledge form, ready to type in and send (JavaScript ${mode})`, async () => {
      const name = `gw-${mode}`;
      const anchor = `target-${Buffer.from(name).toString('base64url')}`;
      // the link as the monitor writes it into the email (alerting/viewer-links); the focused field is scrolled to
      const link = `/status?ack=${encodeURIComponent(name)}`;
      const { context, page } = await open(javaScriptEnabled, link);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`${anchor}-ac`);
      const box = await page.locator(`#${anchor}-ac`).boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= (page.viewportSize()?.height ?? 0)).toBe(true); // scrolled to
      await page.keyboard.type(`from the email ${mode}`);
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest()), page.keyboard.press('Enter')]);
      expect(response.status()).toBe(303);
      await page.waitForLoadState('load');
      await badgesSoon(page, name, ['ACKNOWLEDGED', 'DOWN']);
      const acks = (await events('ACKNOWLEDGED')).filter((e) => e.code === 'ACKNOWLEDGED' && e.target === name);
      expect(acks).toEqual([expect.objectContaining({ comment: `from the email ${mode}` })]);

      // the same link again: it says that the target is acknowledged already
      await page.goto(`${url}${link}`);
      expect(await page.locator('#ack-notice').textContent()).toContain(`${name} is acknowledged already`);
      await context.close();
    });

    it(`adds a silence on /silences, lists it as in force, and deletes it (JavaScript ${mode})`, async () => {
      const { context, page } = await open(javaScriptEnabled, '/silences');
      await page.getByLabel('Targets (none chosen = every target)').selectOption(['core']);
      await page.getByLabel('For', { exact: true }).selectOption('4h');
      await page.getByLabel('Comment').fill(`switch swap ${mode}`);
      expect(await submit(page, page.getByRole('button', { name: 'Add silence' }))).toBe(303);
      const row = page.getByRole('row', { name: new RegExp(`core.*switch swap ${mode}`) });
      await expect.poll(async () => ((await row.textContent()) ?? '').includes('waiting for the monitor') ? (await page.reload(), 'waiting') : 'in force', SOON).toBe('in force');
      await expect.poll(() => target('core'), SOON).toMatchObject({ silenced: true });

      expect(await submit(page, row.getByRole('button', { name: 'Delete the silence of core' }))).toBe(303);
      expect(await page.getByText(`switch swap ${mode}`).count()).toBe(0);
      await expect.poll(async () => (await api<{ silences: Array<{ comment: string }> }>('/api/silences')).silences.map((s) => s.comment), SOON).not.toContain(`switch swap ${mode}`);
      await expect.poll(() => target('core'), SOON).toMatchObject({ silenced: false });
      expect((await events('SILENCE_REMOVED')).filter((e) => e.code === 'SILENCE_REMOVED' && e.comment === `switch swap ${mode}`)).toHaveLength(1);
      await context.close();
    });
  }

  it('has no serious or critical axe violation on /status (every badge) and /silences (a silence in force), light and dark, with and without the page\'s scripts', async () => {
    const found: Record<string, unknown> = {};
    // axe needs JavaScript in the page; "off" here keeps the page's own scripts from loading, so the page is what a browser without JavaScript shows
    for (const [mode] of MODES) {
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const path of ['/status', '/silences']) {
          const context = await browser.newContext({ colorScheme });
          if (mode === 'off') await context.route('**/*', (route) => (route.request().resourceType() === 'script' ? route.abort() : route.continue()));
          const page = await context.newPage();
          await page.goto(`${url}${path}`);
          if (path === '/status') await page.locator('.badge', { hasText: 'UNREACHABLE' }).waitFor();
          const violations = await axeViolations(page, ['empty-table-header']);
          if (violations.length > 0) found[`${path} ${colorScheme} scripts ${mode}`] = violations;
          await context.close();
        }
      }
    }
    expect(found, JSON.stringify(found, null, 2)).toEqual({});
  });
});
