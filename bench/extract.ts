// npm run bench:extract — article-body quality and speed on the scrapinghub benchmark (181 pages),
// Sitrep's extractor and @mozilla/readability (on linkedom) side by side in one process, plus
// publication-date accuracy on the htmldate benchmark (1,000 pages, HTML only, never the URL).
//
// Options: --check-scorer (score the published reference outputs, which must give 0.947 / 0.958),
// --only sitrep|readability, --dates-only, --no-dates, --dump FILE (write Sitrep's outputs).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractArticle } from '../src/extract/index.js';
import { decodeBody } from '../src/ingest/charset.js';
import { scorePage, summarise, type PageScore } from './extraction-score.js';

const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'eval');
const AEB = join(SHARED, 'extraction-scrapinghub');
const DATES = join(SHARED, 'dates-htmldate');
const args = new Set(process.argv.slice(2));
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

if (!existsSync(AEB)) {
  console.log(`bench:extract skipped: ${AEB} not found (the shared evaluation data sits beside the repository in CI and development checkouts)`);
  process.exit(0);
}

const truth = JSON.parse(readFileSync(join(AEB, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
const ids = Object.keys(truth).sort();
const fmt = (n: number) => n.toFixed(3);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

function scoreOutputs(outputs: Record<string, string>) {
  return summarise(ids.map((id) => scorePage(outputs[id] ?? '', truth[id]!.articleBody)));
}

if (args.has('--check-scorer')) {
  for (const [name, expected] of [['readability_js', 0.947], ['trafilatura', 0.958], ['rs_trafilatura', 0.97], ['go_trafilatura', 0.96]] as const) {
    const raw = JSON.parse(readFileSync(join(AEB, 'output', `${name}.json`), 'utf8')) as Record<string, unknown>;
    const out = (raw.output ?? raw) as Record<string, { articleBody?: string }>;
    const s = scoreOutputs(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.articleBody ?? ''])));
    console.log(`scorer check ${name}: F1 ${fmt(s.f1)} P ${fmt(s.precision)} R ${fmt(s.recall)} acc ${fmt(s.accuracy)} (published F1 ${expected})`);
  }
}

const pages = ids.map((id) => ({ id, html: gunzipSync(readFileSync(join(AEB, 'html', `${id}.html.gz`))).toString('utf8'), url: truth[id]!.url }));

interface RunResult {
  name: string;
  outputs: Record<string, string>;
  ms: number[];
  scores: PageScore[];
  peakRss: number;
}

function run(name: string, fn: (html: string, url: string) => string): RunResult {
  const outputs: Record<string, string> = {};
  const ms: number[] = [];
  let peakRss = process.memoryUsage().rss;
  // One warm-up pass over a few pages so neither side pays JIT start-up inside the timings.
  for (const p of pages.slice(0, 5)) fn(p.html, p.url);
  for (const p of pages) {
    const t0 = performance.now();
    let text = '';
    try {
      text = fn(p.html, p.url);
    } catch (err) {
      process.stderr.write(`${name} failed on ${p.id}: ${(err as Error).message}\n`);
    }
    ms.push(performance.now() - t0);
    outputs[p.id] = text;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  return { name, outputs, ms, scores: ids.map((id) => scorePage(outputs[id] ?? '', truth[id]!.articleBody)), peakRss };
}

const sitrep = (html: string, url: string) => extractArticle(html, url).text;
const readability = (html: string) => {
  const { document } = parseHTML(html);
  const article = new Readability(document as never).parse();
  return article?.textContent ?? '';
};

const results: RunResult[] = [];
if (!args.has('--dates-only')) {
  const only = argValue('--only');
  // Sitrep runs first so its peak RSS is its own; Readability's figure includes what was already held.
  if (!only || only === 'sitrep') results.push(run('sitrep', sitrep));
  if (!only || only === 'readability') results.push(run('readability (linkedom)', readability));
  console.log(`\narticle body, ${pages.length} pages (${AEB}):`);
  for (const r of results) {
    const s = summarise(r.scores);
    console.log(`  ${r.name.padEnd(24)} F1 ${fmt(s.f1)}  P ${fmt(s.precision)}  R ${fmt(s.recall)}  exact ${fmt(s.accuracy)}  median ${pct(r.ms, 50).toFixed(2)} ms  p95 ${pct(r.ms, 95).toFixed(2)} ms  peak RSS ${(r.peakRss / 2 ** 20).toFixed(0)} MB`);
  }
  const sr = results.find((r) => r.name === 'sitrep');
  const rr = results.find((r) => r.name !== 'sitrep');
  if (sr && rr) {
    const a = summarise(sr.scores);
    const b = summarise(rr.scores);
    console.log(`extraction F1 ${fmt(a.f1)} P ${fmt(a.precision)} R ${fmt(a.recall)} | readability ${fmt(b.f1)} | ${pct(sr.ms, 50).toFixed(2)} ms/page vs ${pct(rr.ms, 50).toFixed(2)} (median ratio ${(pct(rr.ms, 50) / pct(sr.ms, 50)).toFixed(1)}x faster)`);
  }
  const dump = argValue('--dump');
  if (dump && sr) {
    writeFileSync(dump, JSON.stringify(Object.fromEntries(ids.map((id, i) => [id, { articleBody: sr.outputs[id], tp: sr.scores[i]!.tp, fp: sr.scores[i]!.fp, fn: sr.scores[i]!.fn }])), null, 1));
    console.log(`  wrote ${dump}`);
  }
}

if (!args.has('--no-dates')) {
  if (!existsSync(DATES)) {
    console.log(`dates skipped: ${DATES} not found`);
  } else {
    const gold = JSON.parse(readFileSync(join(DATES, 'gold.json'), 'utf8')) as Record<string, { date: string | null; html: string }>;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const ms: number[] = [];
    const misses: string[] = [];
    for (const [url, g] of Object.entries(gold)) {
      const buf = gunzipSync(readFileSync(join(DATES, g.html)));
      const html = decodeBody(buf, null);
      const t0 = performance.now();
      // HTML only: the URL is withheld, as in the htmldate evaluation.
      const page = extractArticle(html, null);
      ms.push(performance.now() - t0);
      const got = page.published ? page.published.slice(0, 10) : null;
      if (!got) fn++;
      else if (got === g.date) tp++;
      else {
        fp++;
        misses.push(`${g.html} gold ${g.date} got ${got} (${url})`);
      }
    }
    const n = tp + fp + fn;
    console.log(`\npublication dates, ${n} pages (${DATES}):`);
    console.log(`  sitrep  accuracy ${fmt(tp / n)}  precision ${fmt(tp / Math.max(1, tp + fp))}  recall ${fmt(tp / Math.max(1, tp + fn))}  (no date ${fn}, wrong ${fp})  median ${pct(ms, 50).toFixed(2)} ms/page | htmldate extensive 0.903, fast 0.861, newspaper4k 0.680`);
    const dumpDates = argValue('--dump-dates');
    if (dumpDates) writeFileSync(dumpDates, misses.join('\n'));
  }
}
