/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AlertStore } from '../src/alerts/index.js';
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

    // On a phone the header keeps its links and leaves the search box to the search page.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole('searchbox', { name: 'Search stories' }).isVisible()).resolves.toBe(false);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.waitForURL(/\/search$/);
    await page.getByRole('searchbox', { name: 'Words' }).fill('ceasefire');
    await page.getByRole('searchbox', { name: 'Words' }).press('Enter');
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

  /** The pages a reader reaches, by kind, found by following the demo's own links. */
  async function pageKinds(): Promise<Record<string, string>> {
    const home = await (await fetch(sample.site.url)).text();
    const stories = [...new Set([...home.matchAll(/href="(\/stories\/[^"?#]+)"/g)].map((m) => m[1]!))];
    const story = stories[0]!;
    const storyHtml = await (await fetch(sample.site.url + story)).text();
    return {
      home: '/',
      story,
      entity: /href="(\/entities\/[^"]+)"/.exec(storyHtml)![1]!,
      section: /href="(\/sections\/[^"]+)"/.exec(storyHtml)![1]!,
      search: '/search?q=flood',
      sources: '/sources',
      api: '/api',
      // A watchlist's "since you last looked" page (the demo creates two watchlists).
      watch: `/watch/${(await new AlertStore(sample.store).listWatches())[0]!.token}`,
    };
  }

  it('fits a 390-px phone: no sideways scrolling, chart text of 10 px or more, a short header', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const kinds = await pageKinds();
    const charts: number[] = [];
    for (const [kind, path] of Object.entries(kinds)) {
      await page.goto(sample.site.url + path);
      const m = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        header: document.querySelector('header.site')!.getBoundingClientRect().height,
        // The size a reader sees: the font size in the SVG's units times the SVG's scale on screen.
        chartText: Array.from(document.querySelectorAll('svg[role="img"] text')).map((t) => parseFloat(getComputedStyle(t).fontSize) * ((t as SVGTextElement).ownerSVGElement!.getScreenCTM()?.a ?? 1)),
      }));
      expect(m.scroll, `${kind} ${path}`).toBeLessThanOrEqual(390);
      expect(m.header, kind).toBeLessThanOrEqual(64);
      charts.push(...m.chartText);
      if (kind === 'story') await page.screenshot({ path: join(OUT, 'story-phone-top.png') });
    }
    expect(charts.length).toBeGreaterThan(4);
    expect(Math.min(...charts)).toBeGreaterThanOrEqual(10);
    await page.close();
  });

  it('puts the briefing first on a story page, and the change log after the Conclusion, collapsed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const stories = await sample.store.listStories();
    let checked = 0;
    for (const st of stories) {
      await page.goto(`${sample.site.url}/stories/${st.slug}`);
      const order = await page.evaluate(() => Array.from(document.querySelectorAll('h1, h2, summary')).map((h) => h.textContent!.trim()));
      const at = (re: RegExp) => order.findIndex((t) => re.test(t));
      expect(at(/^Background & Context$/)).toBeGreaterThan(0);
      expect(at(/^Background & Context$/)).toBeLessThan(at(/^Key Developments & Timeline$/));
      expect(at(/^Conclusion$/)).toBeLessThan(at(/^Sources$/));
      if (at(/^What changed since version/) < 0) continue;
      checked++;
      expect(at(/^What changed since version/)).toBeGreaterThan(at(/^Conclusion$/));
      expect(at(/^What changed since version/)).toBeGreaterThan(at(/^Versions$/));
      // Collapsed: its items are not shown until the reader opens it; a one-line summary near the top links to it.
      await expect(page.locator('details.changes li').first().isVisible()).resolves.toBe(false);
      const line = page.locator('p.meta a[href="#h-changes"]');
      await expect(line.textContent()).resolves.toMatch(/what changed: \d+ (new developments?|new statements?|changes?)/);
      const top = await page.evaluate(() => document.querySelector('#h-background')!.getBoundingClientRect().top + scrollY);
      expect(top).toBeLessThan(900); // Background starts on the first screen of a desktop
    }
    expect(checked).toBeGreaterThan(0);
    await page.close();
  });

  it('shows every date as readers read it, with a machine-readable datetime', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const kinds = await pageKinds();
    for (const [kind, path] of Object.entries(kinds)) {
      await page.goto(sample.site.url + path);
      const found = await page.evaluate(() => {
        const iso = /\b\d{4}-\d{2}-\d{2}\b|\b\d{2}-\d{2}\b(?![\d-])/;
        // Visible text outside addresses (a source's URL may hold a date of its own).
        const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
        const isoText: string[] = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement!;
          if (el.closest('.url, code, script, style, details:not([open]) > :not(summary)') || !(el as HTMLElement).offsetParent) continue;
          if (iso.test(n.textContent ?? '')) isoText.push(n.textContent!.trim().slice(0, 80));
        }
        const times = Array.from(document.querySelectorAll('main time')).map((t) => ({ datetime: t.getAttribute('datetime'), text: t.textContent!.trim() }));
        return { isoText, times };
      });
      expect(found.isoText, kind).toEqual([]);
      for (const t of found.times) {
        expect(t.datetime, `${kind}: ${t.text}`).toMatch(/^\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?)?)?$/);
        expect(t.text, kind).toMatch(/^((Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}(, \d{2}:\d{2} UTC)?|[A-Z][a-z]{2} \d{4}|\d{4})$/);
      }
      if (kind === 'story' || kind === 'home') expect(found.times.length, kind).toBeGreaterThan(0);
    }
    await page.close();
  });

  it('shows related stories on a demo story, and they lead to each other', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    let shown = 0;
    for (const st of await sample.store.listStories()) {
      await page.goto(`${sample.site.url}/stories/${st.slug}`);
      const related = page.getByRole('region', { name: 'Related' }).getByRole('link');
      if ((await related.count()) === 0) continue;
      shown++;
      const href = await related.first().getAttribute('href');
      expect(href).toMatch(/^\/stories\//);
      expect(href).not.toBe(`/stories/${st.slug}`);
      expect((await page.request.get(sample.site.url + href)).status()).toBe(200);
    }
    expect(shown).toBeGreaterThanOrEqual(2);
    await page.close();
  });
});
