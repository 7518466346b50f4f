import zlib from 'node:zlib';
import { listenLocal, type LocalServer } from '../../test/local-server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { fixedClock } from '../clock.js';
import { pollDueSources } from './poll.js';
import { HostLimiter } from './host-limiter.js';

// One batch of sources on a real local server, every bad case of the ingestion issue among them:
// each bad one ends with a clear recorded error, and the good ones still ingest.
let local: LocalServer;
let base: string;
let store: Store;
const hits = new Map<string, number>();
// The desk's clock, fixed at a full hour two hours after the items were published. The feed asks not
// to be polled in the hour its ttl would land on, so the next poll moves one hour later.
const now = new Date('2026-11-16T10:00:00Z');
const skipHour = new Date(now.getTime() + 3 * 3_600_000).getUTCHours();

// Distinct pseudo-random texts (a seeded generator over a small vocabulary), so no two are near-duplicates.
const VOCAB = 'river council bridge harbour ferry storm school market budget road rail power water clinic court police farm port tower canal'.split(' ');
const words = (seed: number, n: number) => {
  let x = seed * 2654435761;
  return Array.from({ length: n }, () => VOCAB[(x = (x * 1103515245 + 12345) >>> 0) % VOCAB.length]).join(' ');
};
const wire = 'The regional council approved the flood defence budget on Tuesday after a long debate about the cost of new walls along the river and the timing of the works near the old harbour, officials said.';
const item = (b: string, id: string, body: string) => `<item><title>${id}</title><link>${b}/p/${id}</link><guid>${id}</guid><pubDate>Mon, 16 Nov 2026 08:00:00 GMT</pubDate><description><![CDATA[<p>${body}</p>]]></description></item>`;
const rss = (b: string, items: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed</title><link>${b}/</link>${extra}${items}</channel></rss>`;

beforeAll(async () => {
  local = await listenLocal((req, res) => {
    const b = `http://${req.headers.host}`;
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    switch (path) {
      case '/robots.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('User-agent: *\nDisallow: /private/\n');
      case '/good.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"g1"', 'cache-control': 'max-age=7200' });
        return res.end(rss(b, [item(b, 'g1', `${words(1, 40)}.`), item(b, 'g2', `${words(2, 40)}.`), `<item><title>Hidden</title><link>${b}/private/x</link><description>Text from the feed for a page robots.txt disallows.</description></item>`].join(''), `<ttl>180</ttl><skipHours><hour>${skipHour}</hour></skipHours>`));
      case '/wire-a.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        return res.end(rss(b, item(b, 'wa', `${wire} ${wire}`)));
      case '/wire-b.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        return res.end(rss(b, item(b, 'wb', `Reprinted: ${wire} ${wire}`)));
      case '/truncated.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        return res.end(rss(b, item(b, 't1', `${words(3, 40)}.`)).replace('</channel></rss>', '<item><title>half'));
      case '/cp1251.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        // Declared UTF-8 in the header but really windows-1251 (the XML declaration says so too).
        return res.end(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>'), Buffer.from([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]), Buffer.from(`</title>${item(b, 'c1', `${words(4, 40)}.`)}</channel></rss>`)]));
      case '/big.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        return res.end(Buffer.alloc(10 * 1024 * 1024, 32));
      case '/endless.xml': {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const t = setInterval(() => res.write(Buffer.alloc(256 * 1024, 32)), 1);
        res.on('close', () => clearInterval(t));
        return;
      }
      case '/drip.xml': {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const t = setInterval(() => res.write(' '), 300);
        res.on('close', () => clearInterval(t));
        return;
      }
      case '/loop.xml':
        res.writeHead(301, { location: '/loop2.xml' });
        return res.end();
      case '/loop2.xml':
        res.writeHead(301, { location: '/loop.xml' });
        return res.end();
      case '/limited.xml':
        res.writeHead(429, { 'retry-after': '3600' });
        return res.end();
      case '/flaky.xml':
        if ((hits.get(path) ?? 0) === 1) {
          res.writeHead(503);
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        return res.end(rss(b, item(b, 'f1', `${words(5, 40)}.`)));
      case '/bomb.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
        return res.end(zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 32)));
      case '/notfeed.xml':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>not a feed</body></html>');
      default:
        if (path.startsWith('/p/')) {
          res.writeHead(404);
          return res.end();
        }
        res.writeHead(404);
        return res.end();
    }
  });
  base = local.base;
});

afterAll(async () => {
  await local.close();
});

// Read inline, and read in a worker thread (FeedReaderPool): the outcome must be the same.
describe.each([
  { readers: 0, how: 'feeds read inline' },
  { readers: 1, how: 'feeds read in a worker thread' },
])('a batch of good and broken sources ($how)', ({ readers }) => {
  beforeAll(async () => {
    store = await openStore({ path: ':memory:', clock: fixedClock(now) });
  });
  afterAll(async () => {
    await store.close();
  });

  it('ingests the good ones and records a clear error for each bad one', async () => {
    const names = ['good', 'wire-a', 'wire-b', 'truncated', 'cp1251', 'big', 'endless', 'drip', 'loop', 'limited', 'flaky', 'bomb', 'notfeed'];
    for (const n of names) await store.addSource(`${base}/${n}.xml`);
    const results = await pollDueSources(store, {
      fetch: { allowPrivate: true, maxBytes: 2 * 1024 * 1024, totalTimeoutMs: 2000 },
      limiter: new HostLimiter(16, 0),
      retryDelayMs: 50,
      readers,
    });
    const r = Object.fromEntries(results.map((x) => [new URL(x.source.url).pathname.slice(1, -4), x]));
    expect(r.good!.ok).toBe(true);
    expect(r.good!.newArticles).toHaveLength(3);
    expect(r['wire-a']!.newArticles.length + r['wire-b']!.newArticles.length).toBe(1);
    expect(r['wire-a']!.duplicates + r['wire-b']!.duplicates).toBe(1);
    expect(r.truncated!.ok).toBe(false);
    expect(r.truncated!.error).toMatch(/not well-formed XML.*1 items salvaged/);
    expect(r.truncated!.newArticles).toHaveLength(1);
    expect(r.cp1251!.ok).toBe(true);
    expect(r.big!.error).toMatch(/larger than 2097152 bytes/);
    expect(r.endless!.error).toMatch(/larger than/);
    expect(r.drip!.error).toMatch(/timed out/);
    expect(r.loop!.error).toMatch(/redirect loop/);
    expect(r.limited!.error).toMatch(/HTTP 429/);
    expect(r.flaky!.ok).toBe(true); // one 503, retried
    expect(r.bomb!.error).toMatch(/larger than/);
    expect(r.notfeed!.error).toMatch(/not RSS, RDF or Atom/);

    const sources = new Map((await store.listSources()).map((s) => [new URL(s.url).pathname.slice(1, -4), s]));
    expect(sources.get('cp1251')!.title).toBe('Новости');
    expect(sources.get('limited')!.nextPollAt).toBe(new Date(now.getTime() + 3600_000).toISOString());
    // ttl 180 minutes beats max-age 2 h and the rhythm; that hour is skipped, so one hour later.
    expect(sources.get('good')!.nextPollAt).toBe(new Date(now.getTime() + 4 * 3_600_000).toISOString());
    for (const bad of ['truncated', 'big', 'endless', 'drip', 'loop', 'limited', 'bomb', 'notfeed']) {
      expect(sources.get(bad)!.failures, bad).toBe(1);
      expect(sources.get(bad)!.lastError, bad).toBeTruthy();
    }
    expect((await store.stats()).failingSources).toBe(8);
    // robots.txt kept the private page from being fetched; the feed's text was kept instead.
    expect(hits.get('/private/x')).toBeUndefined();
    const hidden = (await store.listArticles()).find((a) => a.url.endsWith('/private/x'));
    expect(hidden?.text).toContain('robots.txt disallows');
  });

  it('records the syndicated copy against the original article', async () => {
    const all = await store.listArticles();
    const wire = all.find((a) => a.text.includes('flood defence budget'))!;
    const copies = await store.copiesOf(wire.id);
    expect(copies).toHaveLength(1);
    expect(copies[0]!.url).not.toBe(wire.url);
  });
});
