import { parseDocument } from 'htmlparser2';
import { findAll, getAttributeValue } from 'domutils';

const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json|json|rdf\+xml|xml)$/i;

/** Feed URLs an HTML page advertises with <link rel="alternate" type="application/rss+xml" …>. */
export function discoverFeeds(html: string, baseUrl: string): { url: string; title: string | null; type: string }[] {
  const dom = parseDocument(html);
  const links = findAll((el) => el.name === 'link' && /\balternate\b/i.test(getAttributeValue(el, 'rel') ?? '') && FEED_TYPES.test((getAttributeValue(el, 'type') ?? '').trim()), dom.children);
  const out: { url: string; title: string | null; type: string }[] = [];
  for (const l of links) {
    const href = getAttributeValue(l, 'href');
    if (!href) continue;
    try {
      const url = new URL(href, baseUrl).href;
      if (!out.some((o) => o.url === url)) out.push({ url, title: getAttributeValue(l, 'title') ?? null, type: (getAttributeValue(l, 'type') ?? '').toLowerCase() });
    } catch {
      // an unusable href is skipped, not fatal
    }
  }
  return out;
}
