// Scoring for quote extraction: word-overlap matching of predicted quotes to gold quotes, and
// speaker agreement, shared by bench:analyze's PolNeAR and hand-labelled sets.

export interface GoldQuote {
  text: string;
  /** The source as the annotators marked it ("Donald Trump", "he", "a campaign aide"), or null. */
  source: string | null;
}

export interface PredictedQuote {
  text: string;
  speaker: string | null;
}

const WORD = /[\p{L}\p{N}]+/gu;

export function words(s: string): string[] {
  return (s.toLowerCase().match(WORD) ?? []);
}

/** Shared words (as multisets) over the longer of the two: 1 only when both say the same words. */
export function overlap(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of b) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      shared++;
      counts.set(w, c - 1);
    }
  }
  return shared / Math.max(a.length, b.length);
}

export const MATCH_OVERLAP = 0.8;

/** One-to-one matching, best pairs first: [goldIndex, predictedIndex] for every pair at ≥ 0.8. */
export function matchQuotes(gold: GoldQuote[], pred: PredictedQuote[]): [number, number][] {
  const gw = gold.map((g) => words(g.text));
  const pw = pred.map((p) => words(p.text));
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < gw.length; i++) {
    for (let j = 0; j < pw.length; j++) {
      const o = overlap(gw[i]!, pw[j]!);
      if (o >= MATCH_OVERLAP) pairs.push([o, i, j]);
    }
  }
  pairs.sort((a, b) => b[0] - a[0]);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  const out: [number, number][] = [];
  for (const [, i, j] of pairs) {
    if (usedG.has(i) || usedP.has(j)) continue;
    usedG.add(i);
    usedP.add(j);
    out.push([i, j]);
  }
  return out;
}

const PRONOUNS = /^(he|she|they|i|we|it|you|him|her|them|his|hers|their|its|who|which|that)$/i;
const NOT_NAMES = new Set(['the', 'a', 'an', 'he', 'she', 'they', 'i', 'we', 'it', 'his', 'her', 'their', 'its', 'one', 'some', 'many', 'both']);

/** Capitalised words of a source or speaker phrase that can name someone. */
function nameTokens(s: string): string[] {
  return (s.match(/[\p{Lu}][\p{L}'’.-]*/gu) ?? [])
    .flatMap((w) => w.split('-'))
    .map((w) => w.replace(/[’']s$/, '').replace(/[.]+$/, '').toLowerCase())
    .filter((w) => w.length > 1 && !NOT_NAMES.has(w));
}

export type SpeakerVerdict = 'right' | 'wrong' | 'unscored';

// "the company", "the department", "this group": a definite description of someone named elsewhere.
const DEFINITE = /^(?:the|this|that|these|those)\s+[\p{Ll}\s'’-]+$/u;

/**
 * A named gold source is matched when the predicted speaker shares a name word with it; a gold
 * pronoun ("he") or definite description ("the company") stands for someone the text names
 * elsewhere, which cannot be checked without coreference, so it is left unscored; an unnamed source
 * ("a campaign aide", none at all) is matched only when the prediction names nobody.
 */
export function judgeSpeaker(gold: GoldQuote, predicted: string | null): SpeakerVerdict {
  const src = gold.source?.trim() ?? '';
  if (src && (PRONOUNS.test(src) || DEFINITE.test(src))) return 'unscored';
  // A few sources are marked on the verb itself ("said"): an annotation slip, not a speaker.
  if (src && /^(said|says|told|added|asked|wrote)$/i.test(src)) return 'unscored';
  const names = nameTokens(src);
  if (names.length === 0) return predicted === null ? 'right' : 'wrong';
  if (!predicted) return 'wrong';
  const p = new Set(nameTokens(predicted));
  return names.some((n) => p.has(n)) ? 'right' : 'wrong';
}

export interface QuoteScore {
  gold: number;
  predicted: number;
  matched: number;
  speakerRight: number;
  speakerScored: number;
}

export function emptyScore(): QuoteScore {
  return { gold: 0, predicted: 0, matched: 0, speakerRight: 0, speakerScored: 0 };
}

export function scoreDocument(into: QuoteScore, gold: GoldQuote[], pred: PredictedQuote[]): void {
  const m = matchQuotes(gold, pred);
  into.gold += gold.length;
  into.predicted += pred.length;
  into.matched += m.length;
  for (const [i, j] of m) {
    const v = judgeSpeaker(gold[i]!, pred[j]!.speaker);
    if (v === 'unscored') continue;
    into.speakerScored++;
    if (v === 'right') into.speakerRight++;
  }
}

export function formatScore(name: string, s: QuoteScore): string {
  const r = s.gold ? s.matched / s.gold : 0;
  const p = s.predicted ? s.matched / s.predicted : 0;
  const acc = s.speakerScored ? s.speakerRight / s.speakerScored : 0;
  return `${name.padEnd(34)} recall ${r.toFixed(3)}  precision ${p.toFixed(3)}  speaker acc ${acc.toFixed(3)}  (gold ${s.gold}, predicted ${s.predicted}, matched ${s.matched}, speaker scored ${s.speakerScored})`;
}
