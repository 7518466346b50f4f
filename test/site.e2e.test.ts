import { connect } from 'node:net';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { AlertStore } from '../src/alerts/index.js';
import { DEMO_WATCHES } from '../src/demo/replay.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed } from '../src/ingest/index.js';
import { openStore, type Store } from '../src/store/index.js';
import type { RunningServer } from '../src/web/index.js';
import { hashPassword, startServer } from '../src/web/index.js';
import { loadSample } from '../src/demo/sample.js';
import { startSampleSite, type SampleSite } from './sample-site.js';

const SAMPLE_STORIES = new Set(loadSample().reports.map((r) => r.story)).size;

let sample: SampleSite;
let store: Store;
let site: RunningServer;

beforeAll(async () => {
  sample = await startSampleSite();
  ({ store, site } = sample);
});

afterAll(async () => {
  await sample?.close();
});

const get = (path: string) => fetch(`${site.url}${path}`);

describe('the demo pipeline', () => {
  it('ingested every sample report once and formed one story per sample story', async () => {
    const reports = loadSample().reports;
    const perStory = new Map<string, number>();
    for (const r of reports) perStory.set(r.story, (perStory.get(r.story) ?? 0) + 1);
    expect(await store.stats()).toEqual({ sources: 3, failingSources: 0, articles: reports.length, stories: perStory.size });
    expect((await store.listStories()).map((s) => s.articleIds.length).sort()).toEqual([...perStory.values()].sort());
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
    expect(new Set(links).size).toBe(SAMPLE_STORIES);
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
    // Each timeline bullet carries its claim status, in words.
    expect(body).toMatch(/<span class="status status-(confirmed|single-source|disputed)"[^>]*>(confirmed|single source|disputed)<\/span>/);
    expect(body).toMatch(new RegExp(`${story!.articleIds.length} articles from \\d independent origins?`));
  });

  it("shows each version's own deck, never an older one's, and its change log after the briefing", async () => {
    for (const story of await store.listStories()) {
      const versions = await store.briefingVersions(story.id);
      const latest = (await store.latestBriefing(story.id))!;
      const page = await (await get(`/stories/${story.slug}`)).text();
      const deck = /<p class="alt">([^<]*)<\/p>/.exec(page)![1];
      expect(deck).toBe(latest.altHeadline.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
      for (const v of versions.filter((x) => x.version !== latest.version)) {
        const old = (await store.briefingVersion(story.id, v.version))!;
        if (old.altHeadline !== latest.altHeadline) expect(page).not.toContain(`<p class="alt">${old.altHeadline}`);
      }
      // Readers come for the briefing: the change log sits under Versions, collapsed.
      const changes = page.indexOf('id="h-changes"');
      if (changes >= 0) {
        expect(changes).toBeGreaterThan(page.indexOf('id="h-conclusion"'));
        expect(page.slice(0, changes)).toMatch(/<details class="changes">\s*$|<details class="changes"><summary $/);
      }
    }
  });

  it('serves a readable API page generated from the OpenAPI document', async () => {
    const res = await get('/api');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    const page = await res.text();
    expect(page).not.toMatch(/<script(?! type="application\/ld\+json")/);
    const doc = (await (await get('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { summary: string }>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      expect(page).toContain(`<code>${path}</code>`);
      for (const op of Object.values(ops)) expect(page).toContain(op.summary.replace(/'/g, '&#39;'));
    }
    expect(await (await get('/')).text()).toContain('<a href="/api">API</a>');
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
      expect(feed.items, path).toHaveLength(SAMPLE_STORIES);
      for (const item of feed.items) expect(item.url).toMatch(/\/stories\//);
    }
  });

  it('serves sitemap, robots, sections, tags, sources and search', async () => {
    const sitemap = await (await get('/sitemap.xml')).text();
    expect(sitemap.match(/<loc>/g)!.length).toBeGreaterThan(5);
    expect(await (await get('/robots.txt')).text()).toContain('Sitemap:');
    const sectionLink = /href="(\/sections\/[^"]+)"/.exec(await (await get(`/stories/${(await store.listStories())[0]!.slug}`)).text())![1]!;
    expect((await get(sectionLink)).status).toBe(200);
    // A tag that one story carries shows as a word, with no page, feed or sitemap entry of its own;
    // one that two stories carry (the flood and the flood-defence fund share some) gets all three.
    const slugOf = (t: string) => encodeURIComponent(t.toLowerCase().replace(/\s+/g, '-'));
    const tagged = new Map<string, number>();
    for (const s of await store.listStories()) for (const t of new Set((await store.latestBriefing(s.id))!.tags.map(slugOf))) tagged.set(t, (tagged.get(t) ?? 0) + 1);
    const lone = [...tagged].find(([, n]) => n === 1)![0];
    const shared = [...tagged].find(([, n]) => n >= 2)?.[0];
    expect((await get(`/tags/${lone}`)).status).toBe(404);
    expect(sitemap).not.toContain(`/tags/${lone}<`);
    expect(shared).toBeDefined();
    expect((await get(`/tags/${shared}`)).status).toBe(200);
    expect(sitemap).toContain(`/tags/${shared}<`);
    expect(await (await get('/sources')).text()).toContain('Meridian Wire');
    const search = await (await get('/search?q=ceasefire')).text();
    expect(search.match(/href="\/stories\//g)).toHaveLength(1);
  });

  it('answers the JSON API with briefings, paging and clear errors', async () => {
    const list = (await (await get(`/api/v1/stories?limit=${SAMPLE_STORIES - 1}`)).json()) as { stories: { slug: string }[]; nextCursor: string | null };
    expect(list.stories).toHaveLength(SAMPLE_STORIES - 1);
    expect(list.nextCursor).not.toBeNull();
    const rest = (await (await get(`/api/v1/stories?limit=${SAMPLE_STORIES - 1}&cursor=${list.nextCursor}`)).json()) as { stories: unknown[]; nextCursor: string | null };
    expect(rest.stories).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const b = (await (await get(`/api/v1/stories/${list.stories[0]!.slug}`)).json()) as { version: number; sources: unknown[] };
    expect(b.version).toBe(2);
    expect(b.sources).toHaveLength((await store.listStories()).find((s) => s.slug === list.stories[0]!.slug)!.articleIds.length);
    const full = b as unknown as { timeline: { status: string; origins: number }[] };
    for (const t of full.timeline) {
      expect(['confirmed', 'single-source', 'disputed']).toContain(t.status);
      expect(t.origins).toBeGreaterThanOrEqual(1);
    }
    const bad = await get('/api/v1/stories?limit=0');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_limit');
    expect(((await (await get('/api/v1/openapi.json')).json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('answers malformed paths and parameters with 4xx, never 500', async () => {
    for (const path of ['/tags/%E0%A4%A', '/entities/%ff', '/sections/%ff/feed.xml', '/stories/%2e%2e%2f', '/sources/1e3', '/stories/x?v=1.5', '/api/v1/stories?cursor=%ff', '/api/v1/stories/%ff/versions/0', '/search?from=2020-13-45', '/static/../package.json']) {
      const status = (await get(path)).status;
      expect(status, path).toBeGreaterThanOrEqual(400);
      expect(status, path).toBeLessThan(500);
    }
  });

  it('escapes source-derived text', async () => {
    const body = await (await get('/search?q=%3Cscript%3Ealert(1)%3C/script%3E')).text();
    expect(body).not.toContain('<script>alert(1)</script>');
    expect(body).toContain('&lt;script&gt;');
  });
});

/** A raw GET (no automatic decompression), for checking what went over the wire. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('caching', () => {
  it('sends cached pages compressed (br, else gzip) to clients that accept it', async () => {
    const [story] = await store.listStories();
    const url = `${site.url}/stories/${story!.slug}`;
    const plain = await rawGet(url, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await rawGet(url, { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe(plain.body.toString());
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(plain.body.toString());
  });

  it('answers a repeated request with 304 when the ETag or date still matches, and a new ETag after a change', async () => {
    const [story] = await store.listStories();
    const first = await get(`/stories/${story!.slug}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('last-modified')).toBeTruthy();
    expect((await fetch(`${site.url}/stories/${story!.slug}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${site.url}/stories/${story!.slug}`, { headers: { 'if-modified-since': first.headers.get('last-modified')! } })).status).toBe(304);
    expect((await fetch(`${site.url}/stories/${story!.slug}`, { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
    await store.setStoryFlags(story!.id, { headlineOverride: 'Editor headline for the cache test' });
    const after = await fetch(`${site.url}/stories/${story!.slug}`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('<h1>Editor headline for the cache test</h1>');
    await store.setStoryFlags(story!.id, { headlineOverride: null });
  });

  it('sees a write by another process (another connection to the same database) within two seconds', async () => {
    const [story] = await store.listStories();
    const path = `/stories/${story!.slug}`;
    expect(await (await get(path)).text()).not.toContain('Written elsewhere');
    const other = await openStore({ path: sample.dbPath });
    try {
      await other.setStoryFlags(story!.id, { headlineOverride: 'Written elsewhere' });
      // The site notices the generation within 200 ms, follows another process's writes at most once a
      // second, and builds the new view in the background, answering from the current one meanwhile.
      let seen = false;
      for (const t0 = Date.now(); !seen && Date.now() - t0 < 2000; await new Promise((r) => setTimeout(r, 50))) seen = (await (await get(path)).text()).includes('<h1>Written elsewhere</h1>');
      expect(seen).toBe(true);
      await other.setStoryFlags(story!.id, { headlineOverride: null });
    } finally {
      await other.close();
    }
  });
});

describe('a new generation from another process', () => {
  /** A site of its own on the sample store, with page-cache metrics, and a second connection to the store for another process's writes. */
  const withSecondSite = async (run: (site: { url: string; other: Awaited<ReturnType<typeof openStore>>; count: (result: 'hit' | 'miss') => Promise<number> }) => Promise<void>) => {
    const { startServer } = await import('../src/web/index.js');
    const { Metrics } = await import('../src/service/metrics.js');
    const metrics = new Metrics();
    const site2 = await startServer(store, { port: 0, metrics });
    const other = await openStore({ path: sample.dbPath });
    const count = async (result: 'hit' | 'miss') => (await metrics.pageCache.get()).values.find((v) => v.labels.result === result)?.value ?? 0;
    try {
      await run({ url: site2.url, other, count });
    } finally {
      await other.close();
      await site2.close();
    }
  };

  it('is built in the background, and the most requested pages are rendered before anyone asks again', () =>
    withSecondSite(async ({ url, other, count }) => {
      const [story] = await store.listStories();
      const path = `${url}/stories/${story!.slug}`;
      for (let i = 0; i < 3; i++) await (await fetch(path)).arrayBuffer();
      const etag = (await fetch(path)).headers.get('etag');
      await other.setStoryFlags(story!.id, { headlineOverride: 'Warmed elsewhere' });
      // Settle: the watcher looks every 200 ms and follows at most once a second; the rebuild and the
      // warm-up follow.
      await new Promise((r) => setTimeout(r, 2000));
      const misses = await count('miss');
      const res = await fetch(path);
      expect(await res.text()).toContain('<h1>Warmed elsewhere</h1>');
      expect(res.headers.get('etag')).not.toBe(etag);
      // Served from the page rendered ahead of it, not rendered for it.
      expect(await count('miss')).toBe(misses);
      await other.setStoryFlags(story!.id, { headlineOverride: null });
    }));

  it('answers from the pages it had while the new view renders them, so no reader waits for a rendering', () =>
    withSecondSite(async ({ url, other, count }) => {
      const stories = (await store.listStories()).slice(0, 8);
      const paths = stories.map((s) => `${url}/stories/${s.slug}`);
      for (let i = 0; i < 3; i++) for (const p of paths) await (await fetch(p)).arrayBuffer();
      const misses = await count('miss');
      await other.setStoryFlags(stories[0]!.id, { headlineOverride: 'Carried over' });
      // Readers keep asking for every hot page, all the time, while the view is rebuilt and warmed.
      let reading = true;
      const statuses: number[] = [];
      const readers = paths.map(async (p) => {
        while (reading) {
          const r = await fetch(p);
          statuses.push(r.status);
          await r.arrayBuffer();
        }
      });
      const deadline = Date.now() + 5000;
      while (!(await (await fetch(paths[0]!)).text()).includes('<h1>Carried over</h1>') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      reading = false;
      await Promise.all(readers);
      expect(statuses.length).toBeGreaterThan(50);
      expect(statuses.every((s) => s === 200)).toBe(true);
      // Each hot page was rendered once, by the warm-up, and never for a reader.
      expect((await count('miss')) - misses).toBe(paths.length);
      await other.setStoryFlags(stories[0]!.id, { headlineOverride: null });
    }));
});

describe('behind a proxy', () => {
  it('uses the configured base URL for canonical links, feeds and sitemaps, whatever the Host header', async () => {
    const { startServer } = await import('../src/web/index.js');
    const proxied = await startServer(store, { port: 0, baseUrl: 'https://news.example.org' });
    try {
      const [story] = await store.listStories();
      const page = await (await fetch(`${proxied.url}/stories/${story!.slug}`, { headers: { host: 'evil.example' } })).text();
      expect(page).toContain(`<link rel="canonical" href="https://news.example.org/stories/${story!.slug}">`);
      expect(page).not.toContain('evil.example');
      expect(await (await fetch(`${proxied.url}/sitemap.xml`)).text()).toContain('<loc>https://news.example.org/</loc>');
      expect(await (await fetch(`${proxied.url}/feed.xml`)).text()).toContain('https://news.example.org/stories/');
    } finally {
      await proxied.close();
    }
  });
});

describe('where sources disagree', () => {
  it('names the day a figure is for as readers read it, with a machine-readable datetime', async () => {
    let shown = 0;
    for (const st of await store.listStories()) {
      const page = await (await get(`/stories/${st.slug}`)).text();
      const at = page.indexOf('id="h-disputed"');
      if (at < 0) continue;
      const section = page.slice(at, page.indexOf('</section>', at));
      const visible = section.replace(/<[^>]+>/g, ' ');
      expect(visible).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
      shown += (section.match(/<time datetime="\d{4}-\d{2}-\d{2}">/g) ?? []).length;
    }
    // The demo's talks story disagrees on a figure for a given day.
    expect(shown).toBeGreaterThan(0);
  });
});

describe('search, entities, sources and feeds', () => {
  it('finds stories by words with highlighted snippets, and narrows by section, dates and entity', async () => {
    const body = await (await get('/search?q=ceasefire')).text();
    expect(body).toMatch(/<mark>ceasefire<\/mark>/i);
    expect(body).toContain('1 story found');
    // A prefix of the last word matches too (people search as they type).
    expect(await (await get('/search?q=ceasef')).text()).toContain('1 story found');
    const inSection = await (await get('/search?q=ceasefire&section=news/health')).text();
    expect(inSection).toContain('0 stories found');
    const byDate = await (await get('/search?q=ceasefire&from=2030-01-01')).text();
    expect(byDate).toContain('0 stories found');
    const byEntity = await (await get('/search?entity=Ilse+Varga')).text();
    expect(byEntity).toContain('1 story found');
    const bad = await get('/search?q=x&from=yesterday');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Check the filters');
    // FTS operators in user input are words, not syntax.
    expect((await get('/search?q=%22ceasefire%20OR%20NEAR(')).status).toBe(200);
  });

  it('answers a repeated search from the results of the same generation, and searches again in a new one', async () => {
    // An earlier test wrote from another connection, which the site follows up to a second later:
    // a write in this process brings it up to date now, so both searches below see one generation.
    await store.bumpGeneration();
    const first = await get('/search?q=ceasefire');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"/);
    const body = await first.text();
    // The same search again (parameters in another order, an unread one added) is the same page.
    const again = await get('/search?flush=1&q=ceasefire');
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe(body);
    expect((await fetch(`${site.url}/search?q=ceasefire`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    // A word no story has: nothing found, and that answer is kept for this generation only.
    expect(await (await get('/search?q=zebrafinch')).text()).toContain('0 stories found');
    const [story] = await store.listStories();
    const doc = (await store.db.selectFrom('story_search').select(['headline', 'summary', 'body', 'names']).where('story_id', '=', story!.id).executeTakeFirstOrThrow());
    const entities = await store.entityRows({ storyId: story!.id });
    try {
      await store.indexStory(story!.id, entities, { ...doc, body: `${doc.body} zebrafinch` });
      expect(await (await get('/search?q=zebrafinch')).text()).toContain('1 story found');
    } finally {
      await store.indexStory(story!.id, entities, doc);
    }
    expect(await (await get('/search?q=zebrafinch')).text()).toContain('0 stories found');
  });

  it('has entity pages with type, roles, quotes over time, a mentions chart and their stories', async () => {
    const [story] = await store.listStories();
    const page = await (await get(`/stories/${story!.slug}`)).text();
    const links = [...page.matchAll(/href="(\/entities\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(2);
    let quoted = 0;
    for (const link of links) {
      const res = await get(link);
      expect(res.status, link).toBe(200);
      const body = await res.text();
      expect(body).toContain('Mentions over time');
      expect(body).toMatch(/<svg role="img"/);
      expect(body).toContain(`href="/stories/${story!.slug}"`);
      if (body.includes('Quotes over time')) quoted++;
    }
    expect(quoted).toBeGreaterThan(0);
    expect((await get('/entities/nobody-at-all')).status).toBe(404);
    const people = (await (await get('/api/v1/entities?type=PERSON&limit=2')).json()) as { entities: { type: string; url: string; mentions: number }[]; nextCursor: string };
    expect(people.entities).toHaveLength(2);
    expect(people.entities.every((e) => e.type === 'PERSON')).toBe(true);
    expect(people.entities[0]!.mentions).toBeGreaterThanOrEqual(people.entities[1]!.mentions);
    const next = (await (await get(`/api/v1/entities?type=PERSON&limit=2&cursor=${people.nextCursor}`)).json()) as { entities: { url: string }[] };
    expect(next.entities[0]!.url).not.toBe(people.entities[0]!.url);
    expect((await get('/api/v1/entities?type=ANIMAL')).status).toBe(400);
    const api = (await (await get(links[0]!.replace('/entities/', '/api/v1/entities/'))).json()) as { name: string; stories: unknown[] };
    expect(api.name).toBeTruthy();
    expect(api.stories.length).toBeGreaterThan(0);
  });

  it('draws coverage and the timeline on the story page', async () => {
    const [story] = await store.listStories();
    const body = await (await get(`/stories/${story!.slug}`)).text();
    expect(body).toContain('Articles per day by outlet');
    expect(body).toContain('Timeline of key developments');
    expect(body).toMatch(/<details><summary>Numbers<\/summary>/);
  });

  it('has a page per source listing the stories that cite it', async () => {
    const [source] = await store.listSources();
    const body = await (await get(`/sources/${source!.id}`)).text();
    expect(body).toContain(source!.outlet!);
    expect(body.match(/href="\/stories\//g)!.length).toBeGreaterThan(0);
    expect((await get('/sources/9999')).status).toBe(404);
  });

  it('publishes feeds per section, per tag and per story (one entry per version), and a news sitemap', async () => {
    const [story] = await store.listStories();
    const page = await (await get(`/stories/${story!.slug}`)).text();
    const section = /href="(\/sections\/[^"]+)"/.exec(page)![1]!;
    for (const base of [section]) {
      for (const kind of ['feed.xml', 'atom.xml', 'feed.json']) {
        const res = await get(`${base}/${kind}`);
        expect(res.status, `${base}/${kind}`).toBe(200);
        const feed = parseFeed(await res.text(), site.url);
        expect(feed.items.length).toBeGreaterThan(0);
      }
    }
    const storyFeed = parseFeed(await (await get(`/stories/${story!.slug}/atom.xml`)).text(), site.url);
    expect(storyFeed.items).toHaveLength(2);
    expect(storyFeed.items.map((i) => i.url)).toContain(`${site.url}/stories/${story!.slug}?v=1`);
    const news = await (await get('/news-sitemap.xml')).text();
    expect(news).toContain('<news:publication_date>');
    expect(news.match(/<url>/g)).toHaveLength(SAMPLE_STORIES);
    expect(await (await get('/robots.txt')).text()).toContain('news-sitemap.xml');
  });

  it('searches over the API with cursor paging and validates input', async () => {
    const r = (await (await get('/api/v1/search?q=ceasefire')).json()) as { stories: { snippet: string }[] };
    expect(r.stories).toHaveLength(1);
    expect(r.stories[0]!.snippet).toMatch(/«ceasefire»/i);
    expect((await get('/api/v1/search')).status).toBe(400);
    expect((await get('/api/v1/search?from=tomorrow')).status).toBe(400);
    const all = (await (await get(`/api/v1/search?from=2000-01-01&limit=${SAMPLE_STORIES - 1}`)).json()) as { stories: unknown[]; nextCursor: string };
    expect(all.stories).toHaveLength(SAMPLE_STORIES - 1);
    const rest = (await (await get(`/api/v1/search?from=2000-01-01&limit=${SAMPLE_STORIES - 1}&cursor=${all.nextCursor}`)).json()) as { stories: unknown[]; nextCursor: null };
    expect(rest.stories).toHaveLength(1);
  });
});

/** A fetch that keeps cookies, like a browser, and never follows redirects (the test checks them). */
function cookieClient(base: string) {
  const jar = new Map<string, string>();
  return async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (/max-age=0/i.test(c) || v === '') jar.delete(k!);
      else jar.set(k!, v!);
    }
    return res;
  };
}
const form = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

describe('admin', () => {
  beforeAll(async () => {
    await store.addUser('editor', await hashPassword('correct horse battery'));
  });

  it('keeps the admin behind a login and refuses wrong passwords, missing tokens and floods', async () => {
    const browser = cookieClient(site.url);
    const res = await browser('/admin');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login');
    const login = await browser('/admin/login');
    expect(login.headers.get('cache-control')).toBe('no-store');
    const csrf = csrfOf(await login.text());
    expect((await browser('/admin/login', form({ name: 'editor', password: 'correct horse battery' }))).status).toBe(400);
    expect((await browser('/admin/login', form({ csrf, name: 'editor', password: 'wrong' }))).status).toBe(401);
    expect((await browser('/admin/sources', form({ url: 'https://example.org/feed' }))).status).toBe(401);
    // Five failures for a name block it for a while, even with the right password.
    const attacker = cookieClient(site.url);
    const token = csrfOf(await (await attacker('/admin/login')).text());
    for (let i = 0; i < 5; i++) await attacker('/admin/login', form({ csrf: token, name: 'victim', password: `guess-${i}` }));
    expect((await attacker('/admin/login', form({ csrf: token, name: 'victim', password: 'x' }))).status).toBe(429);
  });

  it('slows, but does not lock, a name that another address guesses at', async () => {
    await store.addUser('lockout', await hashPassword('only the editor knows'));
    // The attacker speaks from 127.0.0.2, the editor from 127.0.0.1: two addresses on this machine.
    const from = (localAddress: string) => {
      let cookie = '';
      return (path: string, body?: Record<string, string>) =>
        new Promise<{ status: number; text: string }>((resolve, reject) => {
          const data = body ? new URLSearchParams(body).toString() : null;
          const req = http.request(`${site.url}${path}`, { method: data ? 'POST' : 'GET', localAddress, headers: { cookie, ...(data ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(data)) } : {}) } }, (res) => {
            const set = res.headers['set-cookie'] ?? [];
            if (set.length) cookie = set.map((c) => c.split(';')[0]).join('; ');
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          });
          req.on('error', reject);
          req.end(data ?? undefined);
        });
    };
    const attacker = from('127.0.0.2');
    const atoken = csrfOf((await attacker('/admin/login')).text);
    for (let i = 0; i < 5; i++) expect((await attacker('/admin/login', { csrf: atoken, name: 'lockout', password: `guess-${i}` })).status).toBe(401);
    expect((await attacker('/admin/login', { csrf: atoken, name: 'lockout', password: 'guess-5' })).status).toBe(429);
    const editor = from('127.0.0.1');
    const etoken = csrfOf((await editor('/admin/login')).text);
    let status = (await editor('/admin/login', { csrf: etoken, name: 'lockout', password: 'only the editor knows' })).status;
    if (status === 429) {
      await new Promise((r) => setTimeout(r, 1100));
      status = (await editor('/admin/login', { csrf: etoken, name: 'lockout', password: 'only the editor knows' })).status;
    }
    expect(status).toBe(303);
  });

  it('counts sign-in attempts sent in parallel before verifying any of them', async () => {
    await store.addUser('racer', await hashPassword('the right one, at last'));
    const racer = cookieClient(site.url);
    const token = csrfOf(await (await racer('/admin/login')).text());
    // Eleven wrong passwords and the right one, all at once: five are checked, the rest refused,
    // the right one among them.
    const tries = [...Array.from({ length: 11 }, (_, i) => `wrong-${i}`), 'the right one, at last'];
    const statuses = await Promise.all(tries.map((password) => racer('/admin/login', form({ csrf: token, name: 'racer', password })).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401 || s === 303)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    expect(statuses.filter((s) => s === 303).length).toBeLessThanOrEqual(1);
  });

  it('lets a signed-in editor add a source, import a catalogue, pin, hide and retitle stories', async () => {
    const browser = cookieClient(site.url);
    const csrf0 = csrfOf(await (await browser('/admin/login')).text());
    const signIn = await browser('/admin/login', form({ csrf: csrf0, name: 'editor', password: 'correct horse battery' }));
    expect(signIn.status).toBe(303);
    expect(signIn.headers.getSetCookie().join()).toMatch(/sitrep_session=[^;]+;.*HttpOnly.*SameSite=Strict/i);
    const dash = await (await browser('/admin')).text();
    expect(dash).toContain('Failing sources (0)');
    const csrf = csrfOf(dash);

    // Without the session's token, or from another origin, a POST is refused.
    expect((await browser('/admin/sources', form({ url: 'https://example.org/feed.xml' }))).status).toBe(403);
    expect((await browser('/admin/sources', { ...form({ csrf, url: 'https://example.org/feed.xml' }), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' } })).status).toBe(403);
    const bad = await browser('/admin/sources', form({ csrf, url: 'javascript:alert(1)' }));
    expect(bad.headers.get('location')).toBe('/admin');
    expect(await (await browser('/admin')).text()).toContain('Source not added');
    // The message is shown once, and a crafted link cannot plant one.
    expect(await (await browser('/admin?error=Send+your+password+to+x')).text()).not.toMatch(/Source not added|Send your password/);
    expect((await browser('/admin/sources', form({ csrf, url: 'https://example.org/feed.xml', outlet: 'Example' }))).status).toBe(303);
    expect((await store.listSources()).map((s) => s.url)).toContain('https://example.org/feed.xml');
    expect((await browser('/admin/sources/remove', form({ csrf, url: 'https://example.org/feed.xml' }))).status).toBe(303);
    expect((await store.listSources()).map((s) => s.url)).not.toContain('https://example.org/feed.xml');

    // An imported catalogue reaches the shelves at once, without a new briefing version.
    const [shelved] = await store.listStories();
    const before = (await store.latestBriefing(shelved!.id))!;
    expect(before.products.map((p) => p.id)).not.toContain('lamp');
    const csv = `id,name,blurb,url,tags\nlamp,Storm lantern,Bright,https://shop.example/lamp,${before.tags[0]}|power\n`;
    expect((await browser('/admin/catalogue', form({ csrf, text: csv }))).status).toBe(303);
    expect((await store.listCatalogue()).map((p) => p.id)).toEqual(['lamp']);
    expect(await (await browser('/admin')).text()).toMatch(/Catalogue imported: 1 products; [1-9]\d* story shel(f|ves) updated/);
    const after = (await store.latestBriefing(shelved!.id))!;
    expect(after.version).toBe(before.version);
    expect(after.products.map((p) => p.id)).toEqual(['lamp']);
    expect(await (await get(`/stories/${shelved!.slug}`)).text()).toContain('Storm lantern');
    const wrong = await browser('/admin/catalogue', form({ csrf, text: 'id,name\nx,y' }));
    expect(wrong.status).toBe(303);
    expect(await (await browser('/admin')).text()).toContain('needs a &quot;url&quot; column');

    const [a, b] = await store.listStories();
    await browser(`/admin/stories/${a!.id}`, form({ csrf, action: 'pin' }));
    const home = await (await get('/')).text();
    expect(home.indexOf(`/stories/${a!.slug}`)).toBeLessThan(home.indexOf('id="h-latest"'));
    expect(home).toContain('id="h-pinned"');

    await browser(`/admin/stories/${b!.id}`, form({ csrf, action: 'hide' }));
    expect((await get(`/stories/${b!.slug}`)).status).toBe(404);
    expect(await (await get('/')).text()).not.toContain(`/stories/${b!.slug}"`);
    expect((await get(`/api/v1/stories/${b!.slug}`)).status).toBe(404);
    await browser(`/admin/stories/${b!.id}`, form({ csrf, action: 'show' }));
    expect((await get(`/stories/${b!.slug}`)).status).toBe(200);

    // The editor's headline outlives a new briefing version.
    await browser(`/admin/stories/${a!.id}`, form({ csrf, action: 'headline', headline: 'Talks resume: what we know' }));
    const latest = (await store.latestBriefing(a!.id))!;
    await store.saveBriefing({ ...latest, version: latest.version + 1, updatedAt: store.clock().toISOString() });
    const page = await (await get(`/stories/${a!.slug}`)).text();
    expect(page).toContain('<h1>Talks resume: what we know</h1>');
    expect(page).toContain(`Version ${latest.version + 1}`);
    expect(((await (await get(`/api/v1/stories/${a!.slug}`)).json()) as { headline: string }).headline).toBe('Talks resume: what we know');

    // Signing out ends the session on the server, not only in the browser.
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('sitrep_session='))!.split(';')[0]!;
    expect((await browser('/admin/logout', form({ csrf }))).status).toBe(303);
    expect((await fetch(`${site.url}/admin`, { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
  });

  it("raises an alert in the demo's second round on the watchlist the demo creates, and shows why", async () => {
    const alerts = new AlertStore(store);
    const watches = await alerts.listWatches();
    expect(watches.map((w) => w.name)).toEqual(DEMO_WATCHES.map((w) => w.name));
    const [talks, halvorsen] = watches;
    const raised = await alerts.alerts(talks!.id, { passedOnly: true });
    expect(raised).toHaveLength(1);
    expect(raised[0]!.version).toBe(2);
    expect(raised[0]!.body.reasons.join('; ')).toMatch(/\d+ new developments/);
    // The stricter watchlist scored every update that mentions him, and alerted on fewer.
    const scored = await alerts.alerts(halvorsen!.id, {});
    expect(scored.length).toBeGreaterThan(scored.filter((a) => a.passed).length);
    const page = await (await get(`/watch/${talks!.token}`)).text();
    expect(page).toContain(raised[0]!.body.headline.replace(/'/g, '&#39;'));
    expect((await get(`/watch/${talks!.token}/atom.xml`)).status).toBe(200);
  });

  it('lets a signed-in editor add and remove a watchlist, with a clear message for a bad one', async () => {
    const browser = cookieClient(site.url);
    const csrf0 = csrfOf(await (await browser('/admin/login')).text());
    await browser('/admin/login', form({ csrf: csrf0, name: 'editor', password: 'correct horse battery' }));
    const csrf = csrfOf(await (await browser('/admin')).text());
    expect((await browser('/admin/watches', form({ name: 'No token', entities: 'Karvenia' }))).status).toBe(403);
    await browser('/admin/watches', form({ csrf, name: 'Nothing to follow' }));
    expect(await (await browser('/admin')).text()).toContain('Watchlist not added: a watchlist follows something');
    expect((await browser('/admin/watches', form({ csrf, name: 'Lumen outbreak', entities: 'Lumen, Sorrel', minScore: '3' }))).status).toBe(303);
    const dash = await (await browser('/admin')).text();
    expect(dash).toMatch(/Watchlist added: Lumen outbreak\. Its feed: \/watch\/[\w-]{32}\/atom\.xml/);
    const added = (await new AlertStore(store).listWatches()).find((w) => w.name === 'Lumen outbreak')!;
    expect(added.criteria.entities).toEqual(['Lumen', 'Sorrel']);
    expect(added.minScore).toBe(3);
    await browser('/admin/watches/remove', form({ csrf, id: String(added.id) }));
    expect((await new AlertStore(store).listWatches()).map((w) => w.name)).not.toContain('Lumen outbreak');
  });
});

describe('request targets', () => {
  it('refuses an absolute-form target naming another host, so no page is cached with its links', async () => {
    const { port } = new URL(site.url);
    const raw = (line: string) =>
      new Promise<string>((resolve, reject) => {
        const sock = connect(Number(port), '127.0.0.1', () => sock.end(`${line}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
        let out = '';
        sock.on('data', (d) => (out += d.toString()));
        sock.on('end', () => resolve(out));
        sock.on('error', reject);
      });
    expect(await raw('GET http://evil.example/ HTTP/1.1')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw('GET http://evil.example/feed.xml HTTP/1.1')).toMatch(/^HTTP\/1\.1 400/);
    // The same host in absolute form is the path it names.
    expect(await raw(`GET http://127.0.0.1:${port}/robots.txt HTTP/1.1`)).toMatch(/^HTTP\/1\.1 200/);
    const home = await (await get('/')).text();
    expect(home).not.toContain('evil.example');
  });
});

describe('tags', () => {
  it('gives a tag a page, feeds and a sitemap entry once two stories carry it', async () => {
    // A tag one story carries and no other (which story that is does not depend on the store's order).
    const slugOf = (t: string) => encodeURIComponent(t.toLowerCase().replace(/\s+/g, '-'));
    const stories = await store.listStories();
    const latest = new Map(await Promise.all(stories.map(async (s) => [s.id, (await store.latestBriefing(s.id))!] as const)));
    const carriers = (t: string) => stories.filter((s) => latest.get(s.id)!.tags.some((x) => slugOf(x) === slugOf(t))).length;
    const a = stories.find((s) => latest.get(s.id)!.tags.some((t) => carriers(t) === 1))!;
    const tag = latest.get(a.id)!.tags.find((t) => carriers(t) === 1)!;
    const b = stories.find((s) => s.id !== a.id)!;
    const slug = slugOf(tag);
    expect((await get(`/tags/${slug}`)).status).toBe(404);
    const other = latest.get(b.id)!;
    await store.saveBriefing({ ...other, version: other.version + 1, tags: [...other.tags, tag], updatedAt: store.clock().toISOString() });
    expect(await (await get(`/stories/${a.slug}`)).text()).toContain(`href="/tags/${slug}"`);
    const page = await (await get(`/tags/${slug}`)).text();
    expect(page).toContain(`/stories/${a.slug}`);
    expect(page).toContain(`/stories/${b.slug}`);
    for (const kind of ['feed.xml', 'atom.xml', 'feed.json']) {
      const res = await get(`/tags/${slug}/${kind}`);
      expect(res.status, kind).toBe(200);
      expect(parseFeed(await res.text(), site.url).items).toHaveLength(2);
    }
    expect(await (await get('/sitemap.xml')).text()).toContain(`/tags/${slug}</loc>`);
  });
});

describe('hidden stories', () => {
  it('are left out of other stories\' related lists in the API as on the page', async () => {
    const [a, b] = await store.listStories();
    const latest = (await store.latestBriefing(a!.id))!;
    await store.saveBriefing({ ...latest, version: latest.version + 1, related: [{ storyId: b!.id, headline: 'the other story', url: `/stories/${b!.slug}` }], updatedAt: store.clock().toISOString() });
    const related = async (path: string) => ((await (await get(path)).json()) as { related: { storyId: string }[] }).related.map((r) => r.storyId);
    expect(await related(`/api/v1/stories/${a!.slug}`)).toEqual([b!.id]);
    await store.setStoryFlags(b!.id, { hidden: true });
    try {
      expect(await related(`/api/v1/stories/${a!.slug}`)).toEqual([]);
      expect(await related(`/api/v1/stories/${a!.slug}/versions/${latest.version + 1}`)).toEqual([]);
      expect(await (await get(`/stories/${a!.slug}`)).text()).not.toContain(`/stories/${b!.slug}"`);
    } finally {
      await store.setStoryFlags(b!.id, { hidden: false });
    }
  });
});

describe('behind a TLS proxy', () => {
  it('takes the origin from SITREP_BASE_URL: forms from it are accepted, cookies are Secure', async () => {
    await store.addUser('proxied', await hashPassword('through the proxy we go'));
    const behind = await startServer(store, { port: 0, baseUrl: 'https://news.example' });
    try {
      const browser = cookieClient(behind.url);
      const login = await browser('/admin/login');
      expect(login.headers.getSetCookie().join()).toMatch(/sitrep_login=[^;]+;.*Secure/i);
      const csrf = csrfOf(await login.text());
      const withOrigin = (origin: string, password: string) => browser('/admin/login', { ...form({ csrf, name: 'proxied', password }), headers: { 'content-type': 'application/x-www-form-urlencoded', origin } });
      // What every HTTPS reverse proxy forwards: the browser's https origin.
      expect((await withOrigin('http://evil.example', 'through the proxy we go')).status).toBe(403);
      const signedIn = await withOrigin('https://news.example', 'through the proxy we go');
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.getSetCookie().join()).toMatch(/sitrep_session=[^;]+;.*Secure/i);
    } finally {
      await behind.close();
    }
  });
});
