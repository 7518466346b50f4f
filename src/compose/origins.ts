import type { ClaimStatus, Contradiction } from '../model/index.js';
import { popcount, simhash } from '../text/simhash.js';

export interface OriginArticle {
  id: string;
  url: string;
  outlet: string | null;
  siteName?: string | null;
  byline?: string | null;
  text: string;
}

// News agencies whose copy other outlets reprint; a credit to one makes the agency the origin.
const AGENCIES: [RegExp, string][] = [
  [/\bAssociated Press\b|\(AP\)|\bAP\s[—–-]|\bBy AP\b/, 'Associated Press'],
  [/\bReuters\b/, 'Reuters'],
  [/\b(?:Agence France-Presse|AFP)\b/, 'AFP'],
  [/\b(?:Deutsche Presse-Agentur|dpa)\b/, 'dpa'],
  [/\bPress Association\b|\(PA\)/, 'PA'],
  [/\bUnited Press International\b|\(UPI\)/, 'UPI'],
  [/\bXinhua\b/, 'Xinhua'],
  [/\bInterfax\b/, 'Interfax'],
  [/\bANSA\b/, 'ANSA'],
  [/\bEFE\b/, 'EFE'],
];

/** The agency an article credits in its byline or dateline (its first 200 characters), if any. */
export function wireCredit(a: Pick<OriginArticle, 'byline' | 'text'>): string | null {
  const head = `${a.byline ?? ''}\n${a.text.slice(0, 200)}`;
  for (const [re, name] of AGENCIES) if (re.test(head)) return name;
  return null;
}

const hostOf = (url: string): string | null => {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
};

/**
 * Group a story's articles by independent origin: the agency an article credits, else its outlet
 * (or site, or host); and any two whose openings are near-identical (SimHash of the first 120
 * words within 6 bits: an uncredited reprint) share one origin. Returns article id → origin id.
 */
export function originGroups(articles: OriginArticle[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  // An article with no outlet, site or web host (a local file) is its own origin until a near-copy joins it.
  const keyOf = (a: OriginArticle) => `origin:${wireCredit(a) ?? a.outlet ?? a.siteName ?? hostOf(a.url) ?? `article ${a.id}`}`.toLowerCase();
  for (const a of articles) {
    const k = keyOf(a);
    if (!parent.has(k)) parent.set(k, k);
    parent.set(a.id, a.id);
    union(a.id, k);
  }
  const leads = articles.flatMap((a) => {
    // The opening ~120 words: a reprint keeps them, independent reporting does not.
    const h = simhash(a.text.slice(0, 900).split(/\s+/).slice(0, 120).join(' '));
    return h ? [{ id: a.id, hi: parseInt(h.slice(0, 8), 16), lo: parseInt(h.slice(8), 16) }] : [];
  });
  // Pairwise over a story's articles, on the parsed halves: a 300-article story is 45,000 XORs.
  for (let i = 0; i < leads.length; i++) {
    const x = leads[i]!;
    for (let j = i + 1; j < leads.length; j++) {
      const y = leads[j]!;
      if (popcount(x.hi ^ y.hi) + popcount(x.lo ^ y.lo) <= 6) union(x.id, y.id);
    }
  }
  return new Map(articles.map((a) => [a.id, find(a.id)]));
}

/**
 * A claim's status from its sources: disputed when sources disagree on a number it states,
 * confirmed when two or more independent origins support it, else single-source.
 */
export function claimStatus(text: string, sources: string[], origins: Map<string, string>, contradictions: Contradiction[]): { status: ClaimStatus; origins: number } {
  const count = new Set(sources.map((s) => origins.get(s) ?? s)).size;
  const disputed = contradictions.some((c) => !c.update && c.values.some((v) => v.sources.some((s) => sources.includes(s)) && new RegExp(`(?<![\\d,])${v.value.replace(/,/g, ',')}(?![\\d,]*\\d)`).test(text)));
  return { status: disputed ? 'disputed' : count >= 2 ? 'confirmed' : 'single-source', origins: count };
}

/** A figure a reader might repeat: a count, a sum, a toll (not a year or a day of the month). */
const FIGURE = /\b(?!(?:1[89]|20)\d\d\b)\d[\d,.]*\b(?!\s*(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)|\b(?:hundreds?|thousands?|millions?|billions?|dozens?)\b/i;
const MONTH_DAY = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b/gi;
export const statesFigure = (text: string) => FIGURE.test(text.replace(MONTH_DAY, ''));

/**
 * The label a reader sees on a claim, if any. Disputed always, and confirmed where two independent
 * origins report it. "Single source" only where it changes how far to trust the claim: a figure
 * (a toll, a count, a sum) that one origin gives in a story that other origins also cover. Most
 * claims of a young story rest on one report, and a pill on each of them says nothing.
 */
export function shownStatus(c: { status?: ClaimStatus; text: string }, storyOrigins: number): ClaimStatus | null {
  if (c.status === 'disputed' || c.status === 'confirmed') return c.status;
  if (c.status === 'single-source' && storyOrigins >= 2 && statesFigure(c.text)) return c.status;
  return null;
}
