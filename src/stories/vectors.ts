// Sparse term vectors and cosine similarity: the shared arithmetic of clustering, timelines and
// related-story ranking.

export type Vec = Map<string, number>;

export const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing down during each even few for from further had has have
  having he her here hers herself him himself his how i if in into is it its itself just like made make many
  may me might more most much must my myself new no nor not now of off on once one only or other our ours
  ourselves out over own said same says she should since so some still such than that the their theirs them
  themselves then there these they this those through to told too two under until up upon us very was we
  were what when where which while who whom why will with would year years yet you your yours yourself
  yourselves monday tuesday wednesday thursday friday saturday sunday week weeks day days today yesterday
  tomorrow last next first second third according percent per people time times official officials including
  around another already although among amid across away back being get got go going however lot mr mrs ms
  says say saying added told tell reported report reports sample fictional data three four five six seven
  eight nine ten hundreds thousands`.split(/\s+/),
);

// Sentences are tokenised again and again (timeline, keywords, briefing support); a bounded memo of
// recent texts saves that work (bounded by total characters). Callers must not mutate the result.
const memo = new Map<string, string[]>();
const MEMO_CHARS = 20_000_000;
let memoChars = 0;

/** Lowercased content words (letters, 3+ characters, no stop words). */
export function contentWords(text: string): string[] {
  let out = memo.get(text);
  if (!out) {
    if (memoChars + text.length > MEMO_CHARS) {
      memo.clear();
      memoChars = 0;
    }
    out = tokenize(text);
    memo.set(text, out);
    memoChars += text.length;
  }
  return out;
}

function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/\p{L}[\p{L}'’-]*\p{L}/gu)) {
    const w = m[0].replace(/['’]s$/, '');
    if (w.length >= 3 && !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

export function addTo(v: Vec, terms: Iterable<string>, weight = 1): Vec {
  for (const t of terms) v.set(t, (v.get(t) ?? 0) + weight);
  return v;
}

/** Sublinear term weighting, optionally scaled by inverse document frequency. */
export function weigh(v: Vec, idf?: (term: string) => number): Vec {
  const out: Vec = new Map();
  for (const [t, n] of v) out.set(t, (1 + Math.log(n)) * (idf ? idf(t) : 1));
  return out;
}

export function norm(v: Vec): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}


export function dot(a: Vec, b: Vec): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let d = 0;
  for (const [t, x] of small) {
    const y = large.get(t);
    if (y) d += x * y;
  }
  return d;
}

export function cosine(a: Vec, b: Vec): number {
  const d = norm(a) * norm(b);
  return d === 0 ? 0 : dot(a, b) / d;
}

/** Cosine with both norms known: for comparing many vectors against one large one (a centre). */
export function cosineNormed(a: Vec, na: number, b: Vec, nb: number): number {
  return na === 0 || nb === 0 ? 0 : dot(a, b) / (na * nb);
}

export function sum(vs: Vec[]): Vec {
  const out: Vec = new Map();
  for (const v of vs) {
    const n = norm(v) || 1;
    for (const [t, x] of v) out.set(t, (out.get(t) ?? 0) + x / n);
  }
  return out;
}

/** Keep the k heaviest terms: bounded centroids keep comparisons cheap as stories grow. */
export function topTerms(v: Vec, k: number): Vec {
  if (v.size <= k) return v;
  return new Map([...v.entries()].sort((a, b) => b[1] - a[1]).slice(0, k));
}
