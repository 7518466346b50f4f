import type { AnyNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { getAttributeValue } from 'domutils';
import { NAMED_ZONE_AT_END, northAmericanOffsetMinutes } from '../text/zones.js';

// Publication dates from a page's HTML, in order of trust: JSON-LD, meta tags, microdata, <time>,
// elements whose class names a date, then dates written in the visible text. Dates keep the calendar
// day the page states in its own time zone (an article of 15 Feb at 08:00+09:00 is not of 14 Feb).

const pad = (n: number) => String(n).padStart(2, '0');

const MONTHS: Record<string, number> = {};
const addMonths = (names: string[]) => names.forEach((n, i) => n.split('|').forEach((v) => (MONTHS[v] = (i % 12) + 1)));
addMonths(['january|jan', 'february|feb', 'march|mar', 'april|apr', 'may', 'june|jun', 'july|jul', 'august|aug', 'september|sep|sept', 'october|oct', 'november|nov', 'december|dec']);
addMonths(['januar|jänner|jan', 'februar|feb', 'märz|maerz|mrz', 'april|apr', 'mai', 'juni', 'juli', 'august|aug', 'september|sept', 'oktober|okt', 'november|nov', 'dezember|dez']);
addMonths(['janvier|janv', 'février|fevrier|févr|fevr', 'mars', 'avril|avr', 'mai', 'juin', 'juillet|juil', 'août|aout', 'septembre', 'octobre', 'novembre', 'décembre|decembre|déc']);
addMonths(['enero|ene', 'febrero', 'marzo', 'abril|abr', 'mayo', 'junio', 'julio', 'agosto|ago', 'septiembre|setiembre|sept', 'octubre', 'noviembre', 'diciembre|dic']);
addMonths(['gennaio|gen', 'febbraio', 'marzo', 'aprile', 'maggio|mag', 'giugno|giu', 'luglio|lug', 'agosto', 'settembre|set', 'ottobre|ott', 'novembre', 'dicembre']);
addMonths(['janeiro|jan', 'fevereiro|fev', 'março|marco', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro|out', 'novembro', 'dezembro|dez']);
addMonths(['januari', 'februari', 'maart|mrt', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december']);
addMonths(['января|январь|янв', 'февраля|февраль|фев', 'марта|март|мар', 'апреля|апрель|апр', 'мая|май', 'июня|июнь|июн', 'июля|июль|июл', 'августа|август|авг', 'сентября|сентябрь|сен', 'октября|октябрь|окт', 'ноября|ноябрь|ноя', 'декабря|декабрь|дек']);
addMonths(['stycznia|styczeń', 'lutego|luty', 'marca|marzec', 'kwietnia|kwiecień', 'maja|maj', 'czerwca|czerwiec', 'lipca|lipiec', 'sierpnia|sierpień', 'września|wrzesień', 'października|październik', 'listopada|listopad', 'grudnia|grudzień']);
addMonths(['ocak', 'şubat', 'mart', 'nisan', 'mayıs', 'haziran', 'temmuz', 'ağustos', 'eylül', 'ekim', 'kasım', 'aralık']);
addMonths(['ianuarie', 'februarie', 'martie', 'aprilie', 'mai', 'iunie', 'iulie', 'august', 'septembrie', 'octombrie', 'noiembrie', 'decembrie']);
addMonths(['januari', 'februari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus', 'september', 'oktober', 'november', 'desember']);
addMonths(['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december']);
addMonths(['leden|ledna', 'únor|února', 'březen|března', 'duben|dubna', 'květen|května', 'červen|června', 'červenec|července', 'srpen|srpna', 'září', 'říjen|října', 'listopad|listopadu', 'prosinec|prosince']);
const MONTH_RE = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
/** Whether a word is a month's name or short form in one of the languages dates are read in. */
export const isMonthName = (word: string): boolean => MONTHS[word.toLowerCase().replace(/\.$/, '')] !== undefined;

const MIN_YEAR = 1995;
/**
 * The latest day a page's date may be: two days after the moment it is read as of (its fetch, or the
 * desk's clock), so a typo'd or placeholder future date is not taken. Extraction is synchronous, so
 * the reference is set for the length of one call by `readingAsOf` and cannot leak into another.
 */
let latestDay: string | null = null;
const maxDate = () => latestDay ?? dayAfterNext(new Date());
const dayAfterNext = (now: Date) => new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);

/** Run `fn` (synchronous) with dates judged as of `now`. */
export function readingAsOf<T>(now: Date, fn: () => T): T {
  const saved = latestDay;
  latestDay = dayAfterNext(now);
  try {
    return fn();
  } finally {
    latestDay = saved;
  }
}

function valid(y: number, m: number, d: number): string | null {
  if (y < MIN_YEAR || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  const s = `${y}-${pad(m)}-${pad(d)}`;
  return s <= maxDate() ? s : null;
}

/**
 * A machine-readable date value (meta content, datetime attributes, JSON-LD) as ISO 8601, keeping the
 * page's own offset so the calendar day stays the one the page states.
 */
export function normaliseDateValue(raw: string | null | undefined, usOrder = true): string | null {
  if (!raw) return null;
  const s = raw.trim();
  // "01-11-2023 10:29": day and month in the order of the page's language (Date.parse reads the
  // American order whatever the page's).
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b/.test(s)) return findDatesInText(s.slice(0, 10), usOrder)[0] ?? null;
  const iso = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?/i.exec(s);
  if (iso) {
    const day = valid(+iso[1]!, +iso[2]!, +iso[3]!);
    if (!day) return null;
    if (!iso[4]) return day;
    let off = iso[7] ?? '';
    if (off && off.toUpperCase() !== 'Z') off = off.length === 3 ? `${off}:00` : off.includes(':') ? off : `${off.slice(0, 3)}:${off.slice(3)}`;
    return `${day}T${pad(+iso[4])}:${iso[5]}:${iso[6] ?? '00'}${off.toUpperCase() === 'Z' ? 'Z' : off}`;
  }
  // RFC 2822 and similar: read the offset so the local day survives. A date with no zone is the day
  // as written, whatever the machine's zone (Date.parse alone reads it in the local zone, so
  // "2 March 2026" came out as 1 March in UTC+14).
  const zoned = NAMED_ZONE_AT_END.test(s) || /(?:[+-]\d{2}:?\d{2}|\dZ)\s*$/i.test(s);
  const t = Date.parse(zoned ? s : `${s} UTC`);
  if (!Number.isNaN(t)) {
    const offM = /([+-])(\d{2}):?(\d{2})\s*$/.exec(s);
    // North American zones by name (RFC 2822 knows them): "Tue, 3 Mar 2026 23:30 PST" is 3 March there.
    const minutes = offM ? (offM[1] === '-' ? -1 : 1) * (+offM[2]! * 60 + +offM[3]!) : (northAmericanOffsetMinutes(s) ?? 0);
    const local = new Date(t + minutes * 60_000);
    const day = valid(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
    if (!day) return null;
    const sign = minutes < 0 ? '-' : '+';
    const zone = minutes === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
    return `${day}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${zone}`;
  }
  return findDatesInText(s)[0] ?? null;
}

/** Dates written in prose or page furniture, in many common formats and European languages. */
// Built once: matchAll copies a regex, so sharing these is safe.
let DAY_MONTH_YEAR: RegExp | null = null;
let MONTH_DAY_YEAR: RegExp | null = null;

export function findDatesInText(text: string, usOrder = false): string[] {
  // Every form below has a four-digit year: text without four digits in a row has no date.
  if (!/\d{4}/.test(text)) return [];
  const out: { at: number; date: string }[] = [];
  const push = (at: number, d: string | null) => d && out.push({ at, date: d });
  for (const m of text.matchAll(/\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g)) push(m.index!, valid(+m[1]!, +m[2]!, +m[3]!));
  for (const m of text.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g)) push(m.index!, valid(+m[1]!, +m[2]!, +m[3]!));
  for (const m of text.matchAll(/\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b/g)) push(m.index!, valid(+m[3]!, +m[2]!, +m[1]!));
  for (const m of text.matchAll(/\b(\d{1,2}) \| (\d{1,2}) \| (\d{4})\b/g)) push(m.index!, valid(+m[3]!, +m[2]!, +m[1]!));
  for (const m of text.matchAll(/\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b/g)) {
    const a = +m[1]!;
    const b = +m[2]!;
    const y = +m[3]!;
    push(m.index!, a > 12 ? valid(y, b, a) : b > 12 ? valid(y, a, b) : usOrder ? valid(y, a, b) : valid(y, b, a));
  }
  const dayMonthYear = (DAY_MONTH_YEAR ??= new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er|º|\\.)?\\s*(?:de\\s+)?(${MONTH_RE})\\.?,?\\s*(?:de\\s+)?(\\d{4})\\b`, 'giu'));
  for (const m of text.matchAll(dayMonthYear)) push(m.index!, valid(+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!));
  const monthDayYear = (MONTH_DAY_YEAR ??= new RegExp(`\\b(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'giu'));
  for (const m of text.matchAll(monthDayYear)) push(m.index!, valid(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!));
  return out.sort((a, b) => a.at - b.at).map((x) => x.date);
}

// Meta names and properties that carry the publication date, most specific first.
const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'og:published_time', 'article:published', 'datepublished',
  'publishdate', 'publish-date', 'publish_date', 'published_time', 'published-date', 'published_date', 'publication_date',
  'pubdate', 'date_published', 'dc.date.issued', 'dcterms.issued', 'dc.date.created', 'dcterms.created', 'dc.date',
  'dcterms.date', 'sailthru.date', 'parsely-pub-date', 'cxenseparse:recs:publishtime', 'article.published',
  'originalpublicationdate', 'original-publish-date', 'release_date', 'created', 'date', 'dc.date.available', 'citation_publication_date',
  'citation_date', 'og:pubdate', 'article_date_original', 'cxenseparse:publishtime', 'pub_date', 'displaydate', 'timestamp',
];
const MODIFIED_META = ['article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'dc.date.modified', 'last-modified', 'lastmod', 'article:modified', 'modified'];

function metaMap(dom: Document): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (node: AnyNode) => {
    if (!isTag(node)) return;
    if (node.name === 'meta') {
      const key = (getAttributeValue(node, 'property') ?? getAttributeValue(node, 'name') ?? getAttributeValue(node, 'itemprop') ?? getAttributeValue(node, 'http-equiv') ?? '').toLowerCase().trim();
      const value = getAttributeValue(node, 'content');
      if (key && value && !out.has(key)) out.set(key, value);
    }
    if (node.name === 'body') return; // meta tags belong in head; skip the body walk here
    for (const c of node.children) visit(c);
  };
  for (const c of dom.children) visit(c);
  return out;
}

// Class or id words of elements that show a date, as substrings so "newsdatum" or "postdate" match too.
const DATE_CLASS = /(date|datum|fecha|publi|posted|timestamp|zeit|byline|entry-meta|post-meta|article-meta|meta-info|story-meta|\btime\b)/i;
const UPDATE_CLASS = /\b(updated?|modified|edit(ed)?|last[-_]?update)\b/i;

function textOf(node: AnyNode, out: string[], budget: { n: number }): void {
  if (budget.n <= 0) return;
  if (isText(node)) {
    out.push(node.data);
    budget.n -= node.data.length;
    return;
  }
  if (!isTag(node) || node.name === 'script' || node.name === 'style' || node.name === 'noscript') return;
  for (const c of node.children) textOf(c, out, budget);
}

export interface Found {
  published: string | null;
  modified: string | null;
  /** Where the publication date came from (json-ld, meta, itemprop, time, date-class, text). */
  via?: string;
}

/** The publication and modification dates a page states, from the most trusted source that has one. */
export function findPageDates(dom: Document, jsonLd: Record<string, unknown>[], lang: string | null): Found {
  const metas = metaMap(dom);
  const modified = normaliseDateValue(firstString(jsonLd, 'dateModified')) ?? fromMeta(metas, MODIFIED_META);
  const fromLd = normaliseDateValue(firstString(jsonLd.filter((o) => /article|posting|report|news|blog/i.test(String(o['@type'] ?? ''))), 'datePublished')) ?? normaliseDateValue(firstString(jsonLd, 'datePublished')) ?? normaliseDateValue(firstString(jsonLd, 'dateCreated'));
  let structured: Found | null = fromLd ? { published: fromLd, modified, via: 'json-ld' } : null;
  if (!structured) {
    const fromMetaTag = fromMeta(metas, PUBLISHED_META);
    if (fromMetaTag) structured = { published: fromMetaTag, modified, via: 'meta' };
  }
  if (!structured) {
    // Any other meta whose name speaks of publishing or creation (site-specific prefixes vary).
    for (const [k, v] of metas) {
      if (/publish|creat|date|posted/.test(k) && !/modif|updat|expir|revis|birth/.test(k)) {
        const d = normaliseDateValue(v);
        if (d) {
          structured = { published: d, modified, via: 'meta-other' };
          break;
        }
      }
    }
  }
  // Microdata, <time> and date-named elements, in document order; updates are skipped.
  const page = pageText(dom);
  // A page writes its numeric dates one way: one with a day over 12 says which ("25/03/2024" or
  // "03/25/2024"), whatever language the page declares or leaves out.
  const usOrder = numericOrder(page.text) ?? (!lang || /^en-us|^en$/i.test(lang));
  // Candidates after the page's first <h1> belong to the article; those before it to the site's chrome.
  const times: { date: string; afterH1: boolean }[] = [];
  const classed: { date: string; afterH1: boolean }[] = [];
  let fromItemprop: string | null = null;
  let itempropShown = false;
  let seenH1 = false;
  const visit = (node: AnyNode, depth: number): void => {
    if (!isTag(node) || depth > 400) return;
    if (node.name === 'script' || node.name === 'style' || node.name === 'noscript' || node.name === 'head') return;
    if (node.name === 'h1') seenH1 = true;
    // Most elements have none of these attributes: read them once, and test no pattern on nothing.
    const { itemprop, property, class: klass, id } = node.attribs;
    const rawProp = itemprop ?? property;
    const prop = rawProp ? rawProp.toLowerCase().replace(/^schema:/, '') : '';
    if (!fromItemprop && (prop === 'datepublished' || prop === 'datecreated')) {
      const machine = getAttributeValue(node, 'content') ?? getAttributeValue(node, 'datetime');
      fromItemprop = normaliseDateValue(machine ?? collapse(node));
      // "<p itemprop="datePublished">06 Dicembre 2020</p>": the day as readers see it.
      itempropShown = !machine;
    }
    const cls = klass || id ? `${klass ?? ''} ${id ?? ''}` : '';
    // (Whether it shows an update is asked only of the elements that could show a date.)
    const time = node.name === 'time' && times.length < 20;
    const dated = cls !== '' && classed.length < 20 && node.name !== 'body' && node.name !== 'html' && DATE_CLASS.test(cls);
    const isUpdate = (time || dated) && ((cls !== '' && UPDATE_CLASS.test(cls)) || prop === 'datemodified');
    if (time && !isUpdate) {
      const d = normaliseDateValue(getAttributeValue(node, 'datetime'), usOrder) ?? findDatesInText(collapse(node), usOrder)[0] ?? null;
      if (d) times.push({ date: d, afterH1: seenH1 });
    }
    if (dated && !isUpdate) {
      const text = collapse(node);
      if (text.length < 200) {
        const d = normaliseDateValue(getAttributeValue(node, 'datetime') ?? getAttributeValue(node, 'content') ?? getAttributeValue(node, 'title'), usOrder) ?? findDatesInText(text, usOrder)[0] ?? null;
        if (d) classed.push({ date: d, afterH1: seenH1 });
      }
    }
    for (const c of node.children) visit(c, depth + 1);
  };
  for (const c of dom.children) visit(c, 0);
  const pick = (list: { date: string; afterH1: boolean }[]) => (list.find((x) => x.afterH1) ?? list[0])?.date ?? null;
  const fromCue = cuedDate(page, usOrder);
  // A dateline right under the headline, and a date in the page's title, are the page's own.
  const underH1 = page.h1At >= 0 ? (findDatesInText(page.text.slice(page.h1At, page.h1At + 300), usOrder)[0] ?? null) : null;
  const inTitle = findDatesInText(page.title, usOrder)[0] ?? null;
  const fromTime = pick(times);
  const fromClass = pick(classed);
  const visible: Found | null = fromItemprop ? { published: fromItemprop, modified, via: itempropShown ? 'itemprop-text' : 'itemprop' } : fromCue ? { published: fromCue, modified, via: 'cue' } : inTitle ? { published: inTitle, modified, via: 'title' } : underH1 ? { published: underH1, modified, via: 'under-h1' } : fromTime ? { published: fromTime, modified, via: 'time' } : fromClass ? { published: fromClass, modified, via: 'date-class' } : null;
  if (structured) {
    // A timestamp in another time zone can fall on the next or previous day; the day the page shows
    // its readers wins when the two are one day apart.
    const a = structured.published!.slice(0, 10);
    const b = visible?.published?.slice(0, 10);
    if (b && ['date-class', 'cue', 'time', 'under-h1', 'title', 'itemprop-text'].includes(visible!.via!) && Math.abs(Date.parse(a) - Date.parse(b)) === 86_400_000) return { ...visible!, via: `${visible!.via}-local` };
    // A page that displays its update date as its date is dated by that, as readers see it.
    if (b && modified && b === modified.slice(0, 10) && b !== a) return { ...visible!, via: `${visible!.via}-shown-update` };
    return structured;
  }
  if (visible) return visible;
  // The page's own address, as its HTML states it (canonical link, og:url), often carries the date.
  const own = [metas.get('og:url'), canonicalHref(dom)].filter((u): u is string => !!u);
  for (const u of own) {
    const m = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:\/|-|$)/.exec(u) ?? /[-/_]((?:19|20)\d{2})(\d{2})(\d{2})(?:[-/._]|$)/.exec(u);
    const d = m ? valid(+m[1]!, +m[2]!, +m[3]!) : null;
    if (d) return { published: d, modified, via: 'own-url' };
  }
  // Client-rendered pages keep their dates in script data: "publishedDate": "2016-11-04T20:37:27Z".
  const fromState = stateDate(dom);
  if (fromState) return { published: fromState, modified, via: 'script-state' };
  // A page that only says when it was updated is dated by that.
  const updated = cuedDate(page, usOrder, UPDATED_CUE);
  if (updated) return { published: updated, modified, via: 'update-cue' };
  // Last resort: the dates written in the page's text. The first one after the page's <h1> is the
  // article's own dateline; failing that, the most frequent date (earliest on a tie).
  const text = page.text;
  const h1At = page.h1At;
  if (h1At >= 0) {
    const near = findDatesInText(text.slice(h1At, h1At + 1500), usOrder)[0];
    if (near) return { published: near, modified, via: 'after-h1' };
  }
  const all = findDatesInText(text, usOrder);
  if (all.length === 0) {
    // Nothing readable states a date: look in script data and attribute values (timestamps of
    // client-rendered pages, image paths) and take the most frequent date there.
    const raw = scriptsAndAttributes(dom);
    const hidden = [...findDatesInText(raw, usOrder), ...[...raw.matchAll(/(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)/g)].map((m) => valid(+m[1]!, +m[2]!, +m[3]!)).filter((d): d is string => !!d)];
    if (hidden.length === 0) return { published: null, modified };
    // The first date the page's data states: head scripts carry the page's own metadata.
    return { published: hidden[0]!, modified, via: 'hidden' };
  }
  const counts = new Map<string, number>();
  for (const d of all) counts.set(d, (counts.get(d) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  return { published: best, modified, via: 'text' };
}

/** Whether the page's numeric dates put the month first (true) or the day first (false), where one of them shows it; else null. */
function numericOrder(text: string): boolean | null {
  let monthFirst = false;
  let dayFirst = false;
  for (const m of text.matchAll(/\b(\d{1,2})[/-](\d{1,2})[/-](?:19|20)\d{2}\b/g)) {
    const [a, b] = [+m[1]!, +m[2]!];
    if (a > 12 && a <= 31 && b >= 1 && b <= 12) dayFirst = true;
    else if (b > 12 && b <= 31 && a >= 1 && a <= 12) monthFirst = true;
  }
  return monthFirst === dayFirst ? null : monthFirst;
}

// "Published on 3 May", "Veröffentlicht am 16.08.2019", "Publié le 3 mars": the page says which date it is.
const PUBLISHED_CUE = /\b(published|posted|first published|veröffentlicht|erschienen|publié|publicado|pubblicato|gepubliceerd|opublikowano|publicat)\b/gi;
const UPDATED_CUE = /(\bupdated|\blast modified|\blast updated|aktualisiert|\bstand|mis à jour|actualizado|aggiornato|bijgewerkt|\$date)\b:?/gi;

interface PageText {
  text: string;
  /** Offset of the first <h1> in `text`, or -1. */
  h1At: number;
  title: string;
}

/** The visible text of the page in document order (bounded), where its <h1> starts, and its <title>. */
function pageText(dom: Document): PageText {
  const parts: string[] = [];
  let length = 0;
  let h1At = -1;
  let title = '';
  const collect = (node: AnyNode): void => {
    if (isText(node)) {
      parts.push(node.data);
      length += node.data.length + 1;
      return;
    }
    if (!isTag(node) || node.name === 'script' || node.name === 'style' || node.name === 'noscript') return;
    if (node.name === 'title' && !title) {
      title = collapse(node);
      return;
    }
    if (node.name === 'head') {
      for (const c of node.children) if (isTag(c) && c.name === 'title') collect(c);
      return;
    }
    if (node.name === 'h1' && h1At < 0) h1At = length;
    if (parts.length > 50_000) return;
    for (const c of node.children) collect(c);
  };
  for (const c of dom.children) collect(c);
  return { text: parts.join(' '), h1At, title };
}

function cuedDate(page: PageText, usOrder: boolean, re: RegExp = PUBLISHED_CUE): string | null {
  const text = page.text;
  for (const m of text.matchAll(re)) {
    // The date must follow the cue closely ("Published on 3 May 2024", not a date two sentences on).
    // Whitespace is collapsed in the stretch after the cue only, not over the whole page.
    const at = m.index! + m[0].length;
    const after = text.slice(at, at + 400).replace(/\s+/g, ' ').slice(0, 60);
    const firstDigit = after.search(/\d/);
    if (firstDigit < 0 || firstDigit > 25) continue;
    const d = findDatesInText(after, usOrder)[0];
    if (d) return d;
  }
  return null;
}

const STATE_KEY = /"(datePublished|publishedDate|publishDate|published_at|publishedAt|publication_date|publicationDate|pubDate|date_published|firstPublished(?:Date)?|createdDate|created_at|dateCreated)"\s*:\s*"([^"]{8,40})"/;

function stateDate(dom: Document): string | null {
  let found: string | null = null;
  const visit = (node: AnyNode): void => {
    if (found) return;
    if (isText(node)) {
      const p = node.parent;
      if (p && isTag(p) && p.name === 'script') {
        const m = STATE_KEY.exec(node.data);
        if (m) found = normaliseDateValue(m[2]);
      }
      return;
    }
    if (!isTag(node)) return;
    for (const c of node.children) visit(c);
  };
  for (const c of dom.children) visit(c);
  return found;
}

function mostFrequent(dates: string[]): string {
  const counts = new Map<string, number>();
  for (const d of dates) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

function scriptsAndAttributes(dom: Document): string {
  const out: string[] = [];
  let budget = 2_000_000;
  const visit = (node: AnyNode): void => {
    if (budget <= 0) return;
    if (isText(node)) {
      const p = node.parent;
      if (p && isTag(p) && p.name === 'script') {
        out.push(node.data);
        budget -= node.data.length;
      }
      return;
    }
    if (!isTag(node)) return;
    for (const v of Object.values(node.attribs)) if (/\d{4}/.test(v)) out.push(v);
    for (const c of node.children) visit(c);
  };
  for (const c of dom.children) visit(c);
  return out.join(' \n ');
}

function canonicalHref(dom: Document): string | null {
  let found: string | null = null;
  const visit = (node: AnyNode): void => {
    if (found || !isTag(node) || node.name === 'body') return;
    if (node.name === 'link' && /\bcanonical\b/i.test(getAttributeValue(node, 'rel') ?? '')) found = getAttributeValue(node, 'href') ?? null;
    for (const c of node.children) visit(c);
  };
  for (const c of dom.children) visit(c);
  return found;
}

/** An element's visible text (no script or style), whitespace collapsed, read up to 2,000 characters. */
export function collapse(el: Element): string {
  const parts: string[] = [];
  textOf(el, parts, { n: 2000 });
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function fromMeta(metas: Map<string, string>, keys: string[]): string | null {
  for (const k of keys) {
    const v = normaliseDateValue(metas.get(k));
    if (v) return v;
  }
  return null;
}

function firstString(objs: Record<string, unknown>[], key: string): string | null {
  for (const o of objs) {
    const v = o[key];
    if (typeof v === 'string' && v.trim()) return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  }
  return null;
}
