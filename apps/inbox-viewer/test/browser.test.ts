import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataLayout } from '@uptime/config';
import { encodeMessageId } from '../src/mail-store/message-id.js';
import { sampleMail } from '../src/test-support/sample-mail.js';
import { killAll, launch, workDir } from './launch.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`skipping the browser tests of the viewer: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

describe.skipIf(!haveChromium)('the viewer in a real browser', () => {
  let browser: Browser;
  let url: string;
  let hostileId: string;
  beforeAll(async () => {
    const cwd = await workDir('127.0.0.1:0');
    const ids = await sampleMail(dataLayout(join(cwd, 'data')));
    hostileId = encodeMessageId({ mailbox: 'admin', unique: ids.hostile });
    url = await launch(cwd).listening;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    killAll();
  });
  afterEach(async () => {
    for (const context of browser.contexts()) await context.close();
  });

  it('shows a hostile message: nothing runs, nothing is fetched from elsewhere, the CSP blocks none of our own content', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems: string[] = [];
    page.on('dialog', (d) => problems.push(`dialog: ${d.message()}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => !r.url().startsWith(url) && !r.url().startsWith('data:') && !r.url().startsWith('about:') && problems.push(`request: ${r.url()}`));

    await page.goto(`${url}/messages/${hostileId}`);
    expect(await page.locator('h1').textContent()).toBe('<img src=x onerror=alert(1)> invoice');
    expect(await page.evaluate('getComputedStyle(document.querySelector("header")).display')).toBe('flex'); // the inline style applies

    const frame = page.frameLocator('iframe');
    await expect.poll(() => frame.locator('body').textContent()).toContain('Hello admin');
    const image = await frame.locator('img').evaluate((el) => {
      const img = el as unknown as { complete: boolean; naturalWidth: number };
      return img.complete && img.naturalWidth;
    });
    expect(image).toBe(1); // data: image shown
    expect(await frame.locator('a', { hasText: 'ok link' }).getAttribute('target')).toBe('_blank');
    expect(await page.locator('iframe').getAttribute('sandbox')).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(await page.locator('script').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('lists the inbox with the unread count in the title and opens a message from it', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(url);
    expect(await page.title()).toBe('(3) Inbox · uptime sensor');
    expect(await page.locator('tr.unread').count()).toBe(3);
    await page.getByRole('link', { name: '[uptime] gateway 192.0.2.1 is UP' }).click();
    expect(await page.locator('pre').first().textContent()).toContain('gateway is up');
    await page.getByRole('link', { name: 'Status' }).click();
    expect(await page.locator('h1').textContent()).toBe('Status');
    await page.goto(`${url}/events`);
    await page.selectOption('select[name=code]', 'HOST_DOWN');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(page.url()).toContain('code=HOST_DOWN');
  });
});
