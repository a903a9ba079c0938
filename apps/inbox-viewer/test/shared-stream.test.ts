import { join } from 'node:path';
import { dataLayout, type DataLayout } from '@uptime/config';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, deliver } from '../src/test-support/maildir-fixture.js';
import { launchChromium, missingForBrowser } from './chromium.js';
import { CLI, killAll, launch, workDir } from './launch.js';

const missing = missingForBrowser(CLI);
if (missing.length > 0) console.warn(`SKIPPED shared event stream tests of the viewer: ${missing.join(' and ')} missing (apt-get install -y chromium; pnpm build)`);

/** More tabs than the six connections per host that Chromium allows. */
const TABS = 8;

describe.skipIf(missing.length > 0)('one event stream shared by every tab, in a real browser', () => {
  let browser: Browser;
  let url: string;
  let layout: DataLayout;
  let sent = 0;

  async function mail(subject: string): Promise<void> {
    const at = new Date(Date.UTC(2026, 10, 21, 10, 0, ++sent));
    await deliver(layout, await compose({ from: 'Uptime <uptime@localhost>', to: 'admin@localhost', subject, text: subject, date: at }), { mailbox: 'admin', at });
  }

  /** Delivers a message and waits until every page shows it without a reload. */
  async function everyTabShows(pages: Page[], subject: string): Promise<void> {
    await mail(subject);
    await Promise.all(pages.map((p) => p.getByRole('link', { name: subject }).waitFor({ timeout: 30_000 })));
  }

  beforeAll(async () => {
    const cwd = await workDir('127.0.0.1:0');
    layout = dataLayout(join(cwd, 'data'));
    await mail('seed');
    url = await launch(cwd).listening;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    killAll();
  });

  for (const mode of ['shared-worker', 'leader'] as const) {
    it(`loads ${TABS} tabs, each live and updated, through ${mode === 'leader' ? 'a leader tab (no SharedWorker: Web Locks and a BroadcastChannel)' : 'a SharedWorker'}`, async () => {
      const context = await browser.newContext();
      if (mode === 'leader') await context.addInitScript('window.SharedWorker = undefined');
      const pages: Page[] = [];
      for (let i = 0; i < TABS; i++) {
        const page = await context.newPage();
        await page.goto(url, { timeout: 30_000 }); // a seventh tab never loaded while each held its own stream
        await page.waitForSelector('body.live', { timeout: 30_000 });
        await page.evaluate('window.__notReloaded = true');
        pages.push(page);
      }
      for (const page of pages) expect(await page.evaluate('window.uptimeStream.mode')).toBe(mode);
      await everyTabShows(pages, `for all ${mode}`);
      // The tab that opened first (the leader, or the worker's first client) goes; the others keep getting updates.
      await pages.shift()!.close();
      await everyTabShows(pages, `after one left ${mode}`);
      const extra = await context.newPage();
      await extra.goto(url, { timeout: 30_000 });
      for (const page of pages) expect(await page.evaluate('window.__notReloaded')).toBe(true);
      await context.close();
    });
  }
});
