import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, launch, workDir } from './launch.js';
import { axeViolations, brokenWords, launchChromium, missingForBrowser, pageWidths } from './chromium.js';
import { seedDemo } from './demo-data.js';

const missing = missingForBrowser();
if (missing.length > 0) console.warn(`SKIPPED accessibility tests of the viewer: ${missing.join(' and ')} missing (apt-get install -y chromium)`);

const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [1280, 390] as const;
/** Minor in axe's eyes, but a screen reader reads an empty column header as nothing at all. */
const ALSO_FAIL = ['empty-table-header'];
/** Stands for the confirmation page that a Delete without JavaScript answers (a POST, so it has no URL of its own). */
const CONFIRM_DELETE = 'confirm-delete';

describe.skipIf(missing.length > 0)('accessibility of every page (axe-core in Chromium, light and dark, desktop and phone)', () => {
  let browser: Browser;
  let url: string;
  const pages: Array<[string, string]> = [];

  beforeAll(async () => {
    const cwd = await workDir('127.0.0.1:0');
    await seedDemo(cwd);
    url = await launch(cwd).listening;
    browser = await launchChromium();
    const { messages } = (await (await fetch(`${url}/api/messages?q=newsletter`)).json()) as { messages: Array<{ id: string }> };
    pages.push(['inbox', '/'], ['message with HTML', `/messages/${messages[0]?.id}`], ['status', '/status'], ['silences', '/silences'], ['events', '/events'], ['outages', '/outages'], ['error', '/no-such-page'], ['delete confirmation', CONFIRM_DELETE]);
  });
  afterAll(async () => {
    await browser?.close();
    killAll();
  });

  async function open(path: string, colorScheme: 'light' | 'dark', width: number): Promise<{ context: BrowserContext; page: import('playwright-core').Page }> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
    const page = await context.newPage();
    if (path === CONFIRM_DELETE) {
      // The page Delete leads to without JavaScript: select a message and send the form without the confirm() step.
      await page.goto(url);
      await Promise.all([
        page.waitForURL(`${url}/messages/bulk`),
        page.evaluate(() => {
          (document.querySelector('input[name=ids]') as HTMLInputElement).checked = true;
          const button = document.querySelector('button[value=delete]') as HTMLButtonElement;
          button.removeAttribute('data-confirm');
          button.click();
        }),
      ]);
    } else await page.goto(`${url}${path}`);
    await page.waitForLoadState('load');
    return { context, page };
  }

  for (const colorScheme of SCHEMES) {
    for (const width of WIDTHS) {
      it(`has no serious or critical axe violation (nor an empty table header) on any page, ${colorScheme}, ${width} px`, async () => {
        const found: Record<string, unknown> = {};
        for (const [name, path] of pages) {
          const { context, page } = await open(path, colorScheme, width);
          const violations = await axeViolations(page, ALSO_FAIL);
          if (violations.length > 0) found[name] = violations;
          await context.close();
        }
        expect(found, JSON.stringify(found, null, 2)).toEqual({});
      });
    }
  }

  for (const colorScheme of SCHEMES) {
    it(`lays out events and outages at 390 px without sideways scrolling or words broken in squeezed columns, ${colorScheme}`, async () => {
      for (const path of ['/events', '/outages']) {
        const { context, page } = await open(path, colorScheme, 390);
        const widths = await pageWidths(page);
        expect.soft(widths.scrollWidth, `${path}: ${JSON.stringify(widths)}`).toBeLessThanOrEqual(widths.clientWidth);
        expect.soft(await brokenWords(page, "main td, main th"), path).toEqual([]);
        await context.close();
      }
    });
  }

  it('shows an email in its frame at 390 px without breaking words, in a frame that can be made taller', async () => {
    const { context, page } = await open(pages[1]?.[1] ?? '/', 'light', 390);
    const frame = page.frameLocator('iframe');
    await frame.locator('table').waitFor();
    const body = page.frames().find((f) => f.url().includes('/body'));
    expect(body).toBeDefined();
    expect(await brokenWords(body!, 'body')).toEqual([]);
    const before = await page.locator('iframe').boundingBox();
    if (!before) throw new Error('the frame is not shown');
    await page.locator('iframe').evaluate((frame) => frame.scrollIntoView({ block: 'start' }));
    const box = (await page.locator('.frame-box').boundingBox())!;
    await page.mouse.move(box.x + box.width - 3, box.y + box.height - 3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 3, box.y + box.height + 200, { steps: 5 });
    await page.mouse.up();
    expect((await page.locator('iframe').boundingBox())!.height).toBeGreaterThan(before.height + 100);
    await context.close();
  });
});
