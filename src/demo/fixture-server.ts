import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSample, type Sample, type SampleOutlet, type SampleReport } from './sample.js';

// A stand-in for the outside world: three fictional outlets publishing the bundled sample reports
// as RSS 2.0, Atom and JSON Feed, each report also as a full HTML page with the usual page furniture.

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function articlePage(base: string, outlet: SampleOutlet, r: SampleReport, notice: string): string {
  const url = `${base}/${outlet.slug}/articles/${r.id}.html`;
  const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: r.title, datePublished: r.published, author: { '@type': 'Person', name: r.byline }, publisher: { '@type': 'Organization', name: outlet.name } });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${esc(r.title)} | ${esc(outlet.name)}</title>
<link rel="canonical" href="${esc(url)}">
<meta property="og:site_name" content="${esc(outlet.name)}">
<meta property="og:title" content="${esc(r.title)}">
<meta name="description" content="${esc(r.paragraphs[0] ?? '')}">
<meta property="article:published_time" content="${r.published}">
<script type="application/ld+json">${ld.replace(/</g, '\\u003c')}</script>
</head><body>
<header class="site-header"><a href="/">${esc(outlet.name)}</a><nav><a href="/world">World</a> <a href="/health">Health</a> <a href="/weather">Weather</a></nav></header>
<div class="banner">${esc(notice)}</div>
<main><article>
<h1>${esc(r.title)}</h1>
<p class="byline">By ${esc(r.byline)}</p>
<time datetime="${r.published}">${r.published.slice(0, 10)}</time>
${r.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
<div class="share-bar"><a href="#">Share on social media</a> <a href="#">Email this story</a></div>
</article>
<aside class="related"><h2>More from ${esc(outlet.name)}</h2><ul><li><a href="/other">An unrelated story about local sports results</a></li></ul></aside>
</main>
<footer><p>© ${esc(outlet.name)} — fictional outlet, sample data.</p><div class="newsletter">Sign up for our newsletter</div></footer>
</body></html>`;
}

function rss(base: string, outlet: SampleOutlet, reports: SampleReport[], notice: string): string {
  const items = reports
    .map((r) => `<item><title>${esc(r.title)}</title><link>${base}/${outlet.slug}/articles/${r.id}.html</link><guid isPermaLink="false">${outlet.slug}-${r.id}</guid><pubDate>${new Date(r.published).toUTCString()}</pubDate><dc:creator>${esc(r.byline)}</dc:creator><description><![CDATA[<p>${esc(r.paragraphs[0] ?? '')}</p>]]></description></item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${esc(outlet.name)}</title><link>${base}/${outlet.slug}/</link><description>${esc(notice)}</description><ttl>15</ttl>
${items}
</channel></rss>`;
}

function atom(base: string, outlet: SampleOutlet, reports: SampleReport[], notice: string): string {
  const entries = reports
    .map((r) => `<entry><id>tag:${outlet.slug},2026:${r.id}</id><title>${esc(r.title)}</title><link rel="alternate" href="${base}/${outlet.slug}/articles/${r.id}.html"/><published>${r.published}</published><updated>${r.published}</updated><author><name>${esc(r.byline)}</name></author><summary type="html">${esc(`<p>${r.paragraphs[0] ?? ''}</p>`)}</summary></entry>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(outlet.name)}</title><subtitle>${esc(notice)}</subtitle><id>tag:${outlet.slug},2026:feed</id><updated>${reports.at(-1)?.published ?? '2026-01-01T00:00:00Z'}</updated><link rel="alternate" href="${base}/${outlet.slug}/"/>
${entries}
</feed>`;
}

function jsonFeed(base: string, outlet: SampleOutlet, reports: SampleReport[], notice: string): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: outlet.name,
    description: notice,
    home_page_url: `${base}/${outlet.slug}/`,
    items: reports.map((r) => ({ id: `${outlet.slug}-${r.id}`, url: `${base}/${outlet.slug}/articles/${r.id}.html`, title: r.title, date_published: r.published, summary: r.paragraphs[0], authors: [{ name: r.byline }] })),
  });
}

export interface FixtureServer {
  url: string;
  feedUrls: { url: string; outlet: string }[];
  close(): Promise<void>;
}

/**
 * Serve the sample on 127.0.0.1 (port 0 = any free port). `upTo` limits reports to those published by
 * then; `pageDelayMs` answers each article page that much later (a slow site, for tests that need a
 * poll round to take a while).
 */
export async function startFixtureServer(opts: { port?: number; sample?: Sample; upTo?: () => string | null; pageDelayMs?: number } = {}): Promise<FixtureServer> {
  const sample = opts.sample ?? loadSample();
  const server = http.createServer((req, res) => {
    const base = `http://${req.headers.host}`;
    const path = new URL(req.url ?? '/', base).pathname;
    const limit = opts.upTo?.() ?? null;
    const visible = sample.reports.filter((r) => !limit || r.published <= limit);
    const feed = /^\/([\w-]+)\/feed\.(xml|json)$/.exec(path);
    const page = /^\/([\w-]+)\/articles\/([\w-]+)\.html$/.exec(path);
    const outlet = sample.outlets.find((o) => o.slug === (feed?.[1] ?? page?.[1]));
    if (feed && outlet) {
      const mine = visible.filter((r) => r.outlet === outlet.slug).sort((a, b) => b.published.localeCompare(a.published));
      if (outlet.format === 'json') {
        res.writeHead(200, { 'content-type': 'application/feed+json; charset=utf-8' });
        return res.end(jsonFeed(base, outlet, mine, sample.notice));
      }
      res.writeHead(200, { 'content-type': outlet.format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8' });
      return res.end(outlet.format === 'atom' ? atom(base, outlet, mine, sample.notice) : rss(base, outlet, mine, sample.notice));
    }
    const report = page && visible.find((r) => r.id === page[2] && r.outlet === page[1]);
    if (report && outlet) {
      const send = () => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(articlePage(base, outlet, report, sample.notice));
      };
      if (opts.pageDelayMs) setTimeout(send, opts.pageDelayMs);
      else send();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    feedUrls: sample.outlets.map((o) => ({ url: `${url}/${o.slug}/feed.${o.format === 'json' ? 'json' : 'xml'}`, outlet: o.name })),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
