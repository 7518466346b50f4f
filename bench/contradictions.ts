// Where sources disagree, scored against hand labels: npm run bench:brief prints it, or
//   tsx bench/contradictions.ts            precision and recall on bench/labels/contradictions.tsv
//   tsx bench/contradictions.ts --sample   candidate pairs to label (scratch/contradiction-candidates.tsv)
// A window is one topic's coverage of one day across its outlets' collections (the five bpoil_*, the
// three H1N1_*), each collection counted as one origin. Candidates are every pair of counts of the
// same thing on the same day from two outlets, values within 10x; the labels say which pairs are the
// same quantity of the same thing about the same event and period (1) and which are not (0). The
// file names articles by path and sentence index; the text stays in ../shared.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../src/analyze/index.js';
import { readArticles } from '../src/cli/read-articles.js';
import { claimsOf, findContradictions, type Claim } from '../src/compose/contradictions.js';
import { publishable } from '../src/compose/quality.js';
import { fixedClock } from '../src/clock.js';

const T17 = join(import.meta.dirname, '..', '..', 'shared', 'eval', 'tls', 'timeline17');
const LABELS = join(import.meta.dirname, 'labels', 'contradictions.tsv');
const TOPICS: Record<string, string[]> = {
  bpoil: ['bpoil_bbc', 'bpoil_foxnews', 'bpoil_guardian', 'bpoil_reuters', 'bpoil_washingtonpost'],
  H1N1: ['H1N1_bbc', 'H1N1_guardian', 'H1N1_reuters'],
};

interface WindowArticle { id: string; published: string | null; analysis: ReturnType<typeof analyzeText> }
const pairKey = (a: string, ai: number, b: string, bi: number, va: string, vb: string) => [`${a}#${ai}#${va}`, `${b}#${bi}#${vb}`].sort().join(' ~ ');

export interface Score { p: number; r: number; tp: number; fp: number; fn: number; labelled: number }

/** Precision and recall on each split of the labels, and the predicted pairs no label covers. */
export function contradictionScore(): { splits: Map<string, Score>; predicted: number; predictedUnlabelled: number } | null {
  if (!existsSync(T17) || !existsSync(LABELS)) return null;
  const labels = new Map<string, { label: number; split: string }>();
  for (const line of readFileSync(LABELS, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [topic, , a, ai, va, b, bi, vb, label, split] = line.split('\t');
    labels.set(`${topic}|${pairKey(a!, +ai!, b!, +bi!, va!, vb!)}`, { label: Number(label), split: split ?? 'dev' });
  }
  const predicted = new Set<string>();
  for (const w of windows()) for (const k of predictedPairs(w)) predicted.add(k);
  const splits = new Map<string, Score>();
  for (const [k, { label, split }] of labels) {
    const s = splits.get(split) ?? { p: 0, r: 0, tp: 0, fp: 0, fn: 0, labelled: 0 };
    s.labelled++;
    if (predicted.has(k)) {
      if (label === 1) s.tp++;
      else s.fp++;
    } else if (label === 1) s.fn++;
    splits.set(split, s);
  }
  for (const s of splits.values()) {
    s.p = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
    s.r = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 0;
  }
  return { splits, predicted: predicted.size, predictedUnlabelled: [...predicted].filter((k) => !labels.has(k)).length };
}

export function formatContradictionScore(s: NonNullable<ReturnType<typeof contradictionScore>>): string[] {
  return [...s.splits].map(([split, x]) => `contradictions vs hand labels, ${split} (${x.labelled} pairs): precision ${x.p.toFixed(3)} recall ${x.r.toFixed(3)} (tp ${x.tp}, fp ${x.fp}, fn ${x.fn})`).concat(`contradictions: ${s.predicted} pairs set against each other over the day windows, ${s.predictedUnlabelled} of them unlabelled`);
}

type Window = { topic: string; day: string; articles: WindowArticle[]; origins: Map<string, string> };

/** The pairs of (article, sentence, value) that the detector sets against each other in a window. */
function predictedPairs(w: Window): Set<string> {
  const out = new Set<string>();
  const show = (x: WindowArticle, i: number) => publishable(x.analysis.sentences[i] ?? '').text;
  for (const c of findContradictions(w.articles, w.origins, show)) {
    const sides = c.values.map((v) => ({
      v: v.value,
      at: v.sources.flatMap((id) => {
        const art = w.articles.find((x) => x.id === id)!;
        const i = art.analysis.sentences.findIndex((_, k) => show(art, k) === v.sentence);
        return i >= 0 ? [{ id, i }] : [];
      }),
    }));
    for (let x = 0; x < sides.length; x++)
      for (let y = x + 1; y < sides.length; y++)
        for (const p of sides[x]!.at) for (const q of sides[y]!.at) out.add(`${w.topic}|${pairKey(p.id, p.i, q.id, q.i, sides[x]!.v, sides[y]!.v)}`);
  }
  return out;
}

function* windows(): Generator<Window> {
  const clock = fixedClock('2026-01-01T00:00:00Z');
  for (const [topic, collections] of Object.entries(TOPICS)) {
    const byDay = new Map<string, WindowArticle[]>();
    const origins = new Map<string, string>();
    for (const c of collections) {
      const docs = join(T17, c, 'InputDocs');
      if (!existsSync(docs)) continue;
      for (const a of readArticles([docs], clock)) {
        if (!a.published) continue;
        const id = `${c}/${a.path}`;
        origins.set(id, c);
        const day = a.published.slice(0, 10);
        byDay.set(day, [...(byDay.get(day) ?? []), { id, published: a.published, analysis: analyzeText(a.text, { published: a.published }) }]);
      }
    }
    for (const [day, articles] of [...byDay].sort()) if (new Set(articles.map((a) => origins.get(a.id))).size >= 2) yield { topic, day, articles, origins };
  }
}

function sample(): void {
  const rows: string[] = [];
  let n = 0;
  for (const w of windows()) {
    const predicted = predictedPairs(w);
    const claims: (Claim & { index: number })[] = [];
    for (const a of w.articles) {
      const found = claimsOf(a, w.origins.get(a.id)!, (x, i) => publishable(x.analysis.sentences[i] ?? '').text);
      for (const c of found) claims.push({ ...c, index: a.analysis.sentences.findIndex((s) => publishable(s).text === c.sentence) });
    }
    for (let i = 0; i < claims.length; i++)
      for (let j = i + 1; j < claims.length; j++) {
        const [x, y] = [claims[i]!, claims[j]!];
        if (x.thing !== y.thing || x.origin === y.origin || x.value === y.value || Math.max(x.value, y.value) / Math.min(x.value, y.value) > 10) continue;
        n++;
        const flagged = predicted.has(`${w.topic}|${pairKey(x.article, x.index, y.article, y.index, x.raw, y.raw)}`);
        rows.push([w.topic, w.day, x.article, x.index, x.raw, y.article, y.index, y.raw, flagged ? 'P' : '', x.sentence, y.sentence].join('\t'));
      }
  }
  mkdirSync('scratch', { recursive: true });
  writeFileSync('scratch/contradiction-candidates.tsv', rows.join('\n'));
  console.log(`${n} candidate pairs in scratch/contradiction-candidates.tsv`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(T17)) {
    console.log(`contradictions skipped: ${T17} not found`);
    process.exit(0);
  }
  if (process.argv.includes('--sample')) sample();
  else {
    const s = contradictionScore();
    console.log(s ? formatContradictionScore(s).join('\n') : 'contradictions: no labels');
  }
}
if (process.argv.includes('--show')) {
  const labels = new Map<string, string>();
  for (const line of readFileSync(LABELS, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [topic, , a, ai, va, b, bi, vb, label] = line.split('\t');
    labels.set(`${topic}|${pairKey(a!, +ai!, b!, +bi!, va!, vb!)}`, label!);
  }
  for (const w of windows()) {
    const show = (x: WindowArticle, i: number) => publishable(x.analysis.sentences[i] ?? '').text;
    const keys = predictedPairs(w);
    if (!keys.size) continue;
    for (const c of findContradictions(w.articles, w.origins, show)) console.log(`${w.topic} ${w.day} ${c.claim}\n${c.values.map((v) => `   ${v.value}: ${v.sentence}`).join('\n')}`);
    console.log('   labels:', [...keys].map((k) => labels.get(k) ?? '?').join(' '));
  }
}
