import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { dataLayout, type DataLayout } from '@uptime/config';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, deliver } from '../src/test-support/maildir-fixture.js';
import { launchChromium, missingForBrowser } from './chromium.js';
import { CLI, killAll, launch, workDir } from './launch.js';

const missing = missingForBrowser(CLI);
if (missing.length > 0) console.warn(`SKIPPED live refresh tests of the viewer: ${missing.join(' and ')} missing (apt-get install -y chromium; pnpm build)`);

describe.skipIf(missing.length > 0)('live refresh in a real browser, for keyboard and screen reader users', () => {
  let browser: Browser;
  let url: string;
  let layout: DataLayout;
  let sent = 0;

  async function mail(subject: string): Promise<void> {
    const at = new Date(Date.UTC(2026, 10, 21, 10, 0, ++sent));
    await deliver(layout, await compose({ from: 'Uptime <uptime@localhost>', to: 'admin@localhost', subject, text: subject, date: at }), { mailbox: 'admin', at });
  }

  /** Where keyboard focus is: the element's tag, href or name, whether it is the node marked before, and whether it is in <main>. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as (HTMLElement & { __before?: boolean }) | null;
      return { tag: el?.tagName.toLowerCase(), href: el?.getAttribute('href'), name: el?.getAttribute('name'), inMain: !!el?.closest('main'), sameNode: el?.__before === true };
    });

  beforeAll(async () => {
    const cwd = await workDir('127.0.0.1:0');
    layout = dataLayout(join(cwd, 'data'));
    await mail('first seed');
    await mail('second seed');
    url = await launch(cwd).listening;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    killAll();
  });

  it('keeps focus on the focused link when new mail swaps the list in, announces the new mail, and names the live dot', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByRole('img', { name: 'Live updates: on' }).waitFor({ timeout: 20_000 });
    const link = page.getByRole('link', { name: 'first seed' });
    await link.focus();
    await link.evaluate((el) => ((el as unknown as { __before: boolean }).__before = true));
    const href = await link.getAttribute('href');
    await mail('fresh arrival');
    await page.getByRole('link', { name: 'fresh arrival' }).waitFor({ timeout: 20_000 });
    // The row was rendered anew (not the node marked before), and focus moved onto its replacement.
    expect(await focused(page)).toEqual({ tag: 'a', href, name: null, inMain: true, sameNode: false });
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toBe('New message from Uptime: fresh arrival');
    await page.close();
  });

  it('keeps focus on a focused checkbox by its name and value, and on <main> when the focused row went away', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector('body.live', { timeout: 20_000 });
    const box = page.locator('main input[type=checkbox][name=ids]').last();
    const value = await box.getAttribute('value');
    await box.focus();
    await mail('another arrival');
    await page.getByRole('link', { name: 'another arrival' }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(value);
    expect((await focused(page)).inMain).toBe(true);
    const gone = page.getByRole('link', { name: 'another arrival' });
    await gone.focus();
    const file = readdirSync(join(layout.mail, 'admin', 'new')).find((n) => n.startsWith(String(Math.floor(Date.UTC(2026, 10, 21, 10, 0, sent) / 1000))));
    unlinkSync(join(layout.mail, 'admin', 'new', file!));
    await gone.waitFor({ state: 'detached', timeout: 20_000 });
    expect(await focused(page)).toMatchObject({ tag: 'main', inMain: true });
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toBe('Messages changed: 1 removed');
    await page.close();
  });
});
