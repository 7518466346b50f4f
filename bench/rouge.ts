// ROUGE-1/2 counts in the manner of ROUGE-1.5.5 as tilse calls it (stemming on, stop words removed),
// and the timeline metrics of Martschat & Markert (2017) that tilse implements: the many-to-one
// date/content alignment ("align+ m:1") and Date-F1. A reimplementation for the benchmark: the
// tokeniser, stop list and stemmer follow ROUGE-1.5.5 closely, not byte for byte.
import { readFileSync } from 'node:fs';
import { stemmer } from 'stemmer';

// ROUGE-1.5.5's SMART-derived stop list is long; this common English list covers the same ground.
const STOP = new Set(
  `a about above across after afterwards again against all almost alone along already also although always am among amongst an and another any anyhow anyone anything anyway anywhere are around as at be became because become becomes been before beforehand behind being below beside besides between beyond both but by can cannot could did do does doing done down during each eg either else elsewhere enough etc even ever every everyone everything everywhere except few for former formerly from further had has have having he hence her here hereafter hereby herein hereupon hers herself him himself his how however i ie if in indeed into is it its itself just last latter latterly least less many may me meanwhile might mine more moreover most mostly much must my myself namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps rather re same seem seemed seeming seems several she should since so some somehow someone something sometime sometimes somewhere still such than that the their theirs them themselves then thence there thereafter thereby therefore therein thereupon these they this those though through throughout thru thus to together too toward towards under until up upon us very via was we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within without would yet you your yours yourself yourselves s t said says say`.split(/\s+/),
);

export function rougeTokens(text: string): string[] {
  return (text.toLowerCase().replace(/-lrb-|-rrb-|``|''/g, ' ').match(/[a-z0-9]+/g) ?? []).filter((t) => !STOP.has(t)).map((t) => stemmer(t));
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(' ');
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

export interface Counts {
  hit: number;
  pred: number;
  ref: number;
}

/** Hits and totals of n-grams of a predicted summary against one reference summary (sentences joined). */
export function rougeCounts(pred: string[], ref: string[], n: number): Counts {
  const p = ngrams(pred.flatMap((s) => rougeTokens(s)), n);
  const r = ngrams(ref.flatMap((s) => rougeTokens(s)), n);
  let hit = 0;
  for (const [g, c] of p) hit += Math.min(c, r.get(g) ?? 0);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return { hit, pred: sum(p), ref: sum(r) };
}

export type Timeline = Map<string, string[]>;

const ord = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/** tilse's approximate ROUGE-1 F1 of plain whitespace tokens, used only for alignment costs. */
function approxRouge1(pred: string[], ref: string[]): number {
  const count = (ss: string[]) => {
    const m = new Map<string, number>();
    for (const s of ss) for (const t of s.split(/\s+/).filter(Boolean)) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  };
  const p = count(pred);
  const r = count(ref);
  let match = 0;
  for (const [t, c] of p) match += Math.min(c, r.get(t) ?? 0);
  const pd = [...p.values()].reduce((a, b) => a + b, 0);
  const rd = [...r.values()].reduce((a, b) => a + b, 0);
  const prec = pd ? match / pd : 0;
  const rec = rd ? match / rd : 0;
  return prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
}

const f1 = (p: number, r: number) => (p + r ? (2 * p * r) / (p + r) : 0);

/** "align+ m:1" ROUGE-n F1: each predicted date (for precision) and each reference date (for recall) aligns to its cheapest counterpart. */
export function alignedRouge(pred: Timeline, ref: Timeline, n: number): { p: number; r: number; f: number } {
  const pDates = [...pred.keys()].sort();
  const rDates = [...ref.keys()].sort();
  if (pDates.length === 0 || rDates.length === 0) return { p: 0, r: 0, f: 0 };
  const cost = (pd: string, rd: string) => (1 - 1 / (Math.abs(ord(pd) - ord(rd)) + 1)) * (1 - approxRouge1(pred.get(pd)!, ref.get(rd)!));
  let precNum = 0;
  let precDen = 0;
  for (const pd of pDates) {
    let best = rDates[0]!;
    let bestCost = Infinity;
    for (const rd of rDates) {
      const c = cost(pd, rd);
      if (c < bestCost) {
        bestCost = c;
        best = rd;
      }
    }
    const counts = rougeCounts(pred.get(pd)!, ref.get(best)!, n);
    precNum += counts.hit / (Math.abs(ord(pd) - ord(best)) + 1);
    precDen += counts.pred;
  }
  let recNum = 0;
  let recDen = 0;
  for (const rd of rDates) {
    let best = pDates[0]!;
    let bestCost = Infinity;
    for (const pd of pDates) {
      const c = cost(pd, rd);
      if (c < bestCost) {
        bestCost = c;
        best = pd;
      }
    }
    const counts = rougeCounts(pred.get(best)!, ref.get(rd)!, n);
    recNum += counts.hit / (Math.abs(ord(best) - ord(rd)) + 1);
    recDen += counts.ref;
  }
  const p = precDen ? precNum / precDen : 0;
  const r = recDen ? recNum / recDen : 0;
  return { p, r, f: f1(p, r) };
}

/** Date precision, recall and F1 of a predicted date set against the gold dates (day granularity). */
export function datePRF(pred: Iterable<string>, ref: Iterable<string>): { p: number; r: number; f: number } {
  const ps = new Set(pred);
  const rs = new Set(ref);
  const hit = [...ps].filter((d) => rs.has(d)).length;
  const p = ps.size ? hit / ps.size : 0;
  const r = rs.size ? hit / rs.size : 0;
  return { p, r, f: f1(p, r) };
}

/**
 * The two ways of averaging over tasks: the mean of per-task F1, and news-tls's evaluate.py way, which
 * the published T17 figures use: F1 computed from the mean precision and the mean recall.
 */
export function averageF(rows: { p: number; r: number; f: number }[]): { meanF: number; fOfMeans: number } {
  const n = Math.max(1, rows.length);
  const mp = rows.reduce((a, x) => a + x.p, 0) / n;
  const mr = rows.reduce((a, x) => a + x.r, 0) / n;
  return { meanF: rows.reduce((a, x) => a + x.f, 0) / n, fOfMeans: f1(mp, mr) };
}

/** Gold timeline file: blocks of a date line then sentences, separated by dashes; repeated dates merge. */
export function readGold(path: string): Timeline {
  const tl: Timeline = new Map();
  for (const block of readFileSync(path, 'utf8').split(/^-{5,}\s*$/m)) {
    const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    const date = lines[0];
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    tl.set(date, [...(tl.get(date) ?? []), ...lines.slice(1)]);
  }
  return tl;
}
