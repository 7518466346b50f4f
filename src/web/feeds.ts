import type { Briefing } from '../model/index.js';
import { xmlSafe } from '../text/xml-safe.js';
import { humanDate } from './dates.js';

const x = (s: string) => xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export interface FeedEntry {
  briefing: Briefing;
  url: string;
}

/** An entry's text: the summary, then what changed since the previous version, if anything did. */
function entryText(b: Briefing): string {
  const parts = [b.summary];
  // The key developments travel with their claim status, as on the page.
  if (b.timeline.length) parts.push(`Key developments:\n${b.timeline.map((t) => `${humanDate(t.date)}: ${t.text}${t.status ? ` [${t.status.replace('-', ' ')}]` : ''}`).join('\n')}`);
  const c = b.changes;
  if (c && (c.added.length || c.removed.length)) parts.push(`What changed since version ${c.sinceVersion}:\n${[...c.added.slice(0, 8).map((a) => `Added: ${a}`), ...c.removed.slice(0, 8).map((r) => `Removed: ${r}`)].join('\n')}`);
  return parts.join('\n\n');
}

/** HTML-escaped text: every piece of an entry's HTML comes through here, so it carries no markup of its own. */
const h = (s: string) => xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An entry as HTML for feed readers: the summary, the key developments as a dated list, what changed,
 * and a link to the briefing with its sources. Built from escaped text only (no markup from a source
 * passes through), the same way the pages escape it.
 */
export function entryHtml(b: Briefing, url: string): string {
  const parts = [`<p>${h(b.summary)}</p>`];
  if (b.timeline.length)
    parts.push(`<h3>Key developments</h3><ul>${b.timeline.map((t) => `<li><strong>${h(humanDate(t.date))}</strong>: ${h(t.text)}${t.status === 'confirmed' || t.status === 'disputed' ? ` <em>(${t.status})</em>` : ''}</li>`).join('')}</ul>`);
  const c = b.changes;
  if (c && (c.added.length || c.removed.length))
    parts.push(`<h3>What changed since version ${c.sinceVersion}</h3><ul>${[...c.added.slice(0, 8).map((a) => `<li>Added: ${h(a)}</li>`), ...c.removed.slice(0, 8).map((r) => `<li>Removed: ${h(r)}</li>`)].join('')}</ul>`);
  parts.push(`<p><a href="${h(url)}">Read the briefing with its ${b.sources.length} cited ${b.sources.length === 1 ? 'source' : 'sources'}</a></p>`);
  return parts.join('');
}

export function rssFeed(title: string, siteUrl: string, selfUrl: string, entries: FeedEntry[]): string {
  const items = entries
    .map(({ briefing: b, url }) => `<item><title>${x(b.headline)}</title><link>${x(url)}</link><guid isPermaLink="false">${x(`${b.storyId}-v${b.version}`)}</guid><pubDate>${new Date(b.updatedAt).toUTCString()}</pubDate><description>${x(entryText(b))}</description><content:encoded>${x(entryHtml(b, url))}</content:encoded>${b.section.map((s) => `<category>${x(s)}</category>`).join('')}</item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${x(title)}</title><link>${x(siteUrl)}</link><description>Cited briefings on developing stories</description><atom:link href="${x(selfUrl)}" rel="self" type="application/rss+xml"/>
${items}
</channel></rss>`;
}

export function atomFeed(title: string, siteUrl: string, selfUrl: string, entries: FeedEntry[]): string {
  const updated = entries[0]?.briefing.updatedAt ?? new Date(0).toISOString();
  const items = entries
    .map(({ briefing: b, url }) => `<entry><id>${x(`${url}#v${b.version}`)}</id><title>${x(b.headline)}</title><link rel="alternate" href="${x(url)}"/><updated>${b.updatedAt}</updated><summary>${x(entryText(b))}</summary><content type="html">${x(entryHtml(b, url))}</content><author><name>Sitrep</name></author></entry>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${x(title)}</title><id>${x(selfUrl)}</id><updated>${updated}</updated><link rel="alternate" href="${x(siteUrl)}"/><link rel="self" href="${x(selfUrl)}"/>
${items}
</feed>`;
}

export function jsonFeed(title: string, siteUrl: string, selfUrl: string, entries: FeedEntry[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    home_page_url: siteUrl,
    feed_url: selfUrl,
    items: entries.map(({ briefing: b, url }) => ({ id: `${b.storyId}-v${b.version}`, url, title: b.headline, summary: b.summary, content_text: entryText(b), content_html: entryHtml(b, url), date_modified: b.updatedAt, tags: b.tags })),
  });
}

export function sitemap(urls: { loc: string; lastmod?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `<url><loc>${x(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`).join('\n')}
</urlset>`;
}

/** A Google News sitemap: recent stories with their publication date and title. */
export function newsSitemap(items: { loc: string; title: string; published: string; keywords: string[] }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${items
  .map(
    (i) =>
      `<url><loc>${x(i.loc)}</loc><news:news><news:publication><news:name>Sitrep</news:name><news:language>en</news:language></news:publication><news:publication_date>${x(i.published)}</news:publication_date><news:title>${x(i.title)}</news:title>${i.keywords.length ? `<news:keywords>${x(i.keywords.join(', '))}</news:keywords>` : ''}</news:news></url>`,
  )
  .join('\n')}
</urlset>`;
}
