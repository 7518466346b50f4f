import type { Document, Element } from 'domhandler';
import { findAll, findOne, getAttributeValue, textContent } from 'domutils';
import { findPageDates, normaliseDateValue } from './dates.js';

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

function metaContent(metas: Element[], ...keys: string[]): string | null {
  for (const key of keys) {
    for (const m of metas) {
      const k = (getAttributeValue(m, 'property') ?? getAttributeValue(m, 'name') ?? getAttributeValue(m, 'itemprop') ?? '').toLowerCase();
      if (k === key) {
        const v = clean(getAttributeValue(m, 'content'));
        if (v) return v;
      }
    }
  }
  return null;
}

export function jsonLdObjects(dom: Document): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const scripts = findAll((el) => el.name === 'script' && (getAttributeValue(el, 'type') ?? '').includes('ld+json'), dom.children);
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      out.push(o);
      if (o['@graph']) visit(o['@graph']);
    }
  };
  for (const s of scripts) {
    const raw = textContent(s);
    try {
      visit(JSON.parse(raw));
    } catch {
      // Broken JSON-LD is common (trailing commas, raw newlines in strings): keep the dates it states.
      const fields: Record<string, unknown> = { '@type': /"@type"\s*:\s*"([^"]+)"/.exec(raw)?.[1] ?? '' };
      for (const key of ['datePublished', 'dateModified', 'dateCreated', 'headline']) {
        const m = new RegExp(`"${key}"\\s*:\\s*"([^"]+)"`).exec(raw);
        if (m) fields[key] = m[1];
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

/** Strip a trailing or leading site name from a <title> ("Talks resume | The Ledger"). */
export function stripSiteSuffix(title: string, siteName: string | null, heading: string | null = null): string {
  const parts = title.split(/\s+[|\-–—·»]\s+/);
  if (parts.length < 2) return title;
  if (siteName) {
    const rest = parts.filter((p) => p.toLowerCase() !== siteName.toLowerCase());
    if (rest.length < parts.length) return rest.join(' - ');
  }
  // The part that the page's own heading repeats; failing that, the first (headline-first is the norm).
  const h = heading?.toLowerCase();
  return (h && parts.find((p) => h.includes(p.toLowerCase()))) || parts[0]!;
}

/** The articleBody a page declares in JSON-LD, if any: some pages render their text only from script data. */
export function jsonLdArticleBody(dom: Document): string | null {
  for (const o of jsonLdObjects(dom)) {
    if (typeof o.articleBody === 'string' && o.articleBody.trim().length > 0) return o.articleBody.trim();
  }
  return null;
}

export function readMetadata(dom: Document, url: string | null): PageMetadata {
  const metas = findAll((el) => el.name === 'meta', dom.children);
  const ld = jsonLdObjects(dom);
  const article = ld.find((o) => ARTICLE_TYPES.test(String(o['@type'] ?? ''))) ?? null;
  const html = findOne((el) => el.name === 'html', dom.children);
  const titleEl = findOne((el) => el.name === 'title', dom.children);
  const h1 = findOne((el) => el.name === 'h1', dom.children);
  const canonicalEl = findOne(
    (el) => el.name === 'link' && (getAttributeValue(el, 'rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'),
    dom.children,
  );
  const siteName = metaContent(metas, 'og:site_name', 'application-name') ?? ldString((article?.publisher as unknown) ?? null);
  const rawTitle =
    ldString(article?.headline ?? null) ??
    metaContent(metas, 'og:title', 'twitter:title') ??
    clean(h1 ? textContent(h1) : null) ??
    clean(titleEl ? textContent(titleEl) : null);
  const bylineEl = findOne(
    (el) => /\b(byline|author)\b/i.test(getAttributeValue(el, 'class') ?? '') || getAttributeValue(el, 'rel') === 'author',
    dom.children,
  );
  const lang = clean(html ? getAttributeValue(html, 'lang') : null) ?? metaContent(metas, 'og:locale', 'language');
  const dates = findPageDates(dom, ld, lang);
  const byline =
    ldString(article?.author ?? null) ??
    metaContent(metas, 'author', 'article:author', 'byl', 'dc.creator') ??
    clean(bylineEl ? textContent(bylineEl) : null)?.replace(/^by\s+/i, '') ??
    null;
  return {
    canonical: resolveUrl(clean(canonicalEl ? getAttributeValue(canonicalEl, 'href') : null) ?? metaContent(metas, 'og:url'), url),
    title: rawTitle ? stripSiteSuffix(rawTitle, siteName, clean(h1 ? textContent(h1) : null)) : null,
    byline,
    published: dates.published,
    modified: dates.modified,
    lang,
    siteName,
    description: metaContent(metas, 'description', 'og:description', 'twitter:description'),
    image: resolveUrl(metaContent(metas, 'og:image', 'twitter:image'), url),
  };
}
