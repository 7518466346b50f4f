// npm run bench:brief — briefings over Timeline17: for each gold timeline, the briefing of its
// collection's articles within the gold's date range, scored on
//  - ROUGE-1/2 of the summary against the gold timeline's sentences (recall and F1),
//  - the share of briefing sentences with at least one supporting source (must be 100%),
//  - the share of timeline bullets whose date is a gold date,
//  - time per briefing (analysis excluded; goal < 300 ms for a 300-article story).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeText } from '../src/analyze/index.js';
import { composeBriefing, type ComposeArticle } from '../src/compose/index.js';
import { readArticles } from '../src/cli/read-articles.js';
import type { Briefing } from '../src/model/index.js';
import { readGold, rougeCounts } from './rouge.js';
import { auditTimeline17, formatTotals } from './brief-audit.js';
import { formatFurnitureScores } from './furniture.js';
import { contradictionScore, formatContradictionScore } from './contradictions.js';

const T17 = join(import.meta.dirname, '..', '..', 'shared', 'eval', 'tls', 'timeline17');
if (!existsSync(T17)) {
  console.log(`bench:brief skipped: ${T17} not found (the shared evaluation data sits beside the repository)`);
  process.exit(0);
}

/** Every sentence a reader sees, with the sources it carries. */
function citedSentences(b: Briefing): { text: string; sources: string[] }[] {
  return [
    { text: b.summary, sources: b.summarySources },
    ...b.background,
    ...b.timeline,
    ...b.statements.map((s) => ({ text: s.quote, sources: s.sources })),
    ...b.analysis,
    ...b.conclusion,
  ];
}

const f1 = (c: { hit: number; pred: number; ref: number }) => {
  const p = c.pred ? c.hit / c.pred : 0;
  const r = c.ref ? c.hit / c.ref : 0;
  return { r, f: p + r ? (2 * p * r) / (p + r) : 0 };
};

const rows: { r1: number; r1f: number; r2: number; r2f: number; cited: number; sentences: number; dated: number; bullets: number; ms: number; docs: number; confirmed: number; single: number; disputed: number; origins: number }[] = [];
for (const collection of readdirSync(T17).sort()) {
  const dir = join(T17, collection);
  if (!existsSync(join(dir, 'timelines'))) continue;
  const all = readArticles([join(dir, 'InputDocs')]);
  const analysed: ComposeArticle[] = all.map((a) => ({ ...a, analysis: analyzeText(a.text, { published: a.published }) }));
  for (const file of readdirSync(join(dir, 'timelines')).sort()) {
    const gold = readGold(join(dir, 'timelines', file));
    const dates = [...gold.keys()].sort();
    const [start, end] = [dates[0]!, dates[dates.length - 1]!];
    const inRange = analysed.filter((a) => a.published && a.published >= start && a.published <= end);
    if (inRange.length === 0) continue;
    const t0 = performance.now();
    const b = composeBriefing({ storyId: `${collection}/${file}`, articles: inRange });
    const ms = performance.now() - t0;
    const ref = [...gold.values()].flat();
    const r1 = f1(rougeCounts([b.summary], ref, 1));
    const r2 = f1(rougeCounts([b.summary], ref, 2));
    const sentences = citedSentences(b);
    const cited = sentences.filter((s) => s.sources.length > 0).length;
    const dated = b.timeline.filter((t) => gold.has(t.date)).length;
    const st = (k: string) => b.timeline.filter((t) => t.status === k).length;
    rows.push({ r1: r1.r, r1f: r1.f, r2: r2.r, r2f: r2.f, cited, sentences: sentences.length, dated, bullets: b.timeline.length, ms, docs: inRange.length, confirmed: st('confirmed'), single: st('single-source'), disputed: st('disputed'), origins: b.origins ?? 0 });
    console.log(
      `  ${`${collection}/${file.replace(/\.txt$/, '')}`.padEnd(52)} summary R1 ${r1.r.toFixed(3)} R2 ${r2.r.toFixed(3)} | cited ${cited}/${sentences.length} | bullets on gold dates ${dated}/${b.timeline.length} | ${ms.toFixed(0)} ms for ${inRange.length} articles`,
    );
  }
}
const mean = (k: keyof (typeof rows)[number]) => rows.reduce((n, r) => n + (r[k] as number), 0) / rows.length;
const sum = (k: keyof (typeof rows)[number]) => rows.reduce((n, r) => n + (r[k] as number), 0);
const times = rows.map((r) => r.ms).sort((a, b) => a - b);
const big = rows.filter((r) => r.docs >= 250);
console.log(
  `\nbriefings T17 (${rows.length} stories): summary ROUGE-1 recall ${mean('r1').toFixed(3)} F1 ${mean('r1f').toFixed(3)}, ROUGE-2 recall ${mean('r2').toFixed(3)} F1 ${mean('r2f').toFixed(3)} vs the gold timeline`,
);
console.log(
  `sentences with a source ${((100 * sum('cited')) / sum('sentences')).toFixed(1)}% (${sum('cited')}/${sum('sentences')}) | timeline bullets on a gold date ${((100 * sum('dated')) / sum('bullets')).toFixed(1)}% | median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms per briefing, ${big.length ? `${(big.reduce((n, r) => n + r.ms, 0) / big.length).toFixed(0)} ms for stories of 250+ articles` : 'no story of 250+ articles'} (goal < 300 ms for 300)`,
);
console.log(
  `timeline bullets by claim status: confirmed ${sum('confirmed')}, single-source ${sum('single')}, disputed ${sum('disputed')} | independent origins per story: median ${rows.map((r) => r.origins).sort((a, b) => a - b)[Math.floor(rows.length / 2)]} (T17 articles carry no outlet, so an origin is a wire credit or a near-copy group)`,
);

// The reader audit over weekly windows, and the gate and the contradictions against hand labels.
console.log('\nreader audit: a briefing for every week of every Timeline17 collection with 8+ articles');
const audit = auditTimeline17(T17);
console.log(formatTotals('development collections', audit.dev));
console.log(formatTotals('held-out collections', audit.held));
for (const line of formatFurnitureScores()) console.log(line);
const contradictions = contradictionScore();
if (contradictions) for (const line of formatContradictionScore(contradictions)) console.log(line);
