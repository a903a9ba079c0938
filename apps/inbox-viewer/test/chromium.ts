/** @module Test helper: Debian's Chromium driven by playwright-core, with the lab's flags, and axe-core run inside a page. */
/// <reference lib="dom" />
// (the functions handed to page.evaluate run in the browser)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (apt-get install -y chromium). */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags every browser test starts Chromium with (LAB.md). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** What a browser test needs and lacks (empty when it can run). */
export function missingForBrowser(...files: string[]): string[] {
  return [CHROMIUM, ...files].filter((p) => !existsSync(p));
}

/** Starts headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** One axe-core finding, cut to what a failure message needs. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string; summary: string }>;
}

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/**
 * Runs axe-core (all its rules) on the page as it is now and answers the serious and critical findings,
 * and those of the rules in `alsoRules` whatever their impact. The source goes in through the DevTools
 * protocol, so the page's CSP (which allows only our own script) stays as it is.
 */
export async function axeViolations(page: Page, alsoRules: string[] = []): Promise<AxeFinding[]> {
  await page.evaluate(`${axeSource}\n;undefined`);
  return page.evaluate(async (alsoRules) => {
    type Result = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> };
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Result[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical' || alsoRules.includes(v.id))
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })) }));
  }, alsoRules);
}

/** The document's scroll width and its viewport width: more of the first means it scrolls sideways. */
export function pageWidths(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
}

/**
 * The words (split at spaces and hyphens) inside the elements matching `selector` that the layout
 * breaks over two lines or more: what a squeezed column or `overflow-wrap: anywhere` does.
 */
export function brokenWords(frame: Pick<Page, 'evaluate'>, selector: string): Promise<string[]> {
  return frame.evaluate((selector) => {
    const broken: string[] = [];
    for (const element of Array.from(document.querySelectorAll(selector))) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/[^\s-]+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  }, selector);
}
