import { listenLocal, type LocalServer } from '../../test/local-server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { defaultReaders, nextPollAfterSuccess, pollDueSources } from './poll.js';
import { parseFeed } from './feed-parser.js';
import { PollWriter } from './poll-writer.js';

let local: LocalServer;
let base: string;
let store: Store;
/** When each paced feed's request arrived and its response went out (ms since the epoch). */
const seen = new Map<string, { requested: number; answered?: number }>();

const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Good feed</title><link>http://x/</link>${items}</channel></rss>`;

beforeAll(async () => {
  local = await listenLocal((req, res) => {
    const b = `http://${req.headers.host}`;
    if (req.url === '/good.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(rss(`<item><title>One</title><link>${b}/page/1?utm_source=feed#top</link><pubDate>Mon, 16 Nov 2026 08:00:00 GMT</pubDate><description>Summary one that is long enough.</description></item>
        <item><title>Two</title><link>${b}/missing</link><pubDate>Mon, 16 Nov 2026 09:00:00 GMT</pubDate><description>The feed text of item two survives a missing page.</description></item>
        <item><title>Empty</title><link>${b}/empty</link></item>`));
    }
    const paced = /^\/paced\/(\w+)\.xml$/.exec(req.url ?? '');
    if (paced) {
      const name = paced[1]!;
      seen.set(name, { requested: Date.now() });
      const answer = () => {
        seen.get(name)!.answered = Date.now();
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(rss(`<item><title>${name}</title><link>${b}/paced-item/${name}</link><description>The feed's own text for item ${name}, long enough to keep.</description></item>`));
      };
      if (name === 'slow') setTimeout(answer, 400);
      else answer();
      return;
    }
    if (req.url === '/scripted.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(rss('<item><title>Trap</title><guid isPermaLink="false">javascript:alert(1)</guid><description>A feed item whose only identity is a script.</description></item>'));
    }
    if (req.url === '/hostile.json') {
      // Ids that a prefix check misses but the URL parser cleans into javascript: URLs.
      res.writeHead(200, { 'content-type': 'application/feed+json' });
      const ids = ['java\tscript:alert(1)', '\u0001javascript:alert(2)', '  JAVASCRIPT\n:alert(3)', 'data:text/html,<script>alert(4)</script>', 'urn:uuid:5'];
      return res.end(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Hostile', items: [...ids.map((id, i) => ({ id, title: `Trap ${i}`, content_text: `Item ${i} whose only identity is not a web address at all.` })), { id: 'ok', url: `${b}/claims`, title: 'Claim\u0001er\u202E', content_text: 'An item whose page claims a canonical on another site entirely.' }] }));
    }
    if (req.url === '/hostile.atom') {
      res.writeHead(200, { 'content-type': 'application/atom+xml' });
      return res.end('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Hostile Atom</title><entry><title>Atom trap</title><id>java&#9;script:alert(5)</id><content>An Atom entry whose id is a script in disguise.</content></entry></feed>');
    }
    if (req.url === '/claims') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><head><link rel="canonical" href="https://other-outlet.example/their-story"></head><body><article><p>The claiming page has a body long enough to be the text of the article here.</p></article></body></html>');
    }
    if (req.url === '/broken.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end('<?xml version="1.0"?><rss><channel><title>Broken</title><item><title>cut');
    }
    if (req.url === '/page/1') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><head><title>One | Site</title></head><body><article><p>The full text of page one, which is longer than the feed summary.</p><p>A second paragraph of page one with more detail.</p></article></body></html>');
    }
    if (req.url === '/empty') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><body></body></html>');
    }
    res.writeHead(404);
    res.end();
  });
  base = local.base;
  store = await openStore({ path: ':memory:' });
});

afterAll(async () => {
  await store.close();
  await local.close();
});

describe('pollDueSources', () => {
  it('ingests good sources, records bad ones with a clear error, and loses no good item', async () => {
    await store.addSource(`${base}/good.xml`);
    await store.addSource(`${base}/broken.xml`);
    await store.addSource(`${base}/gone.xml`);
    const results = await pollDueSources(store, { fetch: { allowPrivate: true } });
    expect(results).toHaveLength(3);
    const byUrl = new Map(results.map((r) => [r.source.url, r]));
    expect(byUrl.get(`${base}/good.xml`)!.newArticles).toHaveLength(2);
    expect(byUrl.get(`${base}/good.xml`)!.itemErrors).toEqual([expect.stringMatching(/empty: .*no article text/)]);
    expect(byUrl.get(`${base}/broken.xml`)!.error).toMatch(/not well-formed XML/);
    expect(byUrl.get(`${base}/gone.xml`)!.error).toMatch(/HTTP 404/);
    const articles = await store.listArticles();
    expect(articles.map((a) => a.url).sort()).toEqual([`${base}/missing`, `${base}/page/1`]);
    const page = articles.find((a) => a.url === `${base}/page/1`)!;
    expect(page.text).toContain('A second paragraph of page one');
    expect(page.title).toBe('One');
    expect(articles.find((a) => a.url === `${base}/missing`)!.text).toContain('survives a missing page');
    expect(await store.stats()).toMatchObject({ sources: 3, failingSources: 2, articles: 2 });
    const failing = (await store.listSources()).filter((s) => s.failures > 0);
    for (const s of failing) expect(Date.parse(s.nextPollAt!)).toBeGreaterThan(Date.now());
  });

  it('does not store an article twice on the next poll', async () => {
    for (const s of await store.listSources()) await store.updateSource(s.id, { nextPollAt: new Date(0).toISOString() });
    const results = await pollDueSources(store, { fetch: { allowPrivate: true } });
    expect(results.flatMap((r) => r.newArticles)).toEqual([]);
    expect((await store.stats()).articles).toBe(2);
  });
});

describe('pollDueSources and hostile links', () => {
  it('parses every guid and canonical first and keeps only http(s) ones of the page\'s own site', async () => {
    const own = await openStore({ path: ':memory:' });
    await own.addSource(`${base}/hostile.json`);
    await own.addSource(`${base}/hostile.atom`);
    const results = await pollDueSources(own, { fetch: { allowPrivate: true }, robots: false });
    const errors = results.flatMap((r) => r.itemErrors);
    expect(errors.filter((e) => /no http\(s\) link or guid/.test(e))).toHaveLength(6);
    const stored = await own.listArticles();
    expect(stored.map((a) => a.title)).toEqual(['Claimer']);
    for (const a of stored) {
      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/claims$/);
      // The page claimed another outlet's address: the article keeps its own.
      expect(a.canonical).toBe(a.url);
    }
    await own.close();
  });

  it('does not take a script guid for an article address', async () => {
    const own = await openStore({ path: ':memory:' });
    await own.addSource(`${base}/scripted.xml`);
    const [r] = await pollDueSources(own, { fetch: { allowPrivate: true }, fetchPages: false });
    expect(r!.itemErrors).toEqual([expect.stringMatching(/Trap.*no http\(s\) link or guid/)]);
    expect((await own.stats()).articles).toBe(0);
    await own.close();
  });
});

describe('pollDueSources pipelining', () => {
  it('fetches the next source while a poll\'s items wait to commit', async () => {
    const paced = await openStore({ path: ':memory:' });
    for (const name of ['fast', 'slow', 'next']) await paced.addSource(`${base}/paced/${name}.xml`);
    // Two workers, and a writer that commits only when both have handed over their items: the fast
    // poll's items wait for the slow one's, and its worker must not wait with them.
    const results = await pollDueSources(paced, { fetch: { allowPrivate: true }, fetchPages: false, concurrency: 2, writer: new PollWriter(paced, { maxWaitMs: 10_000 }) });
    expect(results.map((r) => r.newArticles.length)).toEqual([1, 1, 1]);
    expect(seen.get('next')!.requested).toBeLessThan(seen.get('slow')!.answered!);
    expect((await paced.stats()).articles).toBe(3);
    await paced.close();
  });
});

describe('nextPollAfterSuccess', () => {
  it('keeps out of the hours and days a feed asks not to be polled', () => {
    const feed = parseFeed('<rss version="2.0"><channel><title>A</title><ttl>60</ttl><skipHours><hour>0</hour><hour>1</hour></skipHours><skipDays><day>Saturday</day><day>sunday</day></skipDays></channel></rss>');
    expect(feed.skipDays).toEqual([6, 0]);
    // Friday 2026-11-20 23:30 UTC + an hour: Saturday and Sunday are skipped, then Monday's first two hours.
    expect(nextPollAfterSuccess(feed, new Date('2026-11-20T23:30:00Z')).toISOString()).toBe('2026-11-23T02:00:00.000Z');
    // Wednesday afternoon: nothing to skip.
    expect(nextPollAfterSuccess(feed, new Date('2026-11-18T14:00:00Z')).toISOString()).toBe('2026-11-18T15:00:00.000Z');
    const never = { items: [], ttlMinutes: null, skipHours: [], skipDays: [0, 1, 2, 3, 4, 5, 6] };
    expect(nextPollAfterSuccess(never, new Date('2026-11-18T14:00:00Z')).toISOString()).toBe('2026-11-25T15:00:00.000Z');
  });
});

describe('defaultReaders', () => {
  it('reads a large poll in one worker thread and a small one inline', () => {
    expect(defaultReaders(0)).toBe(0);
    expect(defaultReaders(49)).toBe(0);
    expect(defaultReaders(50)).toBe(1);
    expect(defaultReaders(5000)).toBe(1);
  });
});
