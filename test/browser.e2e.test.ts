/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/web/index.js';
import { startSampleSite, type SampleSite } from './sample-site.js';

// The site in a real browser: Debian's Chromium driven by playwright-core (never a downloaded browser),
// with axe-core checking accessibility on each page type.
const CHROMIUM = process.env.SITREP_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.CI) throw new Error(`browser tests: ${CHROMIUM} is missing; .ci/run installs Debian's chromium`);
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set SITREP_CHROMIUM)`);
}
const OUT = join(import.meta.dirname, '..', 'test-output');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let sample: SampleSite;
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  sample = await startSampleSite();
  await sample.store.addUser('editor', await hashPassword('correct horse battery'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(OUT, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await sample?.close();
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.1 A/AA rules on the current page; the serious and critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations;
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

describe.skipIf(!haveChromium)('the site in Chromium', () => {
  it('has an axe check that does catch violations (an image without alt, low contrast)', async () => {
    const page = await browser.newPage();
    await page.setContent('<html lang="en"><body><main><h1>x</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#ccc;background:#fff">faint</p></main></body></html>');
    const found = await seriousViolations(page);
    expect(found.join('\n')).toMatch(/image-alt/);
    expect(found.join('\n')).toMatch(/color-contrast/);
    await page.close();
  });

  it('reads a story from home, searches, and passes axe on every page type', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
    await page.goto(sample.site.url);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('main .cards a').first().click();
    await page.waitForURL(/\/stories\//);
    for (const name of ['Background & Context', 'Key Developments & Timeline', 'Official Statements & Analysis', 'Conclusion', 'Sources', 'Versions']) {
      await expect(page.getByRole('heading', { level: 2, name, exact: true }).isVisible()).resolves.toBe(true);
    }
    await expect(page.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    await expect(page.locator('sup a').first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('img', { name: /Articles per day by outlet/ }).isVisible()).resolves.toBe(true);
    // Keyboard: the first Tab reaches the skip link, and following it moves focus to the content.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    expect(await seriousViolations(page)).toEqual([]);
    const shot = join(OUT, 'story-phone.png');
    await page.screenshot({ path: shot, fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('#h-coverage').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'story-coverage.png') });
    console.log(`screenshot: ${shot}`);

    await page.locator('a[href^="/entities/"]').first().click();
    await page.waitForURL(/\/entities\//);
    await expect(page.getByRole('heading', { level: 2, name: 'Mentions over time' }).isVisible()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('searchbox', { name: 'Search stories' }).fill('ceasefire');
    await page.getByRole('searchbox', { name: 'Search stories' }).press('Enter');
    await page.waitForURL(/\/search\?q=ceasefire/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('1 story found');
    await expect(page.locator('mark').first().textContent()).resolves.toMatch(/ceasefire/i);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('signs in to the admin, adds a source and sees it listed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${sample.site.url}/admin`);
    await page.waitForURL(/\/admin\/login/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('User name').fill('editor');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Feed or page address').fill('https://feeds.example.org/world.xml');
    await page.getByLabel('Outlet name (optional)').fill('Example World');
    await page.getByRole('button', { name: 'Add source' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Source added: https://feeds.example.org/world.xml');
    await expect(page.getByRole('cell', { name: /^Example World/ }).isVisible()).resolves.toBe(true);
    expect((await sample.store.listSources()).map((s) => s.url)).toContain('https://feeds.example.org/world.xml');
    const shot = join(OUT, 'admin.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
    await page.close();
  });
});
