import { createRequire } from 'node:module';
import { XmlText, type XmlNode } from '@rgrove/parse-xml';
import { escapeAttribute, escapeText } from 'entities';
import type { FeedItem, ParsedFeed } from '../model/index.js';
import { SitrepError } from '../errors.js';
import { htmlFragmentToText } from '../extract/index.js';
import { XmlElement, childElement, childElements, readXml } from './xml.js';
import { NAMED_ZONE_AT_END } from '../text/zones.js';

/** The trimmed text of the first child element with this name, or null when absent or blank. */
function text(el: XmlElement | undefined, name: string): string | null {
  return childElement(el, name)?.text.trim() || null;
}

/** Markup of nodes, for Atom's type="xhtml" content (an inline XHTML div). */
function serialize(nodes: readonly XmlNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (n instanceof XmlText) out += escapeText(n.text); // CDATA sections are XmlText too
    else if (n instanceof XmlElement) {
      const attrs = Object.entries(n.attributes).map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
      out += `<${n.name}${attrs}>${serialize(n.children)}</${n.name}>`;
    }
  }
  return out;
}

/**
 * A title as plain text. Atom says when a title is HTML (type="html" or "xhtml"); RSS titles are text
 * but often carry markup all the same ("<em>Nature</em> retracts …"), so markup there is read as HTML.
 */
function plainTitle(title: string | null, html: boolean): string | null {
  if (!title || !(html ? /[<&]/ : /<\/?[a-z][^>]*>/i).test(title)) return title;
  return htmlFragmentToText(title).replace(/\s+/g, ' ').trim() || null;
}

/** An Atom text construct (title, summary, content) as text or HTML. */
function atomText(el: XmlElement | undefined, name: string): string | null {
  const node = childElement(el, name);
  if (!node) return null;
  if (node.attributes.type === 'xhtml') {
    const div = node.children.find((c): c is XmlElement => c instanceof XmlElement);
    return (div ? serialize(div.children) : serialize(node.children)).trim() || null;
  }
  return node.text.trim() || null;
}

function atomTitle(el: XmlElement): string | null {
  const type = childElement(el, 'title')?.attributes.type;
  return plainTitle(atomText(el, 'title'), type === 'html' || type === 'xhtml');
}

/**
 * A link from the feed as an absolute http(s) URL. Other schemes (javascript:, data:, mailto: …) are
 * dropped: an item's link becomes an href on the site. A relative link with nothing to resolve it
 * against stays as written.
 */
function resolve(href: string | null | undefined, base: string | null): string | null {
  if (!href) return null;
  try {
    const u = new URL(href, base ?? undefined);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return /^[a-z][a-z\d+.-]*:/i.test(href) ? null : href;
  }
}

// A date with a zone Date.parse reads the same on every machine: ISO with Z or an offset, or RFC 822
// with GMT/UT/UTC, a numeric offset or a North American zone.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const knownZone = (s: string) => NAMED_ZONE_AT_END.test(s) || /[+-]\d{4}$/.test(s);

type ChronoParse = (text: string, ref?: { instant: Date; timezone: number }) => { start: { isCertain(c: string): boolean; date(): Date } }[];
let chronoParse: ChronoParse | null = null;

/**
 * A feed's date as ISO 8601 UTC, or null. A time without a zone is read as UTC, not as the server's
 * local time (Date.parse's reading, which would date the same item differently on another machine).
 * Anything else Date.parse cannot be trusted with (zones such as CET, BST or MSK, "Monday, November
 * 16, 2026 - 08:10") goes to chrono-node, loaded on first need, and counts when it names a day.
 */
export function feedDate(v: string | null, now: Date = readingAsOf ?? new Date()): string | null {
  const s = v?.trim();
  if (!s) return null;
  let t = NaN;
  const iso = ISO_DATE.exec(s);
  if (iso) t = Date.parse(iso[1] || s.length === 10 ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`);
  else if (knownZone(s)) t = Date.parse(s);
  if (Number.isNaN(t)) {
    chronoParse ??= (createRequire(import.meta.url)('chrono-node') as { parse: ChronoParse }).parse;
    // Only a date that names its day ("16 Nov", "yesterday"): a bare time or weekday is a guess.
    const start = chronoParse(s, { instant: now, timezone: 0 })[0]?.start;
    if (start?.isCertain('day') && start.isCertain('month')) t = start.date().getTime();
  }
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * The moment a feed is read as of, for dates that leave out the year ("Mon 16 Nov, 08:10") or say
 * "yesterday". Parsing is synchronous, so it is set for the length of one call and cannot leak.
 */
let readingAsOf: Date | null = null;

function asOf<T>(now: Date, fn: () => T): T {
  const saved = readingAsOf;
  readingAsOf = now;
  try {
    return fn();
  } finally {
    readingAsOf = saved;
  }
}

/** Parse RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 or JSON Feed into one shape, read as of `now`. */
export function parseFeed(body: string, baseUrl: string | null = null, now: Date = new Date()): ParsedFeed {
  const trimmed = body.trimStart();
  return asOf(now, () => (trimmed.startsWith('{') ? parseJsonFeed(trimmed, baseUrl) : parseXmlFeed(trimmed, baseUrl, false)));
}

function parseXmlFeed(xml: string, baseUrl: string | null, lenient: boolean): ParsedFeed {
  const root = readXml(xml, 'feed', 'malformed_feed', lenient);
  if (root?.name === 'rss') return adaptRss(childElement(root, 'channel'), childElements(childElement(root, 'channel'), 'item'), 'rss', baseUrl);
  if (root?.name === 'rdf:RDF') return adaptRss(childElement(root, 'channel'), childElements(root, 'item'), 'rdf', baseUrl);
  if (root?.name === 'feed') return adaptAtom(root, baseUrl);
  throw new SitrepError('not_a_feed', 'document is XML but not RSS, RDF or Atom');
}

function mediaImage(it: XmlElement, base: string | null): string | null {
  const candidates = [
    ...childElements(it, 'media:content').filter((m) => !m.attributes.medium || m.attributes.medium === 'image' || /^image\//.test(m.attributes.type ?? '')),
    ...childElements(it, 'media:thumbnail'),
    ...childElements(it, 'enclosure').filter((e) => /^image\//.test(e.attributes.type ?? '')),
  ];
  for (const c of candidates) if (c.attributes.url) return resolve(c.attributes.url, base);
  const group = childElement(it, 'media:group');
  return group ? mediaImage(group, base) : null;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function adaptRss(channel: XmlElement | undefined, items: XmlElement[], format: 'rss' | 'rdf', baseUrl: string | null): ParsedFeed {
  if (!channel) throw new SitrepError('not_a_feed', 'RSS document has no <channel>');
  const siteUrl = resolve(text(channel, 'link'), baseUrl);
  const ttl = Number(text(channel, 'ttl'));
  const skipDays = childElements(childElement(channel, 'skipDays'), 'day')
    .map((d) => WEEKDAYS.indexOf(d.text.trim().toLowerCase()))
    .filter((d) => d >= 0);
  const skipHours = childElements(childElement(channel, 'skipHours'), 'hour')
    .map((h) => Number(h.text.trim()))
    .filter((h) => Number.isInteger(h) && h >= 0 && h < 24);
  const base = siteUrl ?? baseUrl;
  return {
    format,
    title: plainTitle(text(channel, 'title'), false),
    siteUrl,
    items: items.map((it): FeedItem => {
      const link = resolve(text(it, 'link'), base);
      const guid = text(it, 'guid') ?? (it.attributes['rdf:about'] || null);
      return {
        guid,
        url: link ?? (guid && /^https?:/.test(guid) ? guid : null),
        title: plainTitle(text(it, 'title'), false),
        author: text(it, 'dc:creator') ?? text(it, 'author'),
        published: feedDate(text(it, 'pubDate') ?? text(it, 'dc:date')),
        summary: text(it, 'description'),
        contentHtml: text(it, 'content:encoded'),
        image: mediaImage(it, base),
      };
    }),
    ttlMinutes: Number.isFinite(ttl) && ttl > 0 ? ttl : null,
    skipHours,
    skipDays,
  };
}

/** The href of the first <link> with this rel (no rel means "alternate"). */
function atomLink(el: XmlElement, rel: string): string | null {
  for (const l of childElements(el, 'link')) if ((l.attributes.rel ?? 'alternate') === rel && l.attributes.href) return l.attributes.href;
  return null;
}

/**
 * Relative links in Atom resolve against the xml:base in scope when the feed declares one. Without it,
 * against the site's own address: a feed served from another host (a feed proxy) still links to the
 * site's pages.
 */
function adaptAtom(feed: XmlElement, baseUrl: string | null): ParsedFeed {
  const declared = feed.attributes['xml:base'] ? resolve(feed.attributes['xml:base'], baseUrl) : null;
  const siteUrl = resolve(atomLink(feed, 'alternate'), declared ?? baseUrl);
  const feedBase = declared ?? siteUrl ?? baseUrl;
  const items = childElements(feed, 'entry').map((e): FeedItem => {
    const base = e.attributes['xml:base'] ? resolve(e.attributes['xml:base'], feedBase) : feedBase;
    return {
      guid: text(e, 'id'),
      url: resolve(atomLink(e, 'alternate'), base),
      title: atomTitle(e),
      author:
        childElements(e, 'author')
          .map((a) => text(a, 'name'))
          .filter(Boolean)
          .join(', ') || null,
      published: feedDate(text(e, 'published') ?? text(e, 'updated')),
      summary: atomText(e, 'summary'),
      contentHtml: atomText(e, 'content'),
      image: mediaImage(e, base) ?? resolve(atomLink(e, 'enclosure'), base),
    };
  });
  return { format: 'atom', title: atomTitle(feed), siteUrl, items };
}

type Node = Record<string, unknown>;

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
      published: feedDate(typeof it.date_published === 'string' ? it.date_published : null),
      summary: typeof it.summary === 'string' ? it.summary : null,
      contentHtml: typeof it.content_html === 'string' ? it.content_html : typeof it.content_text === 'string' ? it.content_text : null,
      image: resolve(typeof it.image === 'string' ? it.image : null, siteUrl ?? baseUrl),
    };
  });
  return { format: 'json', title: typeof doc.title === 'string' ? doc.title : null, siteUrl, items };
}

// Characters XML 1.0 forbids (C0 controls other than tab and line breaks, U+FFFE, U+FFFF).
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
// An ampersand that starts no character or entity reference.
const BARE_AMPERSAND = /&(?!(?:#\d+|#x[\da-fA-F]+|[A-Za-z][\w.-]*);)/g;

/**
 * Items recoverable from a feed that is not well-formed: each <item> or <entry> that parses on its own.
 * The feed still counts as failing; salvage only keeps its readable items from being lost.
 */
export function salvageFeed(body: string, baseUrl: string | null = null, now: Date = new Date()): ParsedFeed | null {
  return asOf(now, () => salvageItems(body, baseUrl));
}

function salvageItems(body: string, baseUrl: string | null): ParsedFeed | null {
  const isAtom = /<feed[\s>]/.test(body) && !/<rss[\s>]/.test(body);
  const tag = isAtom ? 'entry' : 'item';
  const blocks = body.match(new RegExp(`<${tag}[\\s>][\\s\\S]*?</${tag}>`, 'g')) ?? [];
  const ns = [...new Map((body.match(/xmlns(:\w+)?="[^"]*"/g) ?? []).map((a) => [a.split('=')[0], a])).values()].join(' ');
  const items: FeedItem[] = [];
  for (const block of blocks) {
    // The commonest faults inside an item are a bare "&" (AT&T), a control character pasted in with
    // the copy, and an entity nobody defined: repaired here, as a reader would read them.
    const repaired = block.replace(INVALID_XML_CHARS, '').replace(BARE_AMPERSAND, '&amp;');
    const wrapped = isAtom ? `<feed ${ns}>${repaired}</feed>` : `<rss version="2.0" ${ns}><channel>${repaired}</channel></rss>`;
    try {
      items.push(...parseXmlFeed(wrapped, baseUrl, true).items);
    } catch {
      // this item is broken too; the others may not be
    }
  }
  if (items.length === 0) return null;
  const title = /<title>([^<]{1,200})<\/title>/.exec(body)?.[1]?.trim() ?? null;
  return { format: isAtom ? 'atom' : 'rss', title, siteUrl: null, items };
}
