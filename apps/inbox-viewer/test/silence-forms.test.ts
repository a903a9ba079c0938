/**
 * The Silence and Acknowledge forms of /status and the add and Delete forms of /silences (issue 13),
 * clicked in a real browser with JavaScript on and off. The viewer leaves a request for the monitor (the
 * one owner of silences); no monitor runs here, so each request stays in the directory to be read, and
 * the silences page lists the added one as waiting for the monitor.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dataLayout, type DataLayout } from '@uptime/config';
import type { ControlRequest } from '@uptime/control';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStatus } from './demo-data.js';
import { killAll, launch, workDir } from './launch.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
if (!existsSync(CHROMIUM)) console.warn(`SKIPPED silence form tests of the viewer: ${CHROMIUM} missing (apt-get install -y chromium)`);

describe.skipIf(!existsSync(CHROMIUM))('silence and acknowledge forms in a real browser', () => {
  let browser: Browser;
  let url: string;
  let layout: DataLayout;

  /** The requests left for the monitor, oldest first; taken away (as the monitor would once applied). */
  function takeRequests(): ControlRequest[] {
    const dir = layout.controlRequests;
    const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort() : [];
    const requests = names.map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as ControlRequest);
    for (const n of names) rmSync(join(dir, n));
    return requests;
  }

  const card = (name: string) => `section#target-${Buffer.from(name).toString('base64url')}`;

  async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<number> {
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()), button.click()]);
    await page.waitForLoadState('load');
    return response.status();
  }

  beforeAll(async () => {
    const cwd = await workDir('127.0.0.1:0');
    layout = dataLayout(join(cwd, 'data'));
    await writeStatus(layout, [{ name: 'web', host: '127.0.0.1', status: 'up' }, { name: 'db', host: '127.0.0.2', status: 'down' }]);
    url = await launch(cwd).listening;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    killAll();
  });

  for (const javaScriptEnabled of [true, false]) {
    const js = javaScriptEnabled ? 'JavaScript on' : 'JavaScript off';

    it(`silences and acknowledges from /status (${js})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${url}/status`);
      const web = page.locator(card('web'));
      await web.getByLabel('Silence for').selectOption('1h');
      await web.getByLabel('Comment on the silence of web').fill(`deploy ${js}`);
      expect(await submit(page, web.getByRole('button', { name: 'Silence' }))).toBe(303);
      expect(page.url()).toBe(`${url}/status#${card('web').slice('section#'.length)}`);
      const [added] = takeRequests();
      expect(added).toMatchObject({ kind: 'silence-add', silence: { targets: ['web'], author: 'viewer', comment: `deploy ${js}` } });
      const silence = (added as Extract<ControlRequest, { kind: 'silence-add' }>).silence;
      expect(Date.parse(silence.until) - Date.now()).toBeGreaterThan(3_500_000);

      const db = page.locator(card('db'));
      expect(await web.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0); // up: nothing to acknowledge
      await db.getByLabel('Comment on the acknowledgement of db').fill('disk replaced');
      expect(await submit(page, db.getByRole('button', { name: 'Acknowledge' }))).toBe(303);
      expect(takeRequests()).toEqual([{ kind: 'ack', target: 'db', author: 'viewer', comment: 'disk replaced', time: expect.any(String) }]);
      await context.close();
    });

    it(`adds a silence on /silences and deletes it (${js})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${url}/silences`);
      await page.getByLabel('Targets (none chosen = every target)').selectOption(['db']);
      await page.getByLabel('For', { exact: true }).selectOption('4h');
      await page.getByLabel('Comment').fill(`backup ${js}`);
      expect(await submit(page, page.getByRole('button', { name: 'Add silence' }))).toBe(303);
      expect(page.url()).toBe(`${url}/silences`);
      const row = page.getByRole('row', { name: new RegExp(`db.*backup ${js}`) });
      await expect.poll(() => row.textContent()).toContain('(waiting for the monitor)');
      expect(await submit(page, row.getByRole('button', { name: 'Delete the silence of db' }))).toBe(303);
      expect(await page.getByText(`backup ${js}`).count()).toBe(0);
      const [add, del] = takeRequests();
      expect(add).toMatchObject({ kind: 'silence-add', silence: { targets: ['db'], comment: `backup ${js}` } });
      expect(del).toEqual({ kind: 'silence-delete', id: (add as Extract<ControlRequest, { kind: 'silence-add' }>).silence.id, author: 'viewer' });
      await context.close();
    });
  }
});
