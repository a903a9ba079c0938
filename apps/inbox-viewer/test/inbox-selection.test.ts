import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataLayout, type DataLayout } from '@uptime/config';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, deliver } from '../src/test-support/maildir-fixture.js';
import { launchChromium, missingForBrowser } from './chromium.js';
import { CLI, killAll, launch, workDir } from './launch.js';

const missing = missingForBrowser(CLI);
if (missing.length > 0) console.warn(`SKIPPED inbox selection tests of the viewer: ${missing.join(' and ')} missing (apt-get install -y chromium; pnpm build)`);

describe.skipIf(missing.length > 0)('selecting and deleting messages in the inbox, in a real browser', () => {
  let browser: Browser;
  let url: string;
  let layout: DataLayout;
  let sent = 0;

  async function mail(subject: string): Promise<string> {
    const at = new Date(Date.UTC(2026, 10, 21, 10, 0, ++sent));
    return deliver(layout, await compose({ from: 'Uptime <uptime@localhost>', to: 'admin@localhost', subject, text: subject, date: at }), { mailbox: 'admin', at });
  }
  const exists = (unique: string) => readdirSync(join(layout.mail, 'admin', 'new')).includes(unique);

  /** Presses Tab from the search button on and answers the accessible name of each element focused until focus leaves <main>. */
  async function tabOrder(page: Page): Promise<string[]> {
    await page.getByRole('button', { name: 'Show' }).focus();
    const names: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        if (!el.closest('main')) return null;
        return el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
      });
      if (name === null || names.includes(name)) break;
      names.push(name);
    }
    return names;
  }

  beforeAll(async () => {
    const cwd = await workDir('127.0.0.1:0');
    layout = dataLayout(join(cwd, 'data'));
    url = await launch(cwd).listening;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    killAll();
  });

  for (const javaScriptEnabled of [true, false]) {
    const js = javaScriptEnabled ? 'JavaScript on' : 'JavaScript off';

    it(`labels each checkbox by its message, puts the bulk buttons after the rows, and asks before Delete (${js})`, async () => {
      const tag = javaScriptEnabled ? 'jon' : 'joff';
      const uniques = [await mail(`pick ${tag} one`), await mail(`pick ${tag} two`)];
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const dialogs: string[] = [];
      let answer = false;
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void (answer ? d.accept() : d.dismiss());
      });
      await page.goto(`${url}/?q=pick+${tag}`);
      const one = page.getByRole('checkbox', { name: `Select message from Uptime: pick ${tag} one`, exact: true });
      const two = page.getByRole('checkbox', { name: `Select message from Uptime: pick ${tag} two`, exact: true });
      await expect.poll(() => one.count()).toBe(1);
      expect(await two.count()).toBe(1);

      const order = await tabOrder(page);
      const rows = [`Select message from Uptime: pick ${tag} two`, `pick ${tag} two`, `Select message from Uptime: pick ${tag} one`, `pick ${tag} one`];
      const buttons = ['Mark read', 'Mark unread', 'Delete'];
      expect(order).toEqual(javaScriptEnabled ? ['Select all messages on this page', ...rows, ...buttons] : [...rows, ...buttons]);

      const all = page.getByRole('checkbox', { name: 'Select all messages on this page' });
      if (javaScriptEnabled) {
        await all.check();
        expect([await one.isChecked(), await two.isChecked()]).toEqual([true, true]);
        await page.getByRole('button', { name: 'Delete', exact: true }).click(); // dismissed: nothing happens
        expect(dialogs).toEqual(['Delete 2 messages?']);
        expect(uniques.map(exists)).toEqual([true, true]);
        answer = true;
        await Promise.all([page.waitForURL(`${url}/?q=pick+${tag}`, { waitUntil: 'load' }), page.getByRole('button', { name: 'Delete', exact: true }).click()]);
        expect(dialogs).toEqual(['Delete 2 messages?', 'Delete 2 messages?']);
      } else {
        expect(await all.isVisible()).toBe(false); // it needs JavaScript, so it is not offered without
        await one.check();
        await two.check();
        await page.getByRole('button', { name: 'Delete', exact: true }).click();
        await page.getByRole('heading', { name: 'Delete 2 messages?' }).waitFor();
        expect(await page.getByRole('listitem').allTextContents()).toEqual([`Uptime: pick ${tag} two`, `Uptime: pick ${tag} one`]);
        await page.getByRole('link', { name: 'Cancel' }).click();
        await page.waitForURL(`${url}/?q=pick+${tag}`);
        expect(uniques.map(exists)).toEqual([true, true]);
        await one.check();
        await two.check();
        await page.getByRole('button', { name: 'Delete', exact: true }).click();
        await page.getByRole('button', { name: 'Delete 2 messages' }).click();
        await page.waitForURL(`${url}/?q=pick+${tag}`);
        expect(dialogs).toEqual([]);
      }
      expect(uniques.map(exists)).toEqual([false, false]);
      expect(await page.getByText('No messages match.').count()).toBe(1);
      await context.close();
    });
  }
});
