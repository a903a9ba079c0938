import { mkdirSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, killAll, launch, launchMta, MTA_CLI, workDir } from './launch.js';
import { hostileMessages } from './hostile-mail.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const missing = [CHROMIUM, MTA_CLI].filter((p) => !existsSync(p));
if (missing.length > 0) console.warn(`SKIPPED browser tests of the viewer: ${missing.join(' and ')} missing (apt-get install -y chromium; pnpm build)`);

describe.skipIf(missing.length > 0)('the viewer in a real browser, with mail delivered by the MTA', () => {
  let browser: Browser;
  let url: string;
  let cwd: string;
  let smtpPort: number;
  let canary: Server;
  let canaryUrl: string;
  const canaryHits: string[] = [];

  const send = (mail: SendMailOptions) =>
    nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true }).sendMail(mail);

  /** A page that records anything a hostile message could make happen. */
  async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    context.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(url) && !u.startsWith('data:') && !u.startsWith('about:')) problems.push(`request: ${u}`);
    });
    return { page, problems };
  }

  beforeAll(async () => {
    canary = createServer((req, res) => {
      canaryHits.push(req.url ?? '');
      res.end();
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
    smtpPort = await freePort();
    cwd = await workDir('127.0.0.1:0', `mta:\n  listen: "127.0.0.1:${smtpPort}"\n`);
    await launchMta(cwd);
    url = await launch(cwd).listening;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    killAll();
    canary?.close();
  });
  afterEach(async () => {
    for (const context of browser.contexts()) await context.close();
  });

  it('shows an alert delivered through the MTA in the open inbox without a reload, and opens it', async () => {
    const { page, problems } = await watchedPage();
    await page.goto(url);
    await page.evaluate('window.__notReloaded = true');
    await page.waitForSelector('body.live'); // the event stream is open
    const before = await page.title();
    await send({ from: 'uptime@localhost', to: 'admin@localhost', subject: '[uptime] gateway 127.0.0.1 is DOWN', text: 'gateway 127.0.0.1 is down.\nEvent: HOST_DOWN ev-browser-1', headers: { 'X-Uptime-Event-Id': 'ev-browser-1' } });
    const link = page.getByRole('link', { name: '[uptime] gateway 127.0.0.1 is DOWN' });
    await link.waitFor({ timeout: 20_000 });
    expect(await page.evaluate('window.__notReloaded')).toBe(true);
    expect(await page.title()).not.toBe(before);
    expect(await page.title()).toMatch(/^\(\d+\) Inbox · uptime sensor$/);
    await link.click();
    await page.waitForURL(/\/messages\//);
    expect(await page.locator('pre').first().textContent()).toContain('gateway 127.0.0.1 is down.');
    expect(await page.getByRole('link', { name: 'event ev-browser-1' }).getAttribute('href')).toBe('/events?host=127.0.0.1#ev-ev-browser-1');
    expect(problems).toEqual([]);
  });

  it('shows a status change on the open status page', async () => {
    const status = (s: string) => JSON.stringify({ updatedAt: new Date().toISOString(), targets: [{ name: 'gateway', host: '127.0.0.1', probe: 'icmp', status: s, since: new Date().toISOString(), rttMs: s === 'up' ? 0.3 : null, lastCheck: new Date().toISOString() }] });
    mkdirSync(join(cwd, 'data', 'run'), { recursive: true });
    writeFileSync(join(cwd, 'data', 'run', 'status.json'), status('up'));
    const { page, problems } = await watchedPage();
    await page.goto(`${url}/status`);
    await page.waitForSelector('body.live');
    expect(await page.locator('.badge').textContent()).toBe('UP');
    writeFileSync(join(cwd, 'data', 'run', 'status.json'), status('down'));
    await page.locator('.badge', { hasText: 'DOWN' }).waitFor({ timeout: 20_000 });
    expect(await page.title()).toBe('(1 down) Status · uptime sensor');
    expect(problems).toEqual([]);
  });

  it('opens hostile messages delivered through the MTA: no script runs, nothing is fetched from elsewhere', async () => {
    const mails = hostileMessages(canaryUrl);
    for (const mail of mails) await send(mail);
    const { page, problems } = await watchedPage();
    await page.goto(`${url}/?q=mallory`);
    await expect.poll(async () => page.locator('tbody tr').count(), { timeout: 20_000 }).toBe(mails.length);
    const links = await page.locator('tbody a').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    const downloads: string[] = [];
    for (const link of links) {
      await page.goto(link);
      await page.waitForLoadState('load');
      const frame = page.locator('iframe');
      if ((await frame.count()) > 0) {
        expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
        await page.frameLocator('iframe').locator('body').waitFor({ state: 'attached' });
      }
      await page.mouse.move(100, 300);
      await page.waitForTimeout(300); // time for anything that was going to run
      expect(await page.title()).toMatch(/ · uptime sensor$/);
      downloads.push(...(await page.locator('a[download]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))));
    }
    expect(downloads).toHaveLength(2);
    for (const href of downloads) {
      const download = await page.request.get(`${url}${href}`);
      expect(download.headers()['content-type']).toBe('application/octet-stream');
      expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
    }
    expect(problems).toEqual([]);
    expect(canaryHits).toEqual([]);
  });
});
