import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../src/demo/fixture-server.js';
import { loadSampleCatalogue } from '../src/demo/sample.js';
import { parseFeed } from '../src/ingest/index.js';
import { runPipeline } from '../src/pipeline/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { startServer, type RunningServer } from '../src/web/index.js';

// The whole path a user runs with `npm start`: a feed server on 127.0.0.1, ingestion through the real
// fetcher into a real SQLite file, analysis, clustering, briefings, and the site on a random port.
let fixtures: FixtureServer;
let store: Store;
let site: RunningServer;
let dir: string;
let cutoff: string | null = '2026-11-18T00:00:00Z';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitrep-e2e-'));
  fixtures = await startFixtureServer({ upTo: () => cutoff });
  store = await openStore({ path: join(dir, 'sitrep.db') });
  for (const f of fixtures.feedUrls) await store.addSource(f.url, { outlet: f.outlet });
  const opts = { poll: { fetch: { allowPrivate: true } }, catalogue: loadSampleCatalogue() };
  await runPipeline(store, opts);
  cutoff = null;
  for (const s of await store.listSources()) await store.updateSource(s.id, { nextPollAt: new Date().toISOString() });
  await runPipeline(store, opts);
  site = await startServer(store, { port: 0, notice: 'SAMPLE DATA' });
});

afterAll(async () => {
  await site?.close();
  await store?.close();
  await fixtures?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${site.url}${path}`);

describe('the demo pipeline', () => {
  it('ingested every sample report once and formed three stories', async () => {
    expect(await store.stats()).toEqual({ sources: 3, failingSources: 0, articles: 24, stories: 3 });
    for (const s of await store.listStories()) expect(s.articleIds).toHaveLength(8);
  });

  it('wrote a second briefing version when the later reports arrived', async () => {
    for (const s of await store.listStories()) {
      const versions = await store.briefingVersions(s.id);
      expect(versions.map((v) => v.version)).toEqual([2, 1]);
    }
  });
});

describe('the site over HTTP', () => {
  it('home lists every story with links to /stories/<slug>', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    const body = await res.text();
    const links = [...body.matchAll(/href="(\/stories\/[^"]+)"/g)].map((m) => m[1]);
    expect(new Set(links).size).toBe(3);
    expect(body).toContain('SAMPLE DATA');
  });

  it('a story page shows every part of the briefing with footnoted sources', async () => {
    const [story] = await store.listStories();
    const res = await get(`/stories/${story!.slug}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    for (const heading of ['Background &amp; Context', 'Key Developments &amp; Timeline', 'Official Statements &amp; Analysis', 'Conclusion', 'Tags', 'Sources', 'Versions', 'What changed since version 1']) {
      expect(body).toContain(heading);
    }
    expect(body.match(/<h1>/g)).toHaveLength(1);
    expect(body).toMatch(/<sup><a href="#src-\d+"/);
    expect(body).toMatch(/<li id="src-1">/);
    expect(body).toContain('"@type":"NewsArticle"');
    expect(body).toContain('class="section-path"');
  });

  it('serves older versions with ?v=N and 404s unknown ones', async () => {
    const [story] = await store.listStories();
    const v1 = await (await get(`/stories/${story!.slug}?v=1`)).text();
    expect(v1).toContain('You are reading version 1');
    expect((await get(`/stories/${story!.slug}?v=99`)).status).toBe(404);
    expect((await get('/stories/no-such-story')).status).toBe(404);
  });

  it('publishes RSS, Atom and JSON Feed that parse back', async () => {
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) {
      const feed = parseFeed(await (await get(path)).text(), site.url);
      expect(feed.items, path).toHaveLength(3);
      for (const item of feed.items) expect(item.url).toMatch(/\/stories\//);
    }
  });

  it('serves sitemap, robots, sections, tags, sources and search', async () => {
    const sitemap = await (await get('/sitemap.xml')).text();
    expect(sitemap.match(/<loc>/g)!.length).toBeGreaterThan(5);
    expect(await (await get('/robots.txt')).text()).toContain('Sitemap:');
    const sectionLink = /href="(\/sections\/[^"]+)"/.exec(await (await get(`/stories/${(await store.listStories())[0]!.slug}`)).text())![1]!;
    expect((await get(sectionLink)).status).toBe(200);
    const tagLink = /href="(\/tags\/[^"]+)"/.exec(await (await get(`/stories/${(await store.listStories())[0]!.slug}`)).text())![1]!;
    expect((await get(tagLink)).status).toBe(200);
    expect(await (await get('/sources')).text()).toContain('Meridian Wire');
    const search = await (await get('/search?q=ceasefire')).text();
    expect(search.match(/href="\/stories\//g)).toHaveLength(1);
  });

  it('answers the JSON API with briefings, paging and clear errors', async () => {
    const list = (await (await get('/api/v1/stories?limit=2')).json()) as { stories: { slug: string }[]; nextCursor: string | null };
    expect(list.stories).toHaveLength(2);
    expect(list.nextCursor).not.toBeNull();
    const rest = (await (await get(`/api/v1/stories?limit=2&cursor=${list.nextCursor}`)).json()) as { stories: unknown[]; nextCursor: string | null };
    expect(rest.stories).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const b = (await (await get(`/api/v1/stories/${list.stories[0]!.slug}`)).json()) as { version: number; sources: unknown[] };
    expect(b.version).toBe(2);
    expect(b.sources).toHaveLength(8);
    const bad = await get('/api/v1/stories?limit=0');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_limit');
    expect(((await (await get('/api/v1/openapi.json')).json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('escapes source-derived text', async () => {
    const body = await (await get('/search?q=%3Cscript%3Ealert(1)%3C/script%3E')).text();
    expect(body).not.toContain('<script>alert(1)</script>');
    expect(body).toContain('&lt;script&gt;');
  });
});
