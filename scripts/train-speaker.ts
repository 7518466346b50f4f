// Trains the speaker chooser (src/analyze/speaker-ranker.ts) on PolNeAR's training articles and
// writes its weights to src/analyze/speaker-weights.ts:
//
//   npx tsx scripts/train-speaker.ts            # train, choose the regularisation on dev, write
//   npx tsx scripts/train-speaker.ts --dry-run  # the same, without writing
//   npx tsx scripts/train-speaker.ts --dry-run --without-rules   # a model that never sees the rules' pick
//   SHOW_ERRORS=0.003 [SHOW_SET=train] …        # list quotations the model gets wrong (own labels, or train)
//
// Every direct quotation the rules find and that matches a gold quotation with a named (or no)
// source becomes one example: its candidates with their features, the right ones those whose name
// shares a name word with the annotated source (bench/quote-score.ts judgeSpeaker, as the benchmark
// scores). A gold pronoun source cannot be checked and is left out. The model is a conditional logit
// (softmax over a quotation's candidates) with an L2 penalty, fitted by full-batch Adam; the penalty
// is the one that scores best on PolNeAR dev and the hand labels together. The held-out part of train
// (bench/polnear.ts isHeldOut) is never read here; PolNeAR test is not in ../shared at all.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../src/analyze/index.js';
import { modelDecides, type Candidate, type QuoteSite } from '../src/analyze/speaker-ranker.js';
import { isHeldOut, readPolnear } from '../bench/polnear.js';
import { judgeSpeaker, matchQuotes, type GoldQuote } from '../bench/quote-score.js';
import { readT17Labels } from '../bench/t17-labels.js';

const POLNEAR = join(import.meta.dirname, '..', '..', 'shared', 'eval', 'quotes-polnear');
const OUT = join(import.meta.dirname, '..', 'src', 'analyze', 'speaker-weights.ts');

interface Example {
  cands: [number[], number[]][]; // per candidate: feature indices, values
  positive: boolean[];
  rule: number; // index of the rules' pick
}

const WITHOUT_RULES = process.argv.includes('--without-rules');
const featureIndex = new Map<string, number>();
const featureNames: string[] = [];
function idOf(name: string, grow: boolean): number | undefined {
  let i = featureIndex.get(name);
  if (i === undefined && grow) {
    i = featureNames.length;
    featureIndex.set(name, i);
    featureNames.push(name);
  }
  return i;
}

/**
 * A definite description as the annotated source ("the president", "the Republican nominee", "his
 * campaign"): who it is needs coreference, which the annotation does not give, so such quotations
 * teach nothing about choosing and are left out of training (and the benchmark leaves them unscored).
 */
const DEFINITE = /^(?:the|this|that|his|her|their|its)\s(?:.*\s)?\p{Ll}[\p{L}-]*$/u;

type Doc = { text: string; published: string | null; direct: GoldQuote[] };

type ExampleSet = { examples: Example[]; unreachable: number; scored: number; kept: number };

function examplesOf(docs: Doc[], grow: boolean, training = false): ExampleSet {
  const examples: Example[] = [];
  let unreachable = 0;
  let scored = 0;
  let kept = 0;
  for (const d of docs) {
    const seen = new Map<object, { site: QuoteSite; cands: Candidate[] }>();
    const analysis = analyzeText(d.text, { published: d.published, speakers: 'rules', onSite: (site, cands) => seen.set(site.quote, { site, cands }) });
    const predicted = analysis.quotes.filter((q) => q.direct);
    for (const [gi, pj] of matchQuotes(d.direct, predicted)) {
      const gold = d.direct[gi]!;
      const found = seen.get(predicted[pj]!);
      if (!found || judgeSpeaker(gold, null) === 'unscored') continue;
      // The rules keep the quotations the model does not decide; they count as the rules scored them.
      if (!modelDecides(found.site, analysis.sentences)) {
        scored++;
        if (judgeSpeaker(gold, found.site.rule?.name ?? null) === 'right') kept++;
        continue;
      }
      if (training && gold.source && DEFINITE.test(gold.source.trim())) continue;
      scored++;
      const positive = found.cands.map((c) => judgeSpeaker(gold, c.entity?.name ?? null) === 'right');
      if (!positive.some(Boolean)) {
        unreachable++;
        continue;
      }
      const cands = found.cands.map((c) => {
        const ix: number[] = [];
        const vs: number[] = [];
        for (const [k, v] of c.features) {
          if (WITHOUT_RULES && k.startsWith('rule')) continue;
          const i = idOf(k, grow);
          if (i === undefined) continue;
          ix.push(i);
          vs.push(v);
        }
        return [ix, vs] as [number[], number[]];
      });
      const rule = Math.max(0, found.cands.findIndex((c) => c.entity === found.site.rule));
      examples.push({ cands, positive, rule });
    }
  }
  return { examples, unreachable, scored, kept };
}

function scores(w: Float64Array, ex: Example): number[] {
  return ex.cands.map(([ix, vs]) => ix.reduce((s, i, k) => s + w[i]! * vs[k]!, 0));
}

function fit(examples: Example[], l2: number, iterations = 400): Float64Array {
  const n = featureNames.length;
  const w = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const lr = 0.05;
  for (let t = 1; t <= iterations; t++) {
    const grad = new Float64Array(n);
    for (const ex of examples) {
      const s = scores(w, ex);
      const max = Math.max(...s);
      const e = s.map((x) => Math.exp(x - max));
      const z = e.reduce((a, b) => a + b, 0);
      const zPos = e.reduce((a, b, k) => a + (ex.positive[k] ? b : 0), 0);
      // d/dw log(sum_pos p) = E_pos[f] - E_all[f]
      ex.cands.forEach(([ix, vs], k) => {
        const coef = (ex.positive[k] ? e[k]! / zPos : 0) - e[k]! / z;
        for (let j = 0; j < ix.length; j++) grad[ix[j]!]! += coef * vs[j]!;
      });
    }
    for (let i = 0; i < n; i++) {
      const g = -grad[i]! / examples.length + l2 * w[i]!;
      m[i] = 0.9 * m[i]! + 0.1 * g;
      v[i] = 0.999 * v[i]! + 0.001 * g * g;
      const mh = m[i]! / (1 - 0.9 ** t);
      const vh = v[i]! / (1 - 0.999 ** t);
      w[i]! -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return w;
}

function accuracy(w: Float64Array | null, set: ExampleSet): number {
  let right = set.kept;
  for (const ex of set.examples) {
    let pick = ex.rule;
    if (w) {
      const s = scores(w, ex);
      pick = s.indexOf(Math.max(...s));
    }
    if (ex.positive[pick]) right++;
  }
  // Quotations no candidate could answer count as wrong, as the benchmark counts them.
  return right / set.scored;
}

if (!existsSync(POLNEAR)) {
  console.log(`train-speaker: ${POLNEAR} not found (the shared evaluation data sits beside the repository)`);
  process.exit(1);
}
const EVAL = join(import.meta.dirname, '..', '..', 'shared', 'eval');
// About 15% of train is held out (bench/polnear.ts isHeldOut): bench:analyze's untouched split.
const train = examplesOf(readPolnear(POLNEAR, 'train').filter((d) => !isHeldOut(d.name)), true, true);
const dev = examplesOf(readPolnear(POLNEAR, 'dev'), false);
const own = examplesOf(readT17Labels(EVAL).map((d) => ({ text: d.text, published: d.published, direct: d.gold })), false);
const both = { examples: [...dev.examples, ...own.examples], unreachable: dev.unreachable + own.unreachable, scored: dev.scored + own.scored, kept: dev.kept + own.kept };
console.log(`PolNeAR train (less the held-out 15%): ${train.scored} scored quotations, ${train.examples.length} with a right candidate (${train.unreachable} with none); ${featureNames.length} features`);
console.log(`PolNeAR dev:   ${dev.scored} scored quotations, ${dev.examples.length} with a right candidate (${dev.unreachable} with none)`);
console.log(`own labels (Timeline17): ${own.scored} scored quotations, ${own.examples.length} with a right candidate (${own.unreachable} with none)`);
console.log(`rules:  train ${accuracy(null, train).toFixed(3)}  dev ${accuracy(null, dev).toFixed(3)}  own ${accuracy(null, own).toFixed(3)}`);
let best: { l2: number; w: Float64Array; dev: number } | null = null;
for (const l2 of [0.0003, 0.001, 0.003, 0.01, 0.03]) {
  const w = fit(train.examples, l2);
  const d = accuracy(w, both);
  console.log(`model l2=${l2}: train ${accuracy(w, train).toFixed(3)}  dev ${accuracy(w, dev).toFixed(3)}  own ${accuracy(w, own).toFixed(3)}  (dev+own ${d.toFixed(3)})`);
  if (!best || d > best.dev) best = { l2, w, dev: d };
}
const chosen = best!;
console.log(`chosen: l2=${chosen.l2} (dev+own ${chosen.dev.toFixed(3)})`);
const kept = featureNames.map((f, i) => [f, Math.round(chosen.w[i]! * 10000) / 10000] as const).filter(([, x]) => x !== 0).sort((a, b) => a[0].localeCompare(b[0]));
if (!process.argv.includes('--dry-run') && !WITHOUT_RULES) {
  const body = `// Written by scripts/train-speaker.ts from PolNeAR train (${train.examples.length} quotations; L2 ${chosen.l2} chosen on dev); do not edit by hand.
import type { SpeakerModel } from './speaker-ranker.js';

export const SPEAKER_MODEL: SpeakerModel = {
  features: ${JSON.stringify(kept.map(([f]) => f), null, 4).replace(/\n\]$/, '\n  ]').replace(/\n {4}/g, '\n    ')},
  weights: ${JSON.stringify(kept.map(([, x]) => x))},
};
`;
  writeFileSync(OUT, body);
  console.log(`wrote ${OUT}: ${kept.length} weights`);
}
for (const [f, x] of [...kept].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 25)) console.log(`  ${x.toFixed(3).padStart(7)}  ${f}`);
if (process.env.SHOW_ERRORS) {
  const w = fit(train.examples, Number(process.env.SHOW_ERRORS));
  const sample = process.env.SHOW_SET === 'train' ? readPolnear(POLNEAR, 'train').filter((d) => !isHeldOut(d.name)).slice(0, 120).map((d) => ({ file: d.name, text: d.text, published: d.published, gold: d.direct })) : readT17Labels(EVAL);
  for (const d of sample) {
    const seen = new Map<object, { site: QuoteSite; cands: Candidate[] }>();
    const analysis = analyzeText(d.text, { published: d.published, speakers: 'rules', onSite: (site, cands) => seen.set(site.quote, { site, cands }) });
    const predicted = analysis.quotes.filter((q) => q.direct);
    for (const [gi, pj] of matchQuotes(d.gold, predicted)) {
      const found = seen.get(predicted[pj]!)!;
      const gold = d.gold[gi]!;
      const sc = found.cands.map((c) => [...c.features].reduce((s, [k, v]) => s + (featureIndex.has(k) ? w[featureIndex.get(k)!]! * v : 0), 0));
      const pick = found.cands[sc.indexOf(Math.max(...sc))]!;
      const ruleRight = judgeSpeaker(gold, found.site.rule?.name ?? null) === 'right';
      const modelRight = judgeSpeaker(gold, pick.entity?.name ?? null) === 'right';
      if ((process.env.SHOW_SET === 'train' ? !modelRight && judgeSpeaker(gold, null) !== 'unscored' : ruleRight && !modelRight) && modelDecides(found.site, analysis.sentences)) {
        console.log(`\n${d.file} | ${found.site.mode} | gold ${gold.source} | rule ${found.site.rule?.name} | model ${pick.entity?.name ?? null}`);
        console.log(`  ${d.text.length > 0 ? analysis.sentences[found.site.sentence]!.slice(0, 220) : ''}`);
        for (const [k, c] of found.cands.entries()) console.log(`   ${sc[k]!.toFixed(2)} ${c.entity?.name ?? 'NONE'}: ${[...c.features.keys()].join(' ')}`);
      }
    }
  }
}
