import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import type { AudienceProfile, Briefing } from '../model/index.js';
import type { Store } from '../store/index.js';
import { slugify } from '../pipeline/index.js';
import { registerAdmin } from './admin.js';
import { atomFeed, jsonFeed, newsSitemap, rssFeed, sitemap, type FeedEntry } from './feeds.js';
import { SITE_CSS, layout, type Html } from './layout.js';
import { entityPage, homePage, listPage, notFoundPage, paginate, searchPage, sectionSlug, sourcePage, sourcesPage, storyPage, tagSlug, MIN_TAG_STORIES, type SiteContext } from './pages.js';
import { snippetFor } from './snippet.js';
import { answer, cacheKey, cachedPage, readyAnswer } from './page-cache.js';
import { buildState, movedTo, publicBriefing, yieldToLoop, type SiteState } from './site-state.js';
import { registerApi, type SearchInput } from './api.js';
import { apiDocsPage } from './api-docs.js';
import { registerWatchApi, registerWatchPages } from './watch.js';
import { routeOf, type Metrics } from '../service/metrics.js';
import type { Logger } from '../log.js';
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface WebOptions {
  /** Prometheus metrics: served at /metrics, and counted for requests and the page cache. Off when absent. */
  metrics?: Metrics | null;
  /** With metrics: the bearer token /metrics requires (SITREP_METRICS_TOKEN); none: open to whoever reaches the port. */
  metricsToken?: string | null;
  /** Readiness checks beyond the store's own (Redis, when the desk uses it): problems in words, empty when fine. */
  readiness?: () => Promise<string[]>;
  /** /readyz fails once the last poll round is older than this (seconds); default SITREP_READY_MAX_POLL_AGE or 900. */
  maxPollAgeSeconds?: number;
  /** The request log (method, route, status, ms) at debug level. */
  logger?: Logger;
  /** Absolute base URL for feeds and canonical links; defaults to the request's origin. */
  baseUrl?: string;
  /** A banner shown on every page (the demo marks its sample data with it). */
  notice?: string | null;
  /** The audience profile from the config, for shelves re-picked when a catalogue is imported. */
  audience?: AudienceProfile;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

/** How often a request re-reads the store's generation (cross-process changes show within this). */
const CHECK_MS = 200;
/** Pages rendered into a new generation ahead of requests: the most requested of the one before. */
const WARM_PAGES = 8;
/** Another process's writes are followed at most this often (the view is at most this much older). */
const REFRESH_MS = 1000;

const FEED_TYPES = { 'feed.xml': 'application/rss+xml; charset=utf-8', 'atom.xml': 'application/atom+xml; charset=utf-8', 'feed.json': 'application/feed+json; charset=utf-8' } as const;
type FeedKind = keyof typeof FEED_TYPES;

/** Percent-decoding that leaves malformed input (a stray %) as it is instead of throwing. */
const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const pageParam = (c: Context) => {
  const n = Number(c.req.query('page') ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
};

export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export function createApp(store: Store, opts: WebOptions = {}): Hono {
  return createSite(store, opts).app;
}

/** The site: its Hono app, and a fast path for cached pages that a plain Node server can put in front. */
export function createSite(store: Store, opts: WebOptions = {}): { app: Hono; fastPath: FastPath; prepare: () => Promise<void>; close: () => void } {
  const app = new Hono();
  let fastPath: FastPath = () => false;
  let stopWatching = () => {};
  let state: SiteState | null = null;
  let building: Promise<SiteState> | null = null;

  // Writes in this process mark the state stale at once; writes by another process (a separate
  // `sitrep ingest`) are seen by reading the store's generation, at most every CHECK_MS.
  let checkedAt = -Infinity;
  let stale = false;
  /** A view of a newer generation (written by another process) is being built in the background. */
  let refreshing = false;
  let refreshedAt = -Infinity;
  store.onChange(() => {
    stale = true;
    carried = null;
  });
  /**
   * The pages of the view just replaced, still served while the new view's most requested pages are
   * rendered (another process's writes only: they already show on the site up to a second late), so
   * that a reader who asks for one of them meanwhile is not the one who waits for its rendering.
   */
  let carried: SiteState['pages'] | null = null;
  /** Marks the warm-up's own requests, which must render the new page rather than take a carried one. */
  const warmToken = randomBytes(16).toString('hex');

  /** The current state, rebuilt only after the store's generation moved. */
  const current = async (): Promise<SiteState> => {
    // How long since the last look is a duration: the monotonic clock.
    const now = performance.now();
    // While the background builds the view of a newer generation, the current one answers.
    if (state && !stale && (now - checkedAt < CHECK_MS || refreshing)) return state;
    stale = false;
    checkedAt = now;
    const generation = await store.generation();
    if (state && state.generation === generation) return state;
    building ??= buildState(store, generation, state).finally(() => (building = null));
    state = await building;
    return state;
  };

  const baseOf = (c: Context) => opts.baseUrl ?? new URL(c.req.url).origin;
  const ctxFor = (c: Context, s: SiteState): SiteContext => ({
    baseUrl: baseOf(c),
    notice: opts.notice ?? null,
    slugOf: (id) => s.stories.get(id)?.slug,
    tagHasPage: (t) => (s.tagStories.get(tagSlug(t)) ?? 0) >= MIN_TAG_STORIES,
  });

  /**
   * Serve a page from the cache of this generation, rendering it on a miss; answer 304 when the
   * client's copy is current (ETag or Last-Modified).
   */
  const cached = async (
    c: Context,
    s: SiteState,
    render: () => Promise<{ body: string | Html; status?: number; type?: string; lastModified?: string }>,
    cache: Pick<SiteState['pages'], 'get' | 'set'> = s.pages,
  ) => {
    const url = c.req.url;
    const key = cacheKey(opts.baseUrl ? '' : c.req.header('host'), url.slice(url.indexOf('/', url.indexOf('//') + 2)));
    let page = cache.get(key) ?? (carried && cache === s.pages && s === state && c.req.header('x-sitrep-warm') !== warmToken ? carried.get(key) : undefined);
    opts.metrics?.pageCache.inc({ result: page ? 'hit' : 'miss' });
    if (page) page.hits = (page.hits ?? 0) + 1;
    if (!page) {
      const r = await render();
      page = cachedPage(String(await r.body), r.type ?? 'text/html; charset=utf-8', r.status ?? 200, r.lastModified ? new Date(r.lastModified).toUTCString() : s.lastModified);
      cache.set(key, page);
    }
    const r = answer(page, (name) => c.req.header(name));
    return r.body ? c.body(r.body, r.status as 200, r.headers) : c.body(null, 304, r.headers);
  };

  /**
   * The fast path in front of the app: a GET for a page already cached in the current state is
   * written straight to the socket, without building Request and Response objects. Anything else
   * (a miss, a state due for its generation check) goes to the app.
   */
  fastPath = (req, res) => {
    // The background check below keeps `checkedAt` fresh; a state it has not confirmed for a while
    // (the event loop was busy) goes to the app, which reads the generation itself.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !state || stale || (performance.now() - checkedAt >= 3 * CHECK_MS && !refreshing)) return false;
    const key = cacheKey(opts.baseUrl ? '' : req.headers.host, req.url ?? '/');
    const page = state.pages.get(key) ?? (req.url?.startsWith('/search?') ? state.searches.get(key) : carried?.get(key));
    if (!page) return false;
    opts.metrics?.pageCache.inc({ result: 'hit' });
    page.hits = (page.hits ?? 0) + 1;
    const h = req.headers;
    const r = readyAnswer(page, h['accept-encoding'], h['if-none-match'], h['if-modified-since'], SECURITY_HEADERS);
    res.writeHead(r.status, r.headers);
    res.end(req.method === 'HEAD' ? undefined : r.body);
    return true;
  };

  // The store's generation is read in the background, every CHECK_MS, rather than by a request: the
  // fast path never waits on the store. When another process (an ingest) has moved it on, the new view
  // is built here, off the request path, while requests are still answered from the current one; then
  // the current generation's most requested pages are rendered into the new one before anyone asks.
  // Measured on a 10,000-article store: the first request after a new generation took 127-145 ms when
  // it rebuilt the view itself (and rendered the 1,700-article story page); see bench:web.
  const refresh = async (g: number) => {
    const before = state!;
    building ??= buildState(store, g, before).finally(() => (building = null));
    const next = await building;
    if (stale || state !== before) return;
    state = next;
    carried = before.pages;
    checkedAt = performance.now();
    try {
      for (const key of before.pages.hottest(WARM_PAGES)) {
        // One page at a time, with requests let through between them.
        await yieldToLoop();
        if (state !== next || stale) break;
        const slash = key.indexOf('/');
        const host = slash > 0 ? key.slice(0, slash) : 'localhost';
        await Promise.resolve(app.request(`http://${host}${key.slice(Math.max(0, slash))}`, { headers: { host, 'x-sitrep-warm': warmToken } }))
          .then((r) => r.arrayBuffer())
          .catch(() => undefined);
      }
    } finally {
      if (carried === before.pages) carried = null;
    }
  };
  const watcher = setInterval(() => {
    if (stale || !state || refreshing) return;
    void store.generation().then(
      (g) => {
        if (!state || stale) return;
        if (g === state.generation) {
          checkedAt = performance.now();
          return;
        }
        // A busy writer (an ingest composing thousands of briefings) moves the generation several
        // times a second: the view follows at most once per REFRESH_MS, the current one answering
        // meanwhile, instead of re-rendering the hottest pages on every step.
        if (performance.now() - refreshedAt < REFRESH_MS) {
          checkedAt = performance.now();
          return;
        }
        refreshing = true;
        refreshedAt = checkedAt = performance.now();
        void refresh(g)
          .catch(() => (stale = true))
          .finally(() => (refreshing = false));
      },
      () => {},
    );
  }, CHECK_MS);
  watcher.unref();
  stopWatching = () => clearInterval(watcher);

  const feedEntries = (c: Context, s: SiteState, list: Briefing[]): FeedEntry[] =>
    list.slice(0, 50).map((b) => ({ briefing: b, url: `${baseOf(c)}/stories/${s.stories.get(b.storyId)?.slug}` }));
  const feedBody = (kind: FeedKind, title: string, c: Context, path: string, entries: FeedEntry[]) => {
    const base = baseOf(c);
    const self = `${base}${path}/${kind}`;
    const site = `${base}${path || '/'}`;
    return kind === 'feed.xml' ? rssFeed(title, site, self, entries) : kind === 'atom.xml' ? atomFeed(title, site, self, entries) : jsonFeed(title, site, self, entries);
  };
  const splitFeed = (path: string): { path: string; kind: FeedKind | null } => {
    const m = /^(.*)\/(feed\.xml|atom\.xml|feed\.json)$/.exec(path);
    return m ? { path: m[1]!, kind: m[2] as FeedKind } : { path, kind: null };
  };

  // Set before the handler runs, so they go into the response it builds: changing a built
  // response's headers makes @hono/node-server copy it through a full Response object.
  app.use('*', async (c, next) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    await next();
  });
  app.onError((err, c) => {
    if (opts.logger) opts.logger.error(`sitrep serve: ${c.req.method} ${routeOf(c.req.path)}: ${err.message}`, { stack: err.stack });
    else process.stderr.write(`sitrep serve: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}\n`);
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
    return c.html(layout({ title: 'Error · Sitrep', noindex: true }, html`<h1>Something went wrong</h1><p>The error was logged.</p>`), 500);
  });

  app.get('/static/site.css', (c) => c.body(SITE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  // Health for a supervisor or a load balancer: never cached, and the reasons name no path or address.
  const noStore = { 'cache-control': 'no-store' };
  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, noStore));
  app.get('/readyz', async (c) => {
    const problems = await store.health();
    if (problems.length === 0) {
      const last = await store.lastPollRound();
      const maxAge = opts.maxPollAgeSeconds ?? Number(process.env.SITREP_READY_MAX_POLL_AGE ?? 900);
      const age = last ? (store.clock().getTime() - Date.parse(last)) / 1000 : null;
      if (age === null) problems.push('poll: no poll round has finished yet');
      else if (age > maxAge) problems.push(`poll: the last poll round finished ${Math.round(age)} s ago (limit ${maxAge} s)`);
      if (opts.readiness) problems.push(...(await opts.readiness()));
    }
    return problems.length ? c.json({ status: 'unavailable', problems }, 503, noStore) : c.json({ status: 'ready' }, 200, noStore);
  });
  if (opts.metrics) {
    const metrics = opts.metrics;
    const token = opts.metricsToken ? Buffer.from(`Bearer ${opts.metricsToken}`) : null;
    app.get('/metrics', async (c) => {
      if (token) {
        const given = Buffer.from(c.req.header('authorization') ?? '');
        if (given.length !== token.length || !timingSafeEqual(given, token)) return c.text('metrics need the bearer token (SITREP_METRICS_TOKEN)\n', 401, { 'www-authenticate': 'Bearer', ...noStore });
      }
      return c.body(await metrics.text(), 200, { 'content-type': metrics.contentType, ...noStore });
    });
  }

  // The API's own page, generated from its OpenAPI document.
  app.get('/api', async (c) => {
    const s = await current();
    return cached(c, s, async () => ({ body: apiDocsPage(baseOf(c), opts.notice ?? null) }));
  });

  // Home and the site-wide feeds
  app.get('/', async (c) => {
    const s = await current();
    return cached(c, s, async () => {
      const pinned = s.briefings.filter((b) => s.stories.get(b.storyId)?.pinned);
      const newest = s.briefings[0]?.updatedAt ?? '';
      const weekBefore = new Date(Date.parse(newest || '1970-01-01') - 7 * 86_400_000).toISOString();
      const biggest = s.briefings
        .filter((b) => b.updatedAt >= weekBefore && !pinned.includes(b))
        .sort((a, b) => b.sources.length - a.sources.length)
        .slice(0, 3);
      return { body: homePage({ pinned, biggest: s.briefings.length > 6 ? biggest : [], latest: paginate(s.briefings, pageParam(c)) }, ctxFor(c, s)) };
    });
  });
  for (const kind of Object.keys(FEED_TYPES) as FeedKind[]) {
    app.get(`/${kind}`, async (c) => {
      const s = await current();
      return cached(c, s, async () => ({ body: feedBody(kind, 'Sitrep', c, '', feedEntries(c, s, s.briefings)), type: FEED_TYPES[kind] }));
    });
  }

  // Stories: the briefing (any version) and the story's own feeds, one entry per version
  app.get('/stories/:slug/:feed{feed\\.xml|atom\\.xml|feed\\.json}', async (c) => {
    const s = await current();
    const story = s.bySlug.get(c.req.param('slug'));
    const kind = c.req.param('feed') as FeedKind;
    const moved = story && movedTo(s, story);
    if (moved) return c.redirect(`/stories/${moved.slug}/${kind}`, 301);
    return cached(c, s, async () => {
      if (!story || story.hidden) return { body: notFoundPage(ctxFor(c, s), 'Story'), status: 404 };
      const versions = await store.briefingVersions(story.id);
      const url = `${baseOf(c)}/stories/${story.slug}`;
      const entries: FeedEntry[] = [];
      for (const v of versions.slice(0, 20)) {
        const b = await store.briefingVersion(story.id, v.version);
        if (b) entries.push({ briefing: b, url: v.version === versions[0]!.version ? url : `${url}?v=${v.version}` });
      }
      const title = s.byStory.get(story.id)?.headline ?? story.title;
      return { body: feedBody(kind, `Sitrep: ${title}`, c, `/stories/${story.slug}`, entries), type: FEED_TYPES[kind] };
    });
  });

  app.get('/stories/:slug', async (c) => {
    const s = await current();
    const story = s.bySlug.get(c.req.param('slug')) ?? s.stories.get(c.req.param('slug'));
    // A merged story's page leads to the story that took its articles; its own versions (?v=) stay readable.
    const moved = story && !c.req.query('v') && movedTo(s, story);
    if (moved) return c.redirect(`/stories/${moved.slug}`, 301);
    return cached(c, s, async () => {
      if (!story || story.hidden) return { body: notFoundPage(ctxFor(c, s), 'Story'), status: 404 };
      // A long story's page reads and renders in steps, with requests let through between them.
      const versions = await store.briefingVersions(story.id);
      await yieldToLoop();
      const latest = versions[0]?.version ?? 0;
      const v = c.req.query('v');
      const wanted = v ? Number(v) : latest;
      const b = Number.isInteger(wanted) && wanted >= 1 ? ((wanted === latest ? s.byStory.get(story.id) : undefined) ?? (await store.briefingVersion(story.id, wanted))) : null;
      if (!b) return { body: notFoundPage(ctxFor(c, s), 'Version'), status: 404 };
      const coverage = await store.coverage(story.id);
      await yieldToLoop();
      const entities = await store.entityRows({ storyId: story.id });
      await yieldToLoop();
      return { body: storyPage(publicBriefing(s, b), versions, latest, ctxFor(c, s), { coverage, entities }), lastModified: b.updatedAt };
    });
  });

  // Sections and tags: pages and feeds
  app.get('/sections/*', async (c) => {
    const s = await current();
    const { path: rawPath, kind } = splitFeed(c.req.path.replace(/\/+$/, ''));
    const path = rawPath.replace(/^\/sections\/?/, '');
    return cached(c, s, async () => {
      const list = s.briefings.filter((b) => {
        const slug = sectionSlug(b.section);
        return slug === path || slug.startsWith(`${path}/`);
      });
      const label = s.sections.find((x) => x.slug === path)?.label ?? safeDecode(path);
      if (!list.length) return { body: notFoundPage(ctxFor(c, s), 'Section'), status: 404 };
      if (kind) return { body: feedBody(kind, `Sitrep: ${label}`, c, `/sections/${path}`, feedEntries(c, s, list)), type: FEED_TYPES[kind] };
      return { body: listPage(label, paginate(list, pageParam(c)), ctxFor(c, s), `/sections/${path}`) };
    });
  });

  app.get('/tags/:tag/:feed{feed\\.xml|atom\\.xml|feed\\.json}', async (c) => tagRoute(c, c.req.param('feed') as FeedKind));
  app.get('/tags/:tag', async (c) => tagRoute(c, null));
  const tagRoute = async (c: Context, kind: FeedKind | null) => {
    const s = await current();
    const tag = c.req.param('tag') ?? '';
    return cached(c, s, async () => {
      const wanted = tagSlug(safeDecode(tag).replace(/-/g, ' '));
      const list = s.briefings.filter((b) => b.tags.some((t) => tagSlug(t) === wanted));
      const name = list[0]?.tags.find((t) => tagSlug(t) === wanted);
      // A tag on a single story is a keyword of that story, not a subject with a page of its own.
      if (!name || list.length < MIN_TAG_STORIES) return { body: notFoundPage(ctxFor(c, s), 'Tag'), status: 404 };
      if (kind) return { body: feedBody(kind, `Sitrep: ${name}`, c, `/tags/${wanted}`, feedEntries(c, s, list)), type: FEED_TYPES[kind] };
      return { body: listPage(`Tag: ${name}`, paginate(list, pageParam(c)), ctxFor(c, s), `/tags/${wanted}`) };
    });
  };

  // Entities: one page per person, organisation or place across stories
  app.get('/entities/:slug', async (c) => {
    const s = await current();
    return cached(c, s, async () => {
      const rows = (await store.entityRows({ slug: c.req.param('slug') })).filter((r) => s.byStory.has(r.storyId));
      if (!rows.length) return { body: notFoundPage(ctxFor(c, s), 'Entity'), status: 404 };
      const list = s.briefings.filter((b) => rows.some((r) => r.storyId === b.storyId));
      return { body: entityPage(rows, paginate(list, pageParam(c)), ctxFor(c, s)) };
    });
  });

  // Sources: fetch status changes on every poll, so these pages are rendered per request
  app.get('/sources', async (c) => {
    const s = await current();
    return c.html(sourcesPage(paginate(await store.listSources(), pageParam(c), 50), ctxFor(c, s)));
  });
  app.get('/sources/:id', async (c) => {
    const s = await current();
    const id = Number(c.req.param('id'));
    const source = Number.isInteger(id) ? await store.getSource(id) : null;
    if (!source) return c.html(notFoundPage(ctxFor(c, s), 'Source'), 404);
    const ids = await store.storiesForSource(source.id);
    return c.html(sourcePage(source, paginate(s.briefings.filter((b) => ids.has(b.storyId)), pageParam(c)), ctxFor(c, s)));
  });

  // Search: full text (FTS5, bm25) with section, date-range and entity filters
  const searchQuery = z.object({
    q: z.string().trim().max(200).default(''),
    section: z.string().max(200).default(''),
    from: z.union([z.literal(''), z.iso.date()]).default(''),
    to: z.union([z.literal(''), z.iso.date()]).default(''),
    entity: z.string().trim().max(100).default(''),
  });
  const runSearch = async (s: SiteState, p: SearchInput): Promise<Briefing[]> => {
    let list: Briefing[];
    if (p.q) {
      const rows = await store.searchStoryRows(p.q);
      if (rows) {
        // The map is read once per view. A story indexed after that has a row the map lacks and
        // waits for the next view, as a story written since waits for it in `byStory`; a row number
        // freed and taken by another story meanwhile (the last row's story merged away) would show
        // the old story until then, at most the generation check's second later.
        s.byRow ??= store.searchRowStories().then((m) => new Map([...m].flatMap(([row, id]) => (s.byStory.has(id) ? [[row, s.byStory.get(id)!] as const] : []))));
        const byRow = await s.byRow;
        list = rows.map((r) => byRow.get(r)).filter((b): b is Briefing => !!b);
      } else list = (await store.searchStories(p.q)).map((id) => s.byStory.get(id)).filter((b): b is Briefing => !!b);
    } else list = s.briefings;
    if (p.section) list = list.filter((b) => { const slug = sectionSlug(b.section); return slug === p.section || slug.startsWith(`${p.section}/`); });
    if (p.from || p.to) {
      const from = p.from || '0000';
      const to = p.to ? `${p.to}\uffff` : '\uffff';
      list = list.filter((b) => b.sources.some((x) => (x.published ?? b.updatedAt) >= from && (x.published ?? b.updatedAt) <= to));
    }
    if (p.entity) {
      const ids = await store.storiesWithEntity(slugify(p.entity));
      list = list.filter((b) => ids.has(b.storyId));
    }
    return p.q || p.section || p.from || p.to || p.entity ? list : [];
  };

  app.get('/search', async (c) => {
    const s = await current();
    // The same search in the same generation is answered from the recent results (kept apart from
    // the page cache): in a spike most people type the same few words.
    return cached(c, s, () => renderSearch(c, s), s.searches);
  });
  const renderSearch = async (c: Context, s: SiteState): Promise<{ body: Html; status: number }> => {
    const parsed = searchQuery.safeParse(c.req.query());
    const p = parsed.success ? parsed.data : { q: (c.req.query('q') ?? '').slice(0, 200), section: '', from: '', to: '', entity: '' };
    const error = parsed.success ? null : `Check the filters: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`;
    const list = error ? [] : await runSearch(s, p);
    const page = paginate(list, pageParam(c));
    const snippet = snippetFor(p.q);
    const results = { ...page, items: page.items.map((b) => ({ briefing: b, snippet: snippet(b) })) };
    const path = `/search?${new URLSearchParams(Object.entries(p).filter(([, v]) => v)).toString()}`;
    return { body: searchPage({ ...p, sections: s.sections, results, error }, ctxFor(c, s), path), status: error ? 400 : 200 };
  };

  // Sitemaps and robots
  app.get('/sitemap.xml', async (c) => {
    const s = await current();
    return cached(c, s, async () => {
      const base = baseOf(c);
      const urls = [{ loc: `${base}/` }, { loc: `${base}/sources` }, ...s.briefings.map((b) => ({ loc: `${base}/stories/${s.stories.get(b.storyId)?.slug}`, lastmod: b.updatedAt }))];
      for (const x of s.sections) urls.push({ loc: `${base}/sections/${x.slug}` });
      for (const [tag, n] of s.tagStories) if (n >= MIN_TAG_STORIES) urls.push({ loc: `${base}/tags/${tag}` });
      const entities = await store.entityRows({});
      for (const slug of new Set(entities.filter((e) => e.mentions >= 2 && s.byStory.has(e.storyId)).map((e) => e.slug))) urls.push({ loc: `${base}/entities/${slug}` });
      return { body: sitemap(urls.slice(0, 50_000)), type: 'application/xml; charset=utf-8' };
    });
  });
  app.get('/news-sitemap.xml', async (c) => {
    const s = await current();
    return cached(c, s, async () => {
      // Google News sitemaps list articles of the last two days.
      const since = new Date(store.clock().getTime() - 2 * 86_400_000).toISOString();
      const recent = s.briefings.filter((b) => b.updatedAt >= since).slice(0, 1000);
      return { body: newsSitemap(recent.map((b) => ({ loc: `${baseOf(c)}/stories/${s.stories.get(b.storyId)?.slug}`, title: b.headline, published: b.updatedAt, keywords: b.keywords.slice(0, 10) }))), type: 'application/xml; charset=utf-8' };
    });
  });
  app.get('/robots.txt', (c) => c.text(`User-agent: *\nDisallow: /admin/\nDisallow: /search\nDisallow: /watch/\nSitemap: ${baseOf(c)}/sitemap.xml\nSitemap: ${baseOf(c)}/news-sitemap.xml\n`));

  registerAdmin(app, {
    store,
    briefings: async () => (await current()).written,
    audience: opts.audience,
    baseUrl: opts.baseUrl,
  });

  registerWatchPages(app, store, baseOf, opts.notice ?? null);
  registerWatchApi(app, store, baseOf);
  registerApi(app, store, current, runSearch, searchQuery);

  app.notFound(async (c) => {
    const s = await current();
    return c.html(notFoundPage(ctxFor(c, s)), 404);
  });
  // The view of the store, built before the server takes its first request: otherwise the first
  // readers after a start wait for it (a second and more on a large store) behind one another.
  const prepare = async () => {
    await current();
  };
  return { app, fastPath, prepare, close: () => stopWatching() };
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serve the site on host:port (port 0 picks a free one). */
export async function startServer(store: Store, opts: WebOptions & { port?: number; host?: string } = {}): Promise<RunningServer> {
  const { app, fastPath, prepare, close: closeSite } = createSite(store, opts);
  await prepare();
  const listener = getRequestListener(app.fetch);
  const server = createServer((req, res) => {
    // An absolute-form target ("GET http://evil.example/ HTTP/1.1") names the origin in the request
    // line; the page's links and the cache key would then disagree about it. One naming another host
    // than Host is refused; one naming the same is read as its path.
    const target = req.url ?? '/';
    if (!target.startsWith('/') && target !== '*') {
      let url: URL | null = null;
      try {
        url = new URL(target);
      } catch {
        url = null;
      }
      if (!url || url.host.toLowerCase() !== String(req.headers.host ?? '').toLowerCase()) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('request target names another host than Host');
        return;
      }
      req.url = `${url.pathname}${url.search}`;
    }
    // Metrics and the request log: the route as a template, never the query (it may carry a token).
    const logRequests = opts.logger?.isEnabled('debug') ?? false;
    if (opts.metrics || logRequests) {
      const t0 = performance.now();
      res.once('finish', () => {
        const ms = performance.now() - t0;
        const route = routeOf(req.url ?? '/');
        opts.metrics?.requests.inc({ route, status: String(res.statusCode) });
        opts.metrics?.requestSeconds.observe({ route }, ms / 1000);
        if (logRequests) opts.logger!.debug('request', { method: req.method, route, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
      });
    }
    if (!fastPath(req, res)) void listener(req, res);
  });
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise((r) => {
            closeSite();
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
