// npm run bench:cluster — story clustering: every Timeline17 article in one stream in publication
// order, analysed and clustered online as the pipeline does, scored with B-cubed precision/recall/F1 against the topics (the folder
// name up to its first underscore: bpoil, egypt, finan, h1n1, iraq, syria …); and, where present,
// the ECB+ articles against their event (sub-topic) labels.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeText } from '../src/analyze/index.js';
import { assignSection, clusterArticles, clusterNames, type ClusterInput } from '../src/stories/index.js';
import { detokenize, readArticles } from '../src/cli/read-articles.js';

const EVAL = join(import.meta.dirname, '..', '..', 'shared', 'eval');
const T17 = join(EVAL, 'tls', 'timeline17');

/** B-cubed precision, recall and F1 of a clustering against gold labels (Bagga & Baldwin 1998). */
export function bcubed(clusters: string[][], label: (id: string) => string): { p: number; r: number; f: number } {
  const classSize = new Map<string, number>();
  for (const c of clusters) for (const id of c) classSize.set(label(id), (classSize.get(label(id)) ?? 0) + 1);
  let p = 0;
  let r = 0;
  let n = 0;
  for (const c of clusters) {
    const inCluster = new Map<string, number>();
    for (const id of c) inCluster.set(label(id), (inCluster.get(label(id)) ?? 0) + 1);
    for (const id of c) {
      const same = inCluster.get(label(id))!;
      p += same / c.length;
      r += same / classSize.get(label(id))!;
      n++;
    }
  }
  p /= n;
  r /= n;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

if (!existsSync(T17)) {
  console.log(`bench:cluster skipped: ${T17} not found (the shared evaluation data sits beside the repository)`);
  process.exit(0);
}

// As the pipeline does: every article is analysed first (timed apart), and its most mentioned names
// (clusterNames) weigh in the clustering. A second run without analysis is printed for comparison.
const inputs: (ClusterInput & { topic: string })[] = [];
let analyseMs = 0;
for (const collection of readdirSync(T17).sort()) {
  const topic = collection.split('_')[0]!.toLowerCase();
  for (const a of readArticles([join(T17, collection, 'InputDocs')])) {
    const ta = performance.now();
    const entities = clusterNames(analyzeText(a.text, { published: a.published }).entities);
    analyseMs += performance.now() - ta;
    inputs.push({ id: `${collection}/${a.path}`, title: null, text: a.text, published: a.published, topic, entities });
  }
}
const topicOf = new Map(inputs.map((a) => [a.id, a.topic]));
const t0 = performance.now();
const opts = {};
const groups = clusterArticles(inputs, opts);
const secs = (performance.now() - t0) / 1000;
const textOnly = clusterArticles(inputs.map(({ entities: _, ...rest }) => rest), opts);
const s = bcubed(groups.map((g) => g.articles), (id) => topicOf.get(id)!);
const big = groups.filter((g) => g.articles.length >= 5).length;
const byThread = new Map<string, string[]>();
for (const g of groups) byThread.set(g.thread, [...(byThread.get(g.thread) ?? []), ...g.articles]);
const th = bcubed([...byThread.values()], (id) => topicOf.get(id)!);
console.log(`\nT17 stream: ${inputs.length} articles, ${new Set(topicOf.values()).size} topics → ${groups.length} stories (${big} with 5+ articles)`);
console.log(`stories vs topics: B-cubed F1 ${s.f.toFixed(3)} P ${s.p.toFixed(3)} R ${s.r.toFixed(3)}`);
const byThreadText = new Map<string, string[]>();
for (const g of textOnly) byThreadText.set(g.thread, [...(byThreadText.get(g.thread) ?? []), ...g.articles]);
const tt = bcubed([...byThreadText.values()], (id) => topicOf.get(id)!);
console.log(`cluster (threads vs topics) B-cubed F1 ${th.f.toFixed(3)} P ${th.p.toFixed(3)} R ${th.r.toFixed(3)} in ${byThread.size} threads | ${(inputs.length / secs).toFixed(0)} articles/s (${secs.toFixed(1)} s, one core, after analysis at ${(analyseMs / inputs.length).toFixed(1)} ms/article) | goal F1 >= 0.90, >= 500 articles/s`);
console.log(`  without analysis (capitalised words for names): threads B-cubed F1 ${tt.f.toFixed(3)} P ${tt.p.toFixed(3)} R ${tt.r.toFixed(3)} in ${byThreadText.size} threads`);

// ECB+: 982 articles, 43 topics × 2 real events; the event (sub-topic) is the story label. No dates,
// so this measures content alone; all documents are clustered together into one stream.
const ECB = join(EVAL, 'clustering-ecbplus', 'docs.jsonl');
if (existsSync(ECB)) {
  const docs = readFileSync(ECB, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { doc: string; subtopic: string; text: string })
    .map((d) => {
      const text = detokenize(d.text);
      return { id: d.doc, title: null, text, published: null, event: d.subtopic, entities: clusterNames(analyzeText(text).entities) };
    });
  const eventOf = new Map(docs.map((d) => [d.id, d.event]));
  const t1 = performance.now();
  const g = clusterArticles(docs, opts);
  const secs2 = (performance.now() - t1) / 1000;
  const e = bcubed(g.map((x) => x.articles), (id) => eventOf.get(id)!);
  const et = bcubed(clusterArticles(docs.map(({ entities: _, ...rest }) => rest), opts).map((x) => x.articles), (id) => eventOf.get(id)!);
  console.log(`ECB+ events: ${docs.length} articles, ${new Set(eventOf.values()).size} events → ${g.length} stories | B-cubed F1 ${e.f.toFixed(3)} P ${e.p.toFixed(3)} R ${e.r.toFixed(3)} | ${(docs.length / secs2).toFixed(0)} articles/s | aim F1 >= 0.85 | without analysis F1 ${et.f.toFixed(3)}`);
} else {
  console.log(`ECB+ skipped: ${ECB} not found`);
}

// BBC (Greene & Cunningham 2006): 2,225 articles in 5 sections. Each article's section from the
// default taxonomy, mapped to BBC's classes (Economy → business, Culture → entertainment, Politics,
// Sport, Technology); any other section (Health, Conflict, a place, plain News) counts as wrong.
const BBC = join(EVAL, 'corpus-bbc', 'bbc');
if (existsSync(BBC)) {
  const toClass: Record<string, string> = { Economy: 'business', Culture: 'entertainment', Politics: 'politics', Sport: 'sport', Technology: 'tech' };
  const confusion = new Map<string, Map<string, number>>();
  let right = 0;
  let total = 0;
  for (const cls of readdirSync(BBC).filter((c) => !c.includes('.')).sort()) {
    for (const f of readdirSync(join(BBC, cls)).filter((f) => f.endsWith('.txt')).sort()) {
      // One file has a Latin-1 pound sign; latin1 decoding keeps every other character of it intact.
      const buf = readFileSync(join(BBC, cls, f));
      const raw = buf.toString('utf8').includes('\uFFFD') ? buf.toString('latin1') : buf.toString('utf8');
      const path = assignSection({ texts: [raw], entities: [] });
      const got = toClass[path[path.length - 1]!] ?? toClass[path[1] ?? ''] ?? `other (${path.join(' › ')})`;
      const row = confusion.get(cls) ?? new Map<string, number>();
      const key = got.startsWith('other') ? 'other' : got;
      row.set(key, (row.get(key) ?? 0) + 1);
      confusion.set(cls, row);
      total++;
      if (got === cls) right++;
    }
  }
  console.log(`\nBBC sections: ${total} articles, default taxonomy mapped to 5 classes → accuracy ${(right / total).toFixed(3)}`);
  for (const [cls, row] of confusion) console.log(`  ${cls.padEnd(14)} ${[...row].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
} else {
  console.log(`BBC sections skipped: ${BBC} not found`);
}
