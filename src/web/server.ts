import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Briefing, Entity } from '../model/index.js';
import type { Store } from '../store/index.js';
import { mergeStoryEntities } from '../stories/index.js';
import { slugify } from '../pipeline/index.js';
import { atomFeed, jsonFeed, rssFeed, sitemap, type FeedEntry } from './feeds.js';
import { SITE_CSS, layout } from './layout.js';
import { homePage, listPage, notFoundPage, sectionSlug, sourcesPage, storyPage, tagSlug, type SiteContext } from './pages.js';
import { openApiDocument } from './openapi.js';

export interface WebOptions {
  /** Absolute base URL for feeds and canonical links; defaults to the request's origin. */
  baseUrl?: string;
  /** A banner shown on every page (the demo marks its sample data with it). */
  notice?: string | null;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

interface Snapshot {
  briefings: Briefing[];
  slugs: Map<string, string>;
}

async function snapshot(store: Store): Promise<Snapshot> {
  const [briefings, stories] = await Promise.all([store.latestBriefings(), store.listStories()]);
  return { briefings, slugs: new Map(stories.map((s) => [s.id, s.slug])) };
}

export function createApp(store: Store, opts: WebOptions = {}): Hono {
  const app = new Hono();
  const ctxFor = (c: Context, snap: Snapshot): SiteContext => ({
    baseUrl: opts.baseUrl ?? new URL(c.req.url).origin,
    notice: opts.notice ?? null,
    slugOf: (id) => snap.slugs.get(id),
  });
  const entries = (c: Context, snap: Snapshot, list: Briefing[]): FeedEntry[] =>
    list.map((b) => ({ briefing: b, url: `${ctxFor(c, snap).baseUrl}/stories/${snap.slugs.get(b.storyId)}` }));

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  });
  app.onError((err, c) => {
    process.stderr.write(`sitrep serve: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}\n`);
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
    return c.html(layout({ title: 'Error · Sitrep' }, html`<h1>Something went wrong</h1><p>The error was logged.</p>`), 500);
  });

  app.get('/static/site.css', (c) => c.body(SITE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  app.get('/', async (c) => {
    const snap = await snapshot(store);
    return c.html(homePage(snap.briefings, ctxFor(c, snap)));
  });

  app.get('/stories/:slug', async (c) => {
    const snap = await snapshot(store);
    const story = await store.getStory(c.req.param('slug'));
    if (!story) return c.html(notFoundPage(ctxFor(c, snap), 'Story'), 404);
    const versions = await store.briefingVersions(story.id);
    const latest = versions[0]?.version ?? 0;
    const v = c.req.query('v');
    const wanted = v ? Number(v) : latest;
    if (!Number.isInteger(wanted) || wanted < 1) return c.html(notFoundPage(ctxFor(c, snap), 'Version'), 404);
    const b = await store.briefingVersion(story.id, wanted);
    if (!b) return c.html(notFoundPage(ctxFor(c, snap), 'Version'), 404);
    return c.html(storyPage(b, versions, latest, ctxFor(c, snap)));
  });

  app.get('/sections/*', async (c) => {
    const snap = await snapshot(store);
    const path = c.req.path.replace(/^\/sections\/?/, '').replace(/\/$/, '');
    const list = snap.briefings.filter((b) => sectionSlug(b.section).startsWith(path));
    const title = list[0]?.section.slice(0, path.split('/').length).join(' › ') ?? decodeURIComponent(path);
    return c.html(listPage(title, list, ctxFor(c, snap), `/sections/${path}`), list.length ? 200 : 404);
  });

  app.get('/tags/:tag', async (c) => {
    const snap = await snapshot(store);
    const tag = c.req.param('tag');
    const list = snap.briefings.filter((b) => b.tags.some((t) => tagSlug(t) === encodeURIComponent(decodeURIComponent(tag))));
    const name = list[0]?.tags.find((t) => tagSlug(t) === encodeURIComponent(decodeURIComponent(tag))) ?? decodeURIComponent(tag);
    return c.html(listPage(`Tag: ${name}`, list, ctxFor(c, snap), `/tags/${tag}`), list.length ? 200 : 404);
  });

  app.get('/entities/:slug', async (c) => {
    const snap = await snapshot(store);
    const slug = c.req.param('slug');
    const stories = await store.listStories();
    let found: Entity | null = null;
    const list: Briefing[] = [];
    for (const s of stories) {
      const arts = await store.listArticles({ storyId: s.id });
      const ents = mergeStoryEntities(arts.map((a) => a.analysis?.entities ?? []));
      const e = ents.find((x) => slugify(x.name) === slug || x.aliases.some((a) => slugify(a) === slug));
      const b = snap.briefings.find((x) => x.storyId === s.id);
      if (e && b) {
        found ??= e;
        list.push(b);
      }
    }
    if (!found) return c.html(notFoundPage(ctxFor(c, snap), 'Entity'), 404);
    const intro = html`<p class="meta">${found.type.toLowerCase()}${found.roles.length ? ` · ${found.roles.join('; ')}` : ''}${found.aliases.length ? ` · also: ${found.aliases.join(', ')}` : ''}</p>`;
    return c.html(listPage(found.name, list, ctxFor(c, snap), `/entities/${slug}`, intro));
  });

  app.get('/sources', async (c) => {
    const snap = await snapshot(store);
    return c.html(sourcesPage(await store.listSources(), ctxFor(c, snap)));
  });

  app.get('/search', async (c) => {
    const snap = await snapshot(store);
    const q = (c.req.query('q') ?? '').trim();
    const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    const list = terms.length
      ? snap.briefings.filter((b) => {
          const hay = [b.headline, b.altHeadline, b.summary, ...b.tags, ...b.keywords, ...b.timeline.map((t) => t.text)].join(' ').toLowerCase();
          return terms.every((t) => hay.includes(t));
        })
      : [];
    return c.html(listPage(q ? `Search: ${q}` : 'Search', list, ctxFor(c, snap), `/search?q=${encodeURIComponent(q)}`));
  });

  app.get('/feed.xml', async (c) => {
    const snap = await snapshot(store);
    const base = ctxFor(c, snap).baseUrl;
    return c.body(rssFeed('Sitrep', `${base}/`, `${base}/feed.xml`, entries(c, snap, snap.briefings)), 200, { 'content-type': 'application/rss+xml; charset=utf-8' });
  });
  app.get('/atom.xml', async (c) => {
    const snap = await snapshot(store);
    const base = ctxFor(c, snap).baseUrl;
    return c.body(atomFeed('Sitrep', `${base}/`, `${base}/atom.xml`, entries(c, snap, snap.briefings)), 200, { 'content-type': 'application/atom+xml; charset=utf-8' });
  });
  app.get('/feed.json', async (c) => {
    const snap = await snapshot(store);
    const base = ctxFor(c, snap).baseUrl;
    return c.body(jsonFeed('Sitrep', `${base}/`, `${base}/feed.json`, entries(c, snap, snap.briefings)), 200, { 'content-type': 'application/feed+json; charset=utf-8' });
  });
  app.get('/sitemap.xml', async (c) => {
    const snap = await snapshot(store);
    const base = ctxFor(c, snap).baseUrl;
    const urls = [{ loc: `${base}/` }, { loc: `${base}/sources` }, ...snap.briefings.map((b) => ({ loc: `${base}/stories/${snap.slugs.get(b.storyId)}`, lastmod: b.updatedAt }))];
    for (const path of new Set(snap.briefings.map((b) => sectionSlug(b.section)))) urls.push({ loc: `${base}/sections/${path}` });
    for (const tag of new Set(snap.briefings.flatMap((b) => b.tags.map(tagSlug)))) urls.push({ loc: `${base}/tags/${tag}` });
    return c.body(sitemap(urls), 200, { 'content-type': 'application/xml; charset=utf-8' });
  });
  app.get('/robots.txt', (c) => {
    const base = opts.baseUrl ?? new URL(c.req.url).origin;
    return c.text(`User-agent: *\nDisallow: /admin/\nDisallow: /search\nSitemap: ${base}/sitemap.xml\n`);
  });

  // JSON API
  const apiError = (c: Context, status: 400 | 404, code: string, message: string) => c.json({ error: { code, message } }, status);
  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/api/v1/stories', async (c) => {
    const snap = await snapshot(store);
    const limit = Number(c.req.query('limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return apiError(c, 400, 'bad_limit', 'limit must be an integer from 1 to 100');
    const cursor = c.req.query('cursor');
    let list = snap.briefings;
    if (cursor) {
      const at = list.findIndex((b) => b.storyId === cursor);
      if (at < 0) return apiError(c, 400, 'bad_cursor', 'cursor does not name a story');
      list = list.slice(at + 1);
    }
    const page = list.slice(0, limit);
    return c.json({
      stories: page.map((b) => ({ id: b.storyId, slug: snap.slugs.get(b.storyId), headline: b.headline, summary: b.summary, section: b.section, version: b.version, updatedAt: b.updatedAt, url: `/stories/${snap.slugs.get(b.storyId)}` })),
      nextCursor: list.length > limit ? page[page.length - 1]!.storyId : null,
    });
  });
  app.get('/api/v1/stories/:id', async (c) => {
    const story = await store.getStory(c.req.param('id'));
    if (!story) return apiError(c, 404, 'not_found', 'no such story');
    const b = await store.latestBriefing(story.id);
    return b ? c.json(b) : apiError(c, 404, 'not_found', 'story has no briefing yet');
  });
  app.get('/api/v1/stories/:id/versions', async (c) => {
    const story = await store.getStory(c.req.param('id'));
    if (!story) return apiError(c, 404, 'not_found', 'no such story');
    return c.json({ versions: await store.briefingVersions(story.id) });
  });
  app.get('/api/v1/stories/:id/versions/:v', async (c) => {
    const story = await store.getStory(c.req.param('id'));
    const v = Number(c.req.param('v'));
    if (!story) return apiError(c, 404, 'not_found', 'no such story');
    if (!Number.isInteger(v) || v < 1) return apiError(c, 400, 'bad_version', 'version must be a positive integer');
    const b = await store.briefingVersion(story.id, v);
    return b ? c.json(b) : apiError(c, 404, 'not_found', 'no such version');
  });
  app.get('/api/v1/sources', async (c) => c.json({ sources: await store.listSources() }));
  app.get('/api/v1/stats', async (c) => c.json(await store.stats()));
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `no API route ${c.req.method} ${c.req.path}`));

  app.notFound(async (c) => {
    const snap = await snapshot(store);
    return c.html(notFoundPage(ctxFor(c, snap)), 404);
  });
  return app;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serve the site on host:port (port 0 picks a free one). */
export async function startServer(store: Store, opts: WebOptions & { port?: number; host?: string } = {}): Promise<RunningServer> {
  const app = createApp(store, opts);
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port ?? 8080, hostname: host }, (info: AddressInfo) => {
      const url = `http://${host}:${info.port}`;
      resolve({
        url,
        port: info.port,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
    server.once('error', reject);
  });
}
