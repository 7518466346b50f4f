// npm run bench:extract — article-body quality and speed on the scrapinghub benchmark (181 pages),
// Sitrep's extractor and @mozilla/readability (on linkedom) side by side in one process; body and
// metadata (title, byline, site name, publication time) on Readability's own test pages (130, several
// languages); publication-date accuracy on the htmldate benchmark (1,000 pages, HTML only, never the
// URL); and the CLI as a whole process over a folder against Readability doing the same.
//
// The Readability pages and the htmldate pages are each split by a hash of their name: a quarter is
// held out (never read while tuning) and reported beside the rest.
//
// Options: --check-scorer (score the published reference outputs, which must give 0.947 / 0.958),
// --only sitrep|readability, --dates-only, --no-dates, --no-robustness (skip Readability on the
// htmldate pages), --no-cli, --cli-only, --cli-rounds N (3), --dump FILE (write Sitrep's outputs),
// --dump-readability FILE (Sitrep's misses on the tuning part of Readability's pages).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extractArticle, htmlFragmentToText } from '../src/extract/index.js';
import { decodeBody } from '../src/ingest/charset.js';
import { pagePrecisionRecall, scorePage, summarise, type PageScore } from './extraction-score.js';

const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'eval');
const AEB = join(SHARED, 'extraction-scrapinghub');
const DATES = join(SHARED, 'dates-htmldate');
const READABILITY_PAGES = join(SHARED, 'extraction-readability', 'pages');
/** A quarter of a set, chosen by a hash of each item's name, held out from tuning. */
const heldOut = (name: string) => parseInt(createHash('sha1').update(name).digest('hex').slice(0, 2), 16) < 64;
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
const cliOnly = args.has('--cli-only');
if (!args.has('--dates-only') && !cliOnly) {
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

if (!args.has('--no-dates') && !cliOnly) {
  if (!existsSync(DATES)) {
    console.log(`dates skipped: ${DATES} not found`);
  } else {
    const gold = JSON.parse(readFileSync(join(DATES, 'gold.json'), 'utf8')) as Record<string, { date: string | null; html: string }>;
    let tp = 0;
    let tn = 0;
    let fp = 0;
    let fn = 0;
    const split = { tuned: { n: 0, ok: 0 }, held: { n: 0, ok: 0 } };
    const ms: number[] = [];
    const misses: string[] = [];
    // The same pages as a robustness corpus for the body (they have no body gold): how often Sitrep's
    // text and Readability's share nothing at all, which is how choosing the wrong block shows.
    const bodies = { tuned: { n: 0, agree: 0, disjoint: 0, sitrepEmpty: 0, readabilityEmpty: 0, errors: 0 }, held: { n: 0, agree: 0, disjoint: 0, sitrepEmpty: 0, readabilityEmpty: 0, errors: 0 } };
    const withBodies = !args.has('--no-robustness');
    for (const [url, g] of Object.entries(gold)) {
      const buf = gunzipSync(readFileSync(join(DATES, g.html)));
      const html = decodeBody(buf, null);
      const t0 = performance.now();
      // HTML only: the URL is withheld, as in the htmldate evaluation.
      let page: ReturnType<typeof extractArticle>;
      try {
        page = extractArticle(html, null);
      } catch (err) {
        process.stderr.write(`sitrep failed on ${g.html}: ${(err as Error).message}\n`);
        bodies[heldOut(g.html) ? 'held' : 'tuned'].errors++;
        continue;
      }
      ms.push(performance.now() - t0);
      if (withBodies) {
        const b = bodies[heldOut(g.html) ? 'held' : 'tuned'];
        let theirs = '';
        try {
          theirs = readability(html);
        } catch {
          theirs = '';
        }
        const s = scorePage(page.text, theirs);
        const { precision: p, recall: r } = pagePrecisionRecall(s);
        b.n++;
        if (page.text.trim().length < 100) b.sitrepEmpty++;
        if (theirs.trim().length < 100) b.readabilityEmpty++;
        if (p > 0.5 && r > 0.5) b.agree++;
        else if (p < 0.2 && r < 0.2 && page.text.length > 200 && theirs.trim().length > 200) b.disjoint++;
      }
      const got = page.published ? page.published.slice(0, 10) : null;
      const part = heldOut(g.html) ? split.held : split.tuned;
      part.n++;
      if (got === g.date) part.ok++;
      // A page with no date in the gold and none found is right (a true negative, as htmldate counts it).
      if (!got && !g.date) tn++;
      else if (!got) fn++;
      else if (got === g.date) tp++;
      else {
        fp++;
        misses.push(`${g.html} gold ${g.date} got ${got} (${url})`);
      }
    }
    const n = tp + tn + fp + fn;
    console.log(`\npublication dates, ${n} pages (${DATES}):`);
    console.log(`  sitrep  accuracy ${fmt((tp + tn) / n)}  precision ${fmt(tp / Math.max(1, tp + fp))}  recall ${fmt(tp / Math.max(1, tp + fn))}  (no date ${fn}, wrong ${fp})  median ${pct(ms, 50).toFixed(2)} ms/page | htmldate extensive 0.903, fast 0.861, newspaper4k 0.680`);
    console.log(`  split: tuned-on ${fmt(split.tuned.ok / split.tuned.n)} (${split.tuned.n} pages) | held out ${fmt(split.held.ok / split.held.n)} (${split.held.n} pages)`);
    if (withBodies) {
      console.log(`article body on the same pages, against Readability's (no gold: a robustness check; "disjoint" is both over 200 characters with no 4-word run in common):`);
      for (const part of ['tuned', 'held'] as const) {
        const b = bodies[part];
        console.log(`  ${part === 'tuned' ? 'tuned-on' : 'held out'} (${b.n} pages): agree ${fmt(b.agree / b.n)}  disjoint ${b.disjoint}  sitrep under 100 chars ${b.sitrepEmpty}  readability under 100 chars ${b.readabilityEmpty}  errors ${b.errors}`);
      }
    }
    const dumpDates = argValue('--dump-dates');
    // Misses of the tuned-on part only: the held-out part is not looked at.
    if (dumpDates) writeFileSync(dumpDates, misses.filter((m) => !heldOut(m.split(' ')[0]!)).join('\n'));
  }
}

// Readability's own test pages: body (text of expected.html, scored as above) and metadata.
if (!args.has('--dates-only') && !cliOnly && existsSync(READABILITY_PAGES)) {
  const norm = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase() : '');
  const bylineNorm = (v: unknown) => norm(v).replace(/^(by|von|par|por|di|door|от)\s+/, '');
  const fields = ['title', 'byline', 'siteName', 'publishedTime'] as const;
  type Meta = Partial<Record<(typeof fields)[number], string | null>>;
  const same = (field: (typeof fields)[number], got: unknown, want: string) =>
    field === 'publishedTime' ? typeof got === 'string' && got.slice(0, 10) === want.slice(0, 10) : field === 'byline' ? bylineNorm(got) === bylineNorm(want) : norm(got) === norm(want);
  const names = readdirSync(READABILITY_PAGES).filter((n) => existsSync(join(READABILITY_PAGES, n, 'source.html.gz')) && existsSync(join(READABILITY_PAGES, n, 'expected.html.gz'))).sort();
  const tally = () => ({ scores: [] as PageScore[], ms: [] as number[], meta: Object.fromEntries(fields.map((f) => [f, { n: 0, ok: 0 }])) as Record<(typeof fields)[number], { n: number; ok: number }> });
  const sides = { sitrep: { tuned: tally(), held: tally() }, readability: { tuned: tally(), held: tally() } };
  const misses: string[] = [];
  for (const name of names) {
    const dir = join(READABILITY_PAGES, name);
    const html = decodeBody(gunzipSync(readFileSync(join(dir, 'source.html.gz'))), null);
    const truthText = htmlFragmentToText(gunzipSync(readFileSync(join(dir, 'expected.html.gz'))).toString('utf8'));
    const want = (existsSync(join(dir, 'expected-metadata.json')) ? JSON.parse(readFileSync(join(dir, 'expected-metadata.json'), 'utf8')) : {}) as Meta;
    const part = heldOut(name) ? 'held' : 'tuned';
    const runs: [keyof typeof sides, () => { text: string } & Meta][] = [
      ['sitrep', () => {
        const p = extractArticle(html, 'http://fakehost/test/page.html');
        return { text: p.text, title: p.title, byline: p.byline, siteName: p.siteName, publishedTime: p.published };
      }],
      ['readability', () => {
        const { document } = parseHTML(html);
        const a = new Readability(document as never).parse();
        return { text: a?.textContent ?? '', title: a?.title ?? null, byline: a?.byline ?? null, siteName: a?.siteName ?? null, publishedTime: a?.publishedTime ?? null };
      }],
    ];
    for (const [side, fn] of runs) {
      const t = sides[side][part];
      const t0 = performance.now();
      let got: { text: string } & Meta = { text: '' };
      try {
        got = fn();
      } catch (err) {
        process.stderr.write(`${side} failed on ${name}: ${(err as Error).message}\n`);
      }
      t.ms.push(performance.now() - t0);
      const score = scorePage(got.text, truthText);
      t.scores.push(score);
      for (const f of fields) {
        const w = want[f];
        if (typeof w !== 'string' || !w.trim()) continue;
        t.meta[f].n++;
        if (same(f, got[f], w)) t.meta[f].ok++;
      }
      if (side === 'sitrep' && part === 'tuned') {
        const { precision: p, recall: r } = pagePrecisionRecall(score);
        if (p < 0.8 || r < 0.8) misses.push(`${name}\tP ${fmt(p)} R ${fmt(r)}\tgot ${got.text.length} chars, want ${truthText.length}`);
      }
    }
  }
  const line = (t: ReturnType<typeof tally>) => {
    const s = summarise(t.scores);
    const meta = fields.map((f) => `${f} ${t.meta[f].n ? fmt(t.meta[f].ok / t.meta[f].n) : '-'} (${t.meta[f].n})`).join('  ');
    return `F1 ${fmt(s.f1)}  P ${fmt(s.precision)}  R ${fmt(s.recall)}  median ${pct(t.ms, 50).toFixed(2)} ms | ${meta}`;
  };
  console.log(`\nReadability's test pages, ${names.length} (${READABILITY_PAGES}; Readability's own suite: for failure modes, not a lead):`);
  for (const part of ['tuned', 'held'] as const) {
    const n = sides.sitrep[part].scores.length;
    console.log(`  ${part === 'tuned' ? 'tuned-on' : 'held out'} (${n} pages)`);
    console.log(`    sitrep       ${line(sides.sitrep[part])}`);
    console.log(`    readability  ${line(sides.readability[part])}`);
  }
  const dumpR = argValue('--dump-readability');
  if (dumpR) writeFileSync(dumpR, misses.join('\n'));
}

// The CLI as users run it: one process over a folder (read, gunzip, parse, extract, write JSON),
// against Readability doing the same, alternating, three rounds. Start-up is measured on an empty
// folder and taken off each side, as the outside check does.
if (!args.has('--dates-only') && !args.has('--no-cli')) {
  const root = join(import.meta.dirname, '..');
  const bin = join(root, 'bin', 'sitrep.js');
  if (!existsSync(join(root, 'dist', 'cli', 'index.js'))) {
    console.log('\nCLI timing skipped: run `npm run build` first');
  } else {
    const work = mkdtempSync(join(tmpdir(), 'sitrep-bench-cli-'));
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const folder = join(AEB, 'html');
    const time = (argv: string[]) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, argv, { encoding: 'utf8', env: { ...process.env, SITREP_LOG_LEVEL: 'warn' } });
      if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
      return performance.now() - t0;
    };
    const cmds = {
      sitrep: (dir: string) => [bin, 'extract', '--dir', dir, '--out', join(work, 'sitrep.json')],
      readability: (dir: string) => [join(root, 'bench', 'readability-cli.mjs'), dir, join(work, 'readability.json')],
    };
    const runs = { sitrep: [] as number[], readability: [] as number[] };
    const starts = { sitrep: [] as number[], readability: [] as number[] };
    const rounds = Number(argValue('--cli-rounds') ?? 3);
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 ? (['readability', 'sitrep'] as const) : (['sitrep', 'readability'] as const)) {
        starts[side].push(time(cmds[side](empty)));
        runs[side].push(time(cmds[side](folder)));
      }
    }
    rmSync(work, { recursive: true, force: true });
    const net = (side: 'sitrep' | 'readability') => pct(runs[side], 50) - pct(starts[side], 50);
    console.log(`\nCLI over a folder of ${pages.length} pages (${folder}), medians of ${rounds} alternating rounds:`);
    for (const side of ['sitrep', 'readability'] as const) console.log(`  ${side.padEnd(12)} ${(pct(runs[side], 50) / 1000).toFixed(2)} s whole, start-up ${(pct(starts[side], 50) / 1000).toFixed(2)} s, less start-up ${(net(side) / 1000).toFixed(2)} s (${(net(side) / pages.length).toFixed(2)} ms/page)`);
    console.log(`cli time less start-up: sitrep ${(net('sitrep') / 1000).toFixed(2)} s vs readability ${(net('readability') / 1000).toFixed(2)} s = ${(net('sitrep') / net('readability')).toFixed(2)}x (goal <= 0.25x)`);
  }
}
