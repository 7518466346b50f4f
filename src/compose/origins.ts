import type { ClaimStatus, Contradiction } from '../model/index.js';
import { hammingDistance, simhash } from '../text/simhash.js';

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

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
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
  const keyOf = (a: OriginArticle) => `origin:${wireCredit(a) ?? a.outlet ?? a.siteName ?? hostOf(a.url)}`.toLowerCase();
  for (const a of articles) {
    const k = keyOf(a);
    if (!parent.has(k)) parent.set(k, k);
    parent.set(a.id, a.id);
    union(a.id, k);
  }
  const leads = articles.map((a) => ({ id: a.id, hash: simhash(a.text.split(/\s+/).slice(0, 120).join(' ')) })).filter((x): x is { id: string; hash: string } => !!x.hash);
  // Pairwise over a story's articles (hundreds at most): cheap next to composing the briefing.
  for (let i = 0; i < leads.length; i++) for (let j = i + 1; j < leads.length; j++) if (hammingDistance(leads[i]!.hash, leads[j]!.hash) <= 6) union(leads[i]!.id, leads[j]!.id);
  return new Map(articles.map((a) => [a.id, find(a.id)]));
}

/**
 * A claim's status from its sources: disputed when sources disagree on a number it states,
 * confirmed when two or more independent origins support it, else single-source.
 */
export function claimStatus(text: string, sources: string[], origins: Map<string, string>, contradictions: Contradiction[]): { status: ClaimStatus; origins: number } {
  const count = new Set(sources.map((s) => origins.get(s) ?? s)).size;
  const disputed = contradictions.some((c) => c.values.some((v) => v.sources.some((s) => sources.includes(s)) && new RegExp(`(?<![\\d,])${v.value.replace(/,/g, ',')}(?![\\d,]*\\d)`).test(text)));
  return { status: disputed ? 'disputed' : count >= 2 ? 'confirmed' : 'single-source', origins: count };
}
