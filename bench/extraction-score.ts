// The scrapinghub article-extraction-benchmark metric, reimplemented from its evaluate.py:
// 4-word shingles of \w+ tokens (Python's Unicode \w: letters, numbers, underscore), counted as
// multisets; per-page tp/fp/fn normalised; precision and recall averaged over pages; F1 of the means.

const WORD = /[\p{L}\p{N}_]+/gu;

export function tokens(text: string): string[] {
  return text.match(WORD) ?? [];
}

function shingles(toks: string[], n = 4): Map<string, number> {
  const out = new Map<string, number>();
  const k = Math.min(n, toks.length);
  if (k === 0) return out;
  for (let i = 0; i + k <= toks.length; i++) {
    const s = toks.slice(i, i + k).join('\u0001');
    out.set(s, (out.get(s) ?? 0) + 1);
  }
  return out;
}

export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
  exact: boolean;
}

export function scorePage(predicted: string, truth: string): PageScore {
  const pt = tokens(predicted);
  const tt = tokens(truth);
  const ps = shingles(pt);
  const ts = shingles(tt);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [s, c] of ps) {
    const t = ts.get(s) ?? 0;
    tp += Math.min(c, t);
    fp += Math.max(0, c - t);
  }
  for (const [s, c] of ts) fn += Math.max(0, c - (ps.get(s) ?? 0));
  const total = tp + fp + fn;
  const exact = pt.length === tt.length && pt.every((t, i) => t === tt[i]);
  if (total === 0) return { tp: 0, fp: 0, fn: 0, exact };
  return { tp: tp / total, fp: fp / total, fn: fn / total, exact };
}

export interface Summary {
  f1: number;
  precision: number;
  recall: number;
  accuracy: number;
  pages: number;
}

/**
 * One page's precision and recall (tp, fp and fn are shares of the page's shingles: their ratios, not
 * the shares themselves). A page with nothing predicted has precision 0; one with nothing to find, recall 1.
 */
export function pagePrecisionRecall(s: PageScore): { precision: number; recall: number } {
  return { precision: s.tp + s.fp > 0 ? s.tp / (s.tp + s.fp) : 0, recall: s.tp + s.fn > 0 ? s.tp / (s.tp + s.fn) : 1 };
}

export function summarise(scores: PageScore[]): Summary {
  const precs: number[] = [];
  const recs: number[] = [];
  for (const s of scores) {
    if (s.tp + s.fp > 0) precs.push(s.tp / (s.tp + s.fp));
    else if (s.fn === 0) precs.push(1);
    if (s.tp + s.fn > 0) recs.push(s.tp / (s.tp + s.fn));
    else if (s.fp === 0) recs.push(1);
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const precision = mean(precs);
  const recall = mean(recs);
  return {
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    precision,
    recall,
    accuracy: mean(scores.map((s) => (s.exact ? 1 : 0))),
    pages: scores.length,
  };
}
