import { isTag, type AnyNode, type Document, type Element } from 'domhandler';
import { findAll, findOne, getAttributeValue, textContent } from 'domutils';
import { collapse, findPageDates, isMonthName, normaliseDateValue } from './dates.js';

export interface PageMetadata {
  canonical: string | null;
  title: string | null;
  byline: string | null;
  published: string | null;
  modified: string | null;
  lang: string | null;
  siteName: string | null;
  description: string | null;
  image: string | null;
}

const clean = (s: string | null | undefined): string | null => {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
};

/**
 * The keys a meta tag answers to: every name in its `property` (RDFa lists several, space-separated:
 * "dc:creator twitter:site_name"), `name` and `itemprop`, lower case, with Dublin Core's two spellings
 * ("DC.creator", "dc:creator", "dcterms.creator") as one.
 */
const metaKeys = (m: Element): string[] =>
  ['property', 'name', 'itemprop'].flatMap((attr) => (getAttributeValue(m, attr) ?? '').toLowerCase().split(/\s+/).filter(Boolean).map((k) => k.replace(/^dc(?:terms?)?[.:]/, 'dc:')));

/** Each page's meta tags by key, their contents in document order (built once per page's list). */
const metaIndexes = new WeakMap<Element[], Map<string, string[]>>();

function metaContent(metas: Element[], ...keys: string[]): string | null {
  let index = metaIndexes.get(metas);
  if (!index) {
    index = new Map();
    for (const m of metas) {
      const v = clean(getAttributeValue(m, 'content'));
      if (!v) continue;
      for (const k of new Set(metaKeys(m))) {
        const list = index.get(k);
        if (list) list.push(v);
        else index.set(k, [v]);
      }
    }
    metaIndexes.set(metas, index);
  }
  for (const key of keys) {
    const v = index.get(key)?.[0];
    if (v) return v;
  }
  return null;
}

/**
 * What metadata reads from a page, found in one walk of it (each lookup its own walk cost as much
 * as the rest of reading the metadata): meta tags anywhere (microdata puts some in the body),
 * JSON-LD scripts, and the first <html>, <title>, <h1> and canonical link.
 */
interface PageIndex {
  metas: Element[];
  ldScripts: Element[];
  html: Element | null;
  title: Element | null;
  h1: Element | null;
  canonical: Element | null;
  ld?: Record<string, unknown>[];
}

const indexes = new WeakMap<Document, PageIndex>();

function pageIndex(dom: Document): PageIndex {
  const known = indexes.get(dom);
  if (known) return known;
  const index: PageIndex = { metas: [], ldScripts: [], html: null, title: null, h1: null, canonical: null };
  // Iterative, in document order: hostile pages nest deeper than the stack allows.
  const stack: AnyNode[] = [...dom.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (!isTag(node)) continue;
    switch (node.name) {
      case 'meta':
        index.metas.push(node);
        break;
      case 'script':
        if ((getAttributeValue(node, 'type') ?? '').includes('ld+json')) index.ldScripts.push(node);
        continue;
      case 'style':
        continue;
      case 'html':
        index.html ??= node;
        break;
      case 'title':
        index.title ??= node;
        break;
      case 'h1':
        index.h1 ??= node;
        break;
      case 'link':
        if (!index.canonical && (getAttributeValue(node, 'rel') ?? '').toLowerCase().split(/\s+/).includes('canonical')) index.canonical = node;
        break;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  indexes.set(dom, index);
  return index;
}

/** The page's JSON-LD objects, @graph members included; read once per document. */
export function jsonLdObjects(dom: Document): Record<string, unknown>[] {
  const index = pageIndex(dom);
  index.ld ??= readJsonLd(index.ldScripts);
  return index.ld;
}

function readJsonLd(scripts: Element[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      out.push(o);
      if (o['@graph']) visit(o['@graph']);
    }
  };
  for (const s of scripts) {
    // Some pages wrap the data for old parsers: "<![CDATA[ … ]]>", "<!-- … -->", "//<![CDATA[".
    const raw = textContent(s).replace(/^\s*(?:\/\/|\/\*)?\s*(?:<!\[CDATA\[|<!--)(?:\s*\*\/)?/, '').replace(/(?:\/\/|\/\*)?\s*(?:\]\]>|-->)(?:\s*\*\/)?\s*$/, '');
    try {
      visit(JSON.parse(raw));
    } catch {
      // Broken JSON-LD is common (trailing commas, raw newlines in strings): keep the dates it states.
      const fields: Record<string, unknown> = { '@type': /"@type"\s*:\s*"([^"]+)"/.exec(raw)?.[1] ?? '' };
      for (const key of ['datePublished', 'dateModified', 'dateCreated', 'headline']) {
        const m = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)+)"`).exec(raw);
        if (!m) continue;
        // The value as JSON means it ("hroz\u00ed" is "hrozí"), when it parses as a JSON string.
        try {
          fields[key] = JSON.parse(`"${m[1]}"`);
        } catch {
          fields[key] = m[1];
        }
      }
      if (Object.keys(fields).length > 1) out.push(fields);
    }
  }
  return out;
}

const ARTICLE_TYPES = /article|posting|report|news/i;

function ldString(v: unknown): string | null {
  if (typeof v === 'string') return clean(v);
  if (Array.isArray(v)) return ldString(v[0]);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return ldString(o.name ?? o.url ?? o['@id']);
  }
  return null;
}

/** The names of a JSON-LD author (a person, an organisation, or a list of them: up to four, in order). */
function ldAuthors(v: unknown): string | null {
  if (!Array.isArray(v)) return ldString(v);
  const names = [...new Set(v.map(ldString).filter((n): n is string => !!n && !/^https?:\/\//i.test(n)))];
  return names.length ? names.slice(0, 4).join(', ') : null;
}

export function toIsoDate(v: string | null): string | null {
  return normaliseDateValue(v);
}

function resolveUrl(href: string | null, base: string | null): string | null {
  if (!href) return null;
  try {
    return new URL(href, base ?? undefined).href;
  } catch {
    return base ? null : href;
  }
}

const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * Strip a trailing or leading site name from a <title> ("Talks resume | The Ledger"). A part goes
 * when it is the site's name or host, a short last part after a bar, or a short part (three words at
 * most) after a dash beside a title at least twice its length; "Minecraft 1.8 - The Bountiful Update"
 * and "How we designed X - an async task framework" stay whole.
 */
export function stripSiteSuffix(title: string, siteName: string | null, heading: string | null = null, host: string | null = null): string {
  // Parts and the separators between them, so what is kept keeps its own punctuation.
  const pieces = title.split(/(\s+[|\-–—·»]\s+)/);
  const parts = pieces.filter((_, i) => i % 2 === 0);
  if (parts.length < 2) return title;
  const span = (from: number, to: number) => pieces.slice(from * 2, to * 2 - 1).join('');
  const h = heading ? norm(heading) : null;
  // The part the page's own heading is.
  const same = h ? parts.find((p) => norm(p) === h) : undefined;
  if (same) return same;
  const names = [siteName, host, host?.replace(/^www\./, '').replace(/\.[a-z]+$/, '')].filter((x): x is string => !!x).map(norm);
  const isSite = (p: string) => names.some((n) => norm(p) === n || norm(p).replace(/\s+/g, '') === n.replace(/\s+/g, ''));
  let from = 0;
  let to = parts.length;
  while (to - from > 1 && isSite(parts[to - 1]!)) to--;
  while (to - from > 1 && isSite(parts[from]!)) from++;
  if (from > 0 || to < parts.length) return span(from, to);
  // After a bar, a middle dot or a guillemet, a short last part is the site's ("Talks resume | The
  // Ledger"); a dash is as often the title's own punctuation, so there the rest must be much longer.
  const sepBefore = (i: number) => pieces[i * 2 - 1]!.trim();
  if (/^[|·»]$/.test(sepBefore(to - 1)) && words(parts[to - 1]!) <= 4) return span(0, to - 1);
  if (words(parts[to - 1]!) <= 3 && words(span(0, to - 1)) >= 2 * words(parts[to - 1]!)) return span(0, to - 1);
  // A short first part goes only after a bar, dot or guillemet ("The Ledger | Talks resume"): before a
  // dash it is as often the title's own subject ("Raspberry Pi 3 - The credit card sized PC …",
  // "Content Depth — Write Comprehensively …").
  if (/^[|·»]$/.test(sepBefore(1)) && words(parts[0]!) <= 3 && words(span(1, to)) >= 2 * words(parts[0]!)) return span(1, to);
  return title;
}

/**
 * The page's title: the first declared one (JSON-LD headline, og:title, twitter:title, the <h1>)
 * that the page's <title> bears out, else the <title> itself. A declared title alone is not trusted:
 * Wikipedia's JSON-LD "headline" is a short description, and a template's og:title can be the site.
 */
function chooseTitle(declared: (string | null)[], titleTag: string | null, siteName: string | null, h1: string | null, host: string | null): string | null {
  const tag = titleTag ? stripSiteSuffix(titleTag, siteName, h1, host) : null;
  const candidates = declared.filter((c): c is string => !!c).map((c) => stripSiteSuffix(c, siteName, h1, host));
  if (!tag) return candidates[0] ?? null;
  // Borne out by the <title> less the site's name: "X - X - Site" bears out "X" as well as "X - Site".
  const t = norm(tag);
  const supported = candidates.find((c) => {
    const n = norm(c);
    return t.includes(n) && n.length >= t.length * 0.4;
  });
  if (supported) return supported;
  // A <title> that is only the site's name (or one word) says less than any declared title.
  if (candidates.length && (words(tag) <= 1 || (siteName && norm(tag) === norm(siteName)))) return candidates[0]!;
  return tag;
}

/** The word a byline opens on before the name ("By", "Von", "Par", …). */
const BYLINE_PREFIX = /^(?:by|von|par|por|di|door|от)\s+/i;

/**
 * The byline the page shows: the first of a microdata author (its name), an element whose class
 * says byline ("byline", "FeatureByline", "pb-byline"), or one whose class or rel says author, that
 * reads as a name once cleaned.
 */
function bylineInPage(dom: Document): string | null {
  const tiers: ((el: Element) => boolean)[] = [
    (el) => /\bauthor\b/i.test(getAttributeValue(el, 'itemprop') ?? ''),
    (el) => /byline/i.test(getAttributeValue(el, 'class') ?? ''),
    (el) => /\bauthor(?:[-_]?name)?\b/i.test(getAttributeValue(el, 'class') ?? '') || (el.name === 'a' && (getAttributeValue(el, 'rel') ?? '').split(/\s+/).includes('author')),
  ];
  for (const tier of tiers) {
    for (const el of findAll(tier, dom.children).slice(0, 10)) {
      const named = findOne((x) => getAttributeValue(x, 'itemprop') === 'name', el.children);
      const raw = named ? (getAttributeValue(named, 'content') ?? collapse(named)) : (getAttributeValue(el, 'content') ?? collapse(el));
      const v = cleanByline(raw)?.replace(BYLINE_PREFIX, '');
      if (v) return v;
    }
  }
  return null;
}

/**
 * A byline as people write one: names, not a profile URL, and nothing of the date or time that
 * pages print after it ("Dan Goodin - Apr 16, 2015 8:02 pm UTC", "James Akinaka • 8h").
 */
export function cleanByline(v: string | null): string | null {
  let t = clean(v);
  if (!t || /^(https?:\/\/|www\.)/i.test(t)) return null;
  // A date or time run into the name ("Aleš Vávra před 2 hodinami", "by Lucas Nolan 22 Dec 2016",
  // "By Nathan Willis March 25, 2015"): the name ends before the first number, less the words that
  // lead into it, lower-case ("před", "vor", "il y a") or a month's name, where a capitalised name
  // of two words or more is left.
  const number = /\s\S*\d/u.exec(t);
  if (number) {
    const head = t.slice(0, number.index);
    const prefix = BYLINE_PREFIX.exec(head)?.[0] ?? '';
    const words = head.slice(prefix.length).split(/\s+/);
    while (words.length > 2 && (/^\p{Ll}/u.test(words[words.length - 1]!) || isMonthName(words[words.length - 1]!))) words.pop();
    if (/^\p{Lu}/u.test(words[0]!) && words.length >= 2) t = prefix + words.join(' ');
  }
  const pieces = t.split(/\s+[-–—|•·]\s+/);
  const kept: string[] = [];
  for (const p of pieces) {
    if (/\d/.test(p)) break;
    kept.push(p);
  }
  t = (kept.length ? kept.join(' - ') : pieces[0]!).replace(/[\s\-–—|•·,:;]+$/, '').trim();
  // A long run of text is a paragraph the selector caught, not a byline.
  return t && t.length <= 100 ? t : null;
}

/** The articleBody a page declares in JSON-LD, if any: some pages render their text only from script data. */
export function jsonLdArticleBody(dom: Document): string | null {
  for (const o of jsonLdObjects(dom)) {
    if (typeof o.articleBody === 'string' && o.articleBody.trim().length > 0) return o.articleBody.trim();
  }
  return null;
}

export function readMetadata(dom: Document, url: string | null): PageMetadata {
  const { metas, html, title: titleEl, h1, canonical: canonicalEl } = pageIndex(dom);
  const ld = jsonLdObjects(dom);
  const article = ld.find((o) => ARTICLE_TYPES.test(String(o['@type'] ?? ''))) ?? null;
  // The site's name: declared in meta tags, else the publisher of the article's JSON-LD, else the
  // name of a WebSite or Organization object the page declares about itself.
  const siteName =
    metaContent(metas, 'og:site_name', 'application-name') ??
    ldString((article?.publisher as unknown) ?? null) ??
    ldString(ld.find((o) => /^(?:WebSite|Organization|NewsMediaOrganization)$/.test(String(o['@type'] ?? '')))?.name ?? null);
  const h1Text = clean(h1 ? textContent(h1) : null);
  let host: string | null = null;
  try {
    host = url ? new URL(url).hostname : null;
  } catch {
    host = null;
  }
  const title = chooseTitle(
    [ldString(article?.headline ?? null), metaContent(metas, 'og:title'), metaContent(metas, 'twitter:title'), h1Text],
    clean(titleEl ? textContent(titleEl) : null),
    siteName,
    h1Text,
    host,
  );
  const lang = clean(html ? (getAttributeValue(html, 'lang') ?? getAttributeValue(html, 'xml:lang')) : null) ?? metaContent(metas, 'og:locale', 'language');
  const dates = findPageDates(dom, ld, lang);
  // The declared author before the page's byline: JSON-LD, then Dublin Core's creator (a creator by
  // definition, where `name="author"` is as often the publisher's name), then the other meta tags.
  const byline =
    cleanByline(ldAuthors(article?.author ?? null)) ??
    cleanByline(metaContent(metas, 'dc:creator')) ??
    cleanByline(metaContent(metas, 'author')) ??
    cleanByline(metaContent(metas, 'article:author')) ??
    cleanByline(metaContent(metas, 'byl')) ??
    bylineInPage(dom) ??
    null;
  return {
    canonical: resolveUrl(clean(canonicalEl ? getAttributeValue(canonicalEl, 'href') : null) ?? metaContent(metas, 'og:url'), url),
    title,
    byline,
    published: dates.published,
    modified: dates.modified,
    lang,
    siteName,
    description: metaContent(metas, 'description', 'og:description', 'twitter:description'),
    image: resolveUrl(metaContent(metas, 'og:image', 'twitter:image'), url),
  };
}
