import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FeedItem, ParsedFeed } from '../model/index.js';
import { SitrepError } from '../errors.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['item', 'entry', 'link', 'category', 'author', 'media:content', 'media:thumbnail', 'enclosure', 'hour'].includes(name),
});

type Node = Record<string, unknown>;

/** Text content of an element that may carry attributes (then it is an object with #text). */
function text(v: unknown): string | null {
  if (v == null) return null;
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') return text((v as Node)['#text']);
  return null;
}

function resolve(href: string | null, base: string | null): string | null {
  if (!href) return null;
  try {
    return new URL(href, base ?? undefined).href;
  } catch {
    return href;
  }
}

function isoDate(v: string | null): string | null {
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Parse RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 or JSON Feed into one shape. */
export function parseFeed(body: string, baseUrl: string | null = null): ParsedFeed {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{')) return parseJsonFeed(trimmed, baseUrl);
  const valid = XMLValidator.validate(trimmed);
  if (valid !== true) {
    throw new SitrepError(
      'malformed_feed',
      `feed is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    );
  }
  const doc = parser.parse(trimmed) as Node;
  if (doc.rss) return adaptRss((doc.rss as Node).channel as Node, 'rss', baseUrl);
  if (doc['rdf:RDF']) {
    const rdf = doc['rdf:RDF'] as Node;
    return adaptRss({ ...(rdf.channel as Node), item: rdf.item }, 'rdf', baseUrl);
  }
  if (doc.feed) return adaptAtom(doc.feed as Node, baseUrl);
  throw new SitrepError('not_a_feed', 'document is XML but not RSS, RDF or Atom');
}

function mediaImage(it: Node, base: string | null): string | null {
  const candidates: Node[] = [
    ...((it['media:content'] as Node[] | undefined) ?? []).filter((m) => !m['@_medium'] || m['@_medium'] === 'image' || /^image\//.test(String(m['@_type'] ?? ''))),
    ...((it['media:thumbnail'] as Node[] | undefined) ?? []),
    ...((it.enclosure as Node[] | undefined) ?? []).filter((e) => /^image\//.test(String(e['@_type'] ?? ''))),
  ];
  for (const c of candidates) {
    const u = (c['@_url'] as string | undefined) ?? null;
    if (u) return resolve(u, base);
  }
  const group = it['media:group'] as Node | undefined;
  return group ? mediaImage(group, base) : null;
}

function adaptRss(channel: Node | undefined, format: 'rss' | 'rdf', baseUrl: string | null): ParsedFeed {
  if (!channel) throw new SitrepError('not_a_feed', 'RSS document has no <channel>');
  const siteUrl = resolve(text(channel.link), baseUrl);
  const ttl = Number(text(channel.ttl));
  const skipHours = (((channel.skipHours as Node | undefined)?.hour as unknown[] | undefined) ?? []).map((h) => Number(text(h))).filter((h) => Number.isInteger(h) && h >= 0 && h < 24);
  const items = ((channel.item as Node[] | undefined) ?? []).map((it): FeedItem => {
    const link = resolve(text(it.link), siteUrl ?? baseUrl);
    const guid = text(it.guid) ?? text(it['@_rdf:about']);
    return {
      guid,
      url: link ?? (guid && /^https?:/.test(guid) ? guid : null),
      title: text(it.title),
      author: text(it['dc:creator']) ?? text(it.author),
      published: isoDate(text(it.pubDate) ?? text(it['dc:date'])),
      summary: text(it.description),
      contentHtml: text(it['content:encoded']),
      image: mediaImage(it, siteUrl ?? baseUrl),
    };
  });
  return { format, title: text(channel.title), siteUrl, items, ttlMinutes: Number.isFinite(ttl) && ttl > 0 ? ttl : null, skipHours };
}

function atomLink(links: unknown, rel: string): string | null {
  if (!Array.isArray(links)) return null;
  for (const l of links as Node[]) {
    const r = (l['@_rel'] as string | undefined) ?? 'alternate';
    if (r === rel && typeof l['@_href'] === 'string') return l['@_href'];
  }
  return null;
}

function adaptAtom(feed: Node, baseUrl: string | null): ParsedFeed {
  const siteUrl = resolve(atomLink(feed.link, 'alternate'), baseUrl);
  const items = ((feed.entry as Node[] | undefined) ?? []).map((e): FeedItem => {
    const authors = (e.author as Node[] | undefined) ?? [];
    return {
      guid: text(e.id),
      url: resolve(atomLink(e.link, 'alternate'), siteUrl ?? baseUrl),
      title: text(e.title),
      author: authors.map((a) => text(a.name)).filter(Boolean).join(', ') || null,
      published: isoDate(text(e.published) ?? text(e.updated)),
      summary: text(e.summary),
      contentHtml: text(e.content),
      image: mediaImage(e, siteUrl ?? baseUrl) ?? resolve(atomLink(e.link, 'enclosure'), siteUrl ?? baseUrl),
    };
  });
  return { format: 'atom', title: text(feed.title), siteUrl, items };
}

function parseJsonFeed(body: string, baseUrl: string | null): ParsedFeed {
  let doc: Node;
  try {
    doc = JSON.parse(body) as Node;
  } catch (err) {
    throw new SitrepError('malformed_feed', `JSON Feed is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof doc.version !== 'string' || !doc.version.includes('jsonfeed.org')) {
    throw new SitrepError('not_a_feed', 'JSON document is not a JSON Feed (no jsonfeed.org version)');
  }
  const siteUrl = resolve(typeof doc.home_page_url === 'string' ? doc.home_page_url : null, baseUrl);
  const items = ((doc.items as Node[] | undefined) ?? []).map((it): FeedItem => {
    const authors = (it.authors as Node[] | undefined) ?? (it.author ? [it.author as Node] : []);
    return {
      guid: it.id != null ? String(it.id) : null,
      url: resolve(typeof it.url === 'string' ? it.url : null, siteUrl ?? baseUrl),
      title: typeof it.title === 'string' ? it.title : null,
      author: authors.map((a) => a.name).filter((n): n is string => typeof n === 'string').join(', ') || null,
      published: isoDate(typeof it.date_published === 'string' ? it.date_published : null),
      summary: typeof it.summary === 'string' ? it.summary : null,
      contentHtml: typeof it.content_html === 'string' ? it.content_html : typeof it.content_text === 'string' ? it.content_text : null,
      image: resolve(typeof it.image === 'string' ? it.image : null, siteUrl ?? baseUrl),
    };
  });
  return { format: 'json', title: typeof doc.title === 'string' ? doc.title : null, siteUrl, items };
}

/**
 * Items recoverable from a feed that is not well-formed: each <item> or <entry> that parses on its own.
 * The feed still counts as failing; salvage only keeps its readable items from being lost.
 */
export function salvageFeed(body: string, baseUrl: string | null = null): ParsedFeed | null {
  const isAtom = /<feed[\s>]/.test(body) && !/<rss[\s>]/.test(body);
  const tag = isAtom ? 'entry' : 'item';
  const blocks = body.match(new RegExp(`<${tag}[\\s>][\\s\\S]*?</${tag}>`, 'g')) ?? [];
  const ns = [...new Map((body.match(/xmlns(:\w+)?="[^"]*"/g) ?? []).map((a) => [a.split('=')[0], a])).values()].join(' ');
  const items: FeedItem[] = [];
  for (const block of blocks) {
    const wrapped = isAtom ? `<feed ${ns}>${block}</feed>` : `<rss version="2.0" ${ns}><channel>${block}</channel></rss>`;
    try {
      items.push(...parseFeed(wrapped, baseUrl).items);
    } catch {
      // this item is broken too; the others may not be
    }
  }
  if (items.length === 0) return null;
  const title = /<title>([^<]{1,200})<\/title>/.exec(body)?.[1]?.trim() ?? null;
  return { format: isAtom ? 'atom' : 'rss', title, siteUrl: null, items };
}
