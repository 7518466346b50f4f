// Hostile input, generated: feeds and pages built from a seeded generator of the tricks a red team
// uses (control characters, bidirectional overrides, scripts in disguise as links, guids and
// canonicals, broken markup and entities, absurd dates, huge titles), ingested through the real
// fetcher and pipeline, and every XML and JSON output of the site parsed. Bounded: 240 items.
import { parseXml } from '@rgrove/parse-xml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLocal, type LocalServer } from './local-server.js';
import { fixedClock } from '../src/clock.js';
import { runPipeline } from '../src/pipeline/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { startServer, type RunningServer } from '../src/web/index.js';

const FEEDS = 24;
const ITEMS = 10;

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'council flood bridge talks ceasefire harbour ministry clinic outbreak storm rail power water court village prisoners envoy border market'.split(' ');
const TRICKS = ['\u0001', '\u0008', '\u000B', '\uFFFE', '\u202E', '\u2066', '\uD800', '<script>alert(1)</script>', '&bogus;', ']]>', '"><img src=x onerror=alert(1)>', '\u0000', 'java\tscript:alert(1)', '&#0;', '&#x1;'];
const LINKS = ['java\tscript:alert(1)', '\u0001javascript:alert(2)', '  JAVASCRIPT\n:alert(3)', 'data:text/html,<b>x</b>', 'vbscript:msgbox(1)', 'urn:uuid:1', '//evil.example/x', 'http://[::1]:80/x', 'file:///etc/passwd'];

function generate(seed: number, base: string) {
  const r = rng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)]!;
  const sentence = () => `${Array.from({ length: 8 + Math.floor(r() * 12) }, () => (r() < 0.15 ? pick(TRICKS) : pick(WORDS))).join(' ')}.`;
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const hostileLink = r() < 0.3;
    return {
      title: r() < 0.1 ? sentence().repeat(40) : sentence(),
      link: hostileLink ? pick(LINKS) : `${base}/p/${seed}-${i}`,
      guid: r() < 0.5 ? pick(LINKS) : `${seed}-${i}`,
      date: pick(['Mon, 16 Nov 2026 08:00:00 GMT', 'not a date', '9999-99-99', '', '2026-11-16T08:00:00+25:00', 'Tuesday']),
      body: Array.from({ length: 3 }, sentence).join(' '),
      canonical: pick([...LINKS, 'https://other-outlet.example/theirs', `${base}/p/${seed}-${i}`]),
    };
  });
  return items;
}

const xmlText = (s: string) => s.replace(/&(?![a-z]+;|#\d+;)/gi, '&amp;').replace(/</g, '&lt;');
const jsonSafe = (s: string) => s;

let local: LocalServer;
let store: Store;
let site: RunningServer;
const pages = new Map<string, { title: string; body: string; canonical: string }>();

beforeAll(async () => {
  local = await listenLocal((req, res) => {
    const path = req.url ?? '/';
    const feed = /^\/feed\/(\d+)\.(xml|atom|json)$/.exec(path);
    if (feed) {
      const seed = Number(feed[1]);
      const items = generate(seed, local.base);
      for (const it of items) pages.set(new URL(it.link, local.base).pathname, { title: it.title, body: it.body, canonical: it.canonical });
      if (feed[2] === 'json') {
        res.writeHead(200, { 'content-type': 'application/feed+json' });
        return res.end(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: `Feed ${seed}\u202E`, items: items.map((it) => ({ id: it.guid, url: it.link, title: jsonSafe(it.title), content_html: `<p>${it.body}</p>`, date_published: it.date })) }));
      }
      if (feed[2] === 'atom') {
        res.writeHead(200, { 'content-type': 'application/atom+xml' });
        return res.end(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Feed ${seed}</title>${items.map((it) => `<entry><title>${xmlText(it.title)}</title><id>${xmlText(it.guid)}</id><link href="${xmlText(it.link)}"/><updated>${it.date}</updated><content type="html">${xmlText(`<p>${it.body}</p>`)}</content></entry>`).join('')}</feed>`);
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${seed}</title><link>${local.base}/</link>${items.map((it) => `<item><title>${xmlText(it.title)}</title><link>${xmlText(it.link)}</link><guid>${xmlText(it.guid)}</guid><pubDate>${it.date}</pubDate><description><![CDATA[<p>${it.body}</p>]]></description></item>`).join('')}</channel></rss>`);
    }
    const page = pages.get(path);
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<html><head><title>${page.title}</title><link rel="canonical" href="${page.canonical}"><meta property="article:published_time" content="2026-11-16T08:00:00Z"></head><body><article><h1>${page.title}</h1><p>${page.body}</p><p>${page.body}</p></article></body></html>`);
    }
    res.writeHead(404);
    res.end();
  });
  store = await openStore({ path: ':memory:', clock: fixedClock('2026-11-17T12:00:00Z') });
  for (let i = 0; i < FEEDS; i++) await store.addSource(`${local.base}/feed/${i}.${['xml', 'atom', 'json'][i % 3]}`);
  await runPipeline(store, { poll: { fetch: { allowPrivate: true }, robots: false } });
  site = await startServer(store, { port: 0 });
}, 120_000);

afterAll(async () => {
  await site?.close();
  await store?.close();
  await local?.close();
});

describe('generated hostile feeds and pages', () => {
  it('are ingested without losing the good items or storing a non-http address', async () => {
    const articles = await store.listArticles();
    expect(articles.length).toBeGreaterThan(FEEDS * ITEMS * 0.3);
    for (const a of articles) {
      expect(a.url, a.url).toMatch(/^https?:\/\//);
      expect(a.canonical ?? a.url).toMatch(/^https?:\/\//);
      // eslint-disable-next-line no-control-regex
      expect(`${a.title ?? ''}${a.text}`).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]/);
    }
  });

  it('leave every XML and JSON output of the site parseable and free of script links', async () => {
    const get = async (path: string) => {
      const res = await fetch(`${site.url}${path}`);
      expect(res.status, path).toBeLessThan(500);
      return res.text();
    };
    for (const path of ['/feed.xml', '/atom.xml', '/sitemap.xml', '/news-sitemap.xml']) {
      const xml = await get(path);
      expect(() => parseXml(xml), path).not.toThrow();
    }
    JSON.parse(await get('/feed.json'));
    const stories = JSON.parse(await get('/api/v1/stories?limit=100')) as { stories: { slug: string }[] };
    expect(stories.stories.length).toBeGreaterThan(0);
    for (const { slug } of stories.stories) {
      for (const kind of ['feed.xml', 'atom.xml']) {
        const xml = await get(`/stories/${slug}/${kind}`);
        expect(() => parseXml(xml), `${slug}/${kind}`).not.toThrow();
      }
      const b = JSON.parse(await get(`/api/v1/stories/${slug}`)) as { sources: { url: string }[] };
      for (const s of b.sources) expect(s.url).toMatch(/^https?:\/\//);
      const page = await get(`/stories/${slug}`);
      expect(page).not.toMatch(/href="\s*(?:javascript|data|vbscript):/i);
      expect(page).not.toContain('<script>alert');
    }
  });
});
