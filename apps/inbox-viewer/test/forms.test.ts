import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { dataLayout, type DataLayout } from '@uptime/config';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMessageId } from '../src/mail-store/message-id.js';
import { compose, deliver } from '../src/test-support/maildir-fixture.js';
import { killAll, launch, workDir } from './launch.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
if (!existsSync(CHROMIUM)) console.warn(`SKIPPED form tests of the viewer: ${CHROMIUM} missing (apt-get install -y chromium)`);

describe.skipIf(!existsSync(CHROMIUM))('every form of the viewer, clicked in a real browser', () => {
  let browser: Browser;
  let url: string;
  let layout: DataLayout;
  let elsewhere: Server;
  let elsewhereUrl: string;
  let sent = 0;

  /** Where a message file is now: its folder and Maildir flags, or undefined when it is gone. */
  function fileOf(unique: string): { folder: string; flags: string } | undefined {
    for (const folder of ['new', 'cur']) {
      const name = readdirSync(join(layout.mail, 'admin', folder)).find((n) => n === unique || n.startsWith(`${unique}:`));
      if (name) return { folder, flags: name.includes(':2,') ? name.slice(name.indexOf(':2,') + 3) : '' };
    }
    return undefined;
  }

  async function mail(subject: string): Promise<{ unique: string; id: string }> {
    const at = new Date(Date.UTC(2026, 10, 21, 10, 0, ++sent));
    const unique = await deliver(layout, await compose({ from: 'Uptime <uptime@localhost>', to: 'admin@localhost', subject, text: `${subject} body`, date: at }), { mailbox: 'admin', at });
    return { unique, id: encodeMessageId({ mailbox: 'admin', unique }) };
  }

  /** Clicks a submit button and waits for the page the form leads to; answers the status of the form's own request. */
  async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<number> {
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()), button.click()]);
    await page.waitForLoadState('load');
    return response.status();
  }

  beforeAll(async () => {
    const cwd = await workDir('127.0.0.1:0');
    layout = dataLayout(join(cwd, 'data'));
    await mail('seed');
    url = await launch(cwd).listening;
    elsewhere = createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<!doctype html><a href="${url}${req.url ?? '/'}">open in the viewer</a>`);
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    elsewhereUrl = `http://localhost:${(elsewhere.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    killAll();
    elsewhere?.close();
  });

  for (const javaScriptEnabled of [true, false]) {
    const js = javaScriptEnabled ? 'JavaScript on' : 'JavaScript off';

    it(`marks one message read and unread and deletes it from its page (${js})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.on('dialog', (d) => void d.accept());
      const m = await mail(`single ${js}`);
      // Arriving from another site's link does not mark it read, so the page offers "Mark read".
      await page.goto(`${elsewhereUrl}/messages/${m.id}`);
      await page.getByRole('link', { name: 'open in the viewer' }).click();
      await page.waitForURL(`${url}/messages/${m.id}`);
      expect(fileOf(m.unique)).toEqual({ folder: 'new', flags: '' });
      expect(await submit(page, page.getByRole('button', { name: 'Mark read' }))).toBe(303);
      expect(fileOf(m.unique)).toEqual({ folder: 'cur', flags: 'S' });
      expect(page.url()).toBe(`${url}/messages/${m.id}`);
      expect(await submit(page, page.getByRole('button', { name: 'Mark unread' }))).toBe(303);
      expect(fileOf(m.unique)).toEqual({ folder: 'cur', flags: '' });
      expect(await page.title()).toMatch(/Inbox · uptime sensor$/);
      await page.goto(`${url}/messages/${m.id}`); // opening it here marks it read
      expect(fileOf(m.unique)).toEqual({ folder: 'cur', flags: 'S' });
      // With JavaScript a confirm() asks (accepted above); without it a confirmation page does.
      if (javaScriptEnabled) expect(await submit(page, page.getByRole('button', { name: 'Delete' }))).toBe(303);
      else {
        expect(await submit(page, page.getByRole('button', { name: 'Delete' }))).toBe(200);
        expect(fileOf(m.unique)).toEqual({ folder: 'cur', flags: 'S' });
        expect(await submit(page, page.getByRole('button', { name: 'Delete 1 message' }))).toBe(303);
      }
      expect(fileOf(m.unique)).toBeUndefined();
      expect(await page.title()).toMatch(/Inbox · uptime sensor$/);
      await context.close();
    });

    it(`marks the selected messages read and unread and deletes them from the inbox (${js})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.on('dialog', (d) => void d.accept());
      const [a, b, c] = [await mail(`bulk a ${js}`), await mail(`bulk b ${js}`), await mail(`bulk c ${js}`)];
      const select = async (...ms: Array<{ id: string }>) => {
        for (const m of ms) await page.locator(`input[name="ids"][value="${m.id}"]`).check();
      };
      await page.goto(`${url}/?q=${encodeURIComponent(`bulk`)}`);
      await select(a, b);
      expect(await submit(page, page.getByRole('button', { name: 'Mark read', exact: true }))).toBe(303);
      expect([fileOf(a.unique), fileOf(b.unique), fileOf(c.unique)]).toEqual([{ folder: 'cur', flags: 'S' }, { folder: 'cur', flags: 'S' }, { folder: 'new', flags: '' }]);
      expect(page.url()).toBe(`${url}/?q=bulk`); // back where it was
      await select(b);
      expect(await submit(page, page.getByRole('button', { name: 'Mark unread', exact: true }))).toBe(303);
      expect(fileOf(b.unique)).toEqual({ folder: 'cur', flags: '' });
      expect(fileOf(a.unique)).toEqual({ folder: 'cur', flags: 'S' });
      await select(a, c);
      if (javaScriptEnabled) expect(await submit(page, page.getByRole('button', { name: 'Delete', exact: true }))).toBe(303);
      else {
        expect(await submit(page, page.getByRole('button', { name: 'Delete', exact: true }))).toBe(200);
        expect(await submit(page, page.getByRole('button', { name: 'Delete 2 messages' }))).toBe(303);
      }
      expect([fileOf(a.unique), fileOf(b.unique), fileOf(c.unique)]).toEqual([undefined, { folder: 'cur', flags: '' }, undefined]);
      expect(page.url()).toBe(`${url}/?q=bulk`);
      await context.close();
    });

    it(`searches the inbox and filters the events with their forms (${js})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await mail(`findable ${js}`);
      await page.goto(url);
      await page.getByRole('searchbox', { name: 'Search' }).fill(`findable ${js}`);
      expect(await submit(page, page.getByRole('button', { name: 'Show' }))).toBe(200);
      expect(new URL(page.url()).searchParams.get('q')).toBe(`findable ${js}`);
      expect(await page.locator('tbody tr').count()).toBe(1);
      await page.goto(`${url}/events`);
      await page.getByRole('searchbox', { name: 'Host' }).fill('192.0.2.7');
      expect(await submit(page, page.getByRole('button', { name: 'Show' }))).toBe(200);
      expect(new URL(page.url()).searchParams.get('host')).toBe('192.0.2.7');
      await context.close();
    });
  }
});
