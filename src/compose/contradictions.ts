import type { Analysis, Contradiction } from '../model/index.js';

// Counted things where outlets often disagree; a number is compared only with the same noun.
const COUNTED = 'people|dead|deaths|killed|injured|wounded|missing|cases|infections|patients|prisoners|detainees|hostages|soldiers|troops|homes|houses|buildings|families|residents|evacuees|displaced|refugees';
const NUMBER_NOUN = new RegExp(`\\b(\\d{1,3}(?:,\\d{3})+|\\d+)\\s+(?:[a-z]+\\s+)?(${COUNTED})\\b`, 'gi');

interface Sourced {
  id: string;
  analysis: Analysis;
  published: string | null;
}

/**
 * Sources that give different numbers for the same counted thing within the same day's coverage.
 * Counts naturally grow over days, so only same-day disagreements are reported.
 */
export function findContradictions(articles: Sourced[]): Contradiction[] {
  const claims = new Map<string, Map<string, Set<string>>>();
  for (const a of articles) {
    const day = (a.published ?? '').slice(0, 10);
    for (const s of a.analysis.sentences) {
      for (const m of s.matchAll(NUMBER_NOUN)) {
        const key = `${day}|${m[2]!.toLowerCase()}`;
        const values = claims.get(key) ?? new Map<string, Set<string>>();
        const value = m[1]!;
        values.set(value, (values.get(value) ?? new Set()).add(a.id));
        claims.set(key, values);
      }
    }
  }
  const out: Contradiction[] = [];
  for (const [key, values] of claims) {
    if (values.size < 2) continue;
    const [day, noun] = key.split('|');
    // Different numbers from one source are usually different things (a total and a part).
    const sources = new Set([...values.values()].flatMap((s) => [...s]));
    if (sources.size < 2) continue;
    out.push({ claim: `number of ${noun}${day ? ` reported on ${day}` : ''}`, values: [...values].map(([value, ids]) => ({ value, sources: [...ids] })) });
  }
  return out;
}
