// bench:web: the site under load. A cached story page at 32 connections for 10 s against a plain
// Node http server returning a page of the same size, and search over a store of 10,000 articles,
// each server in its own process, autocannon in this one; then wrk pinned to its own core (identity
// and brotli, three alternating rounds, a generator check); then the story page while `sitrep ingest`
// polls 1,000 feeds into the store it is served from, and the first request after each new generation.
// Search under wrk load on the same store and on any in SEARCH_STORES (SQLite paths, comma-separated).
// Run: npm run bench:web (INGEST_ONLY=1, SEARCH_ONLY=1 or WRK_ONLY=1 for that part alone; PROBE_SECONDS, FEEDS, ITEMS, SKIP_INGEST,
// SEARCH_STORES=data/bench-scale-100000.db after `SCALE_MAX=100000 npm run bench:scale`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Article } from '../src/model/index.js';
import { detokenize, readArticles } from '../src/cli/read-articles.js';
import { articleId } from '../src/ingest/index.js';
import { analyzePending, clusterPending, composeChanged } from '../src/pipeline/index.js';
import { openStore } from '../src/store/index.js';
import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { TASKSET, WRK, WRK_SECONDS, freePort, pin, startChild, wrk, type WrkResult } from './wrk.js';

const ROOT = join(import.meta.dirname, '..');
const EVAL = join(ROOT, '..', 'shared', 'eval');
const TARGET = Number(process.env.ARTICLES ?? 10_000);
const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = 32;

if (!existsSync(EVAL)) {
  console.log(`bench:web skipped: ${EVAL} not found (the 10,000-article store is built from the shared corpora)`);
  process.exit(0);
}

/** Real articles from the shared corpora, then, if fewer than TARGET, sentence mixes of T17 articles of one topic. */
function corpus(): { articles: Article[]; real: number } {
  const out: Article[] = [];
  const add = (prefix: string, list: Article[]) => {
    for (const a of list) out.push({ ...a, id: articleId(`${prefix}/${a.id}`), url: `https://bench.invalid/${prefix}/${a.id}`, outlet: a.outlet ?? prefix });
  };
  const t17 = join(EVAL, 'tls', 'timeline17');
  const topics: Article[][] = [];
  for (const topic of readdirSync(t17).filter((d) => existsSync(join(t17, d, 'InputDocs'))).sort()) {
    const list = readArticles([join(t17, topic, 'InputDocs')]);
    topics.push(list);
    add(`t17-${topic}`, list);
  }
  const dirs: [string, string][] = [
    ['bbc', join(EVAL, 'corpus-bbc', 'bbc')],
    ['wikiref', join(EVAL, 'clustering-wikiref', 'WikiRef220')],
    ['polnear', join(EVAL, 'quotes-polnear', 'data')],
    ['htmldate', join(EVAL, 'dates-htmldate', 'html')],
    ['scrapinghub', join(EVAL, 'extraction-scrapinghub', 'html')],
  ];
  for (const [name, dir] of dirs) if (existsSync(dir)) add(name, readArticles([dir]).filter((a) => a.text.length > 200));
  const ecb = join(EVAL, 'clustering-ecbplus', 'docs.jsonl');
  if (existsSync(ecb)) {
    const docs = readFileSync(ecb, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { doc: string; text: string });
    add('ecb', docs.map((d) => ({ id: d.doc, sourceId: null, url: '', canonical: null, title: null, byline: null, published: null, modified: null, lang: null, siteName: null, description: null, image: null, text: detokenize(d.text), outlet: null, fetchedAt: new Date().toISOString() })));
  }
  const real = Math.min(out.length, TARGET);
  out.length = real;
  for (let i = 0; out.length < TARGET; i++) {
    const topic = topics[i % topics.length]!;
    const a = topic[(i * 7919) % topic.length]!;
    const b = topic[(i * 104729 + 13) % topic.length]!;
    const sa = a.text.split(/(?<=[.!?])\s+/);
    const sb = b.text.split(/(?<=[.!?])\s+/);
    const text = sa.slice(0, Math.ceil(sa.length / 2)).concat(sb.slice(Math.floor(sb.length / 2))).join(' ');
    out.push({ ...a, id: articleId(`mix/${i}`), url: `https://bench.invalid/mix/${i}`, outlet: 'mix', text });
  }
  return { articles: out, real };
}

async function buildStore(path: string): Promise<void> {
  const t0 = performance.now();
  const { articles, real } = corpus();
  console.log(`building the store: ${articles.length} articles (${real} real from ../shared/eval, ${articles.length - real} sentence mixes of Timeline17 articles)`);
  mkdirSync(join(ROOT, 'data'), { recursive: true });
  for (const s of ['', '-wal', '-shm']) rmSync(`${path}${s}`, { force: true });
  const store = await openStore({ path });
  for (let i = 0; i < articles.length; i += 500) await store.insertBatch(articles.slice(i, i + 500).map((article) => ({ article, simhash: null })), []);
  await analyzePending(store);
  const c = await clusterPending(store);
  const written = await composeChanged(store);
  console.log(`  ${c.created} stories, ${written} briefings in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  await store.close();
}

/**
 * Search under wrk load, the server pinned to one core and wrk to the other, at 32 connections (the
 * server saturated: latency is mostly queueing) and at 4 (a busy site below saturation). Two mixes:
 * distinct queries that never repeat within the run (each one rendered: the worst case), and a
 * spike's 50 popular queries over and over (answered from the generation's recent results).
 */
async function searchUnderLoad(label: string, base: string, names: string[]): Promise<void> {
  if (names.length === 0) throw new Error('search under load needs queries');
  const distinct: string[] = [];
  for (let round = 0; distinct.length < 20_000 && round <= words.length; round++)
    for (const n of names) {
      if (distinct.length >= 20_000) break;
      distinct.push(`/search?q=${encodeURIComponent(round === 0 ? n : `${n} ${words[round - 1]}`)}`);
    }
  const popular = distinct.slice(0, 50);
  // A started server is warmed first, as one in service is: its first second pays the JIT's
  // compiling and SQLite's first reads of the index (32 readers at once waited up to 1.2 s behind
  // them at 10,000 articles), which is start-up, not search under load. Other queries than those
  // measured, so the measured ones are still rendered, not answered from the recent results.
  await wrk(`${base}/`, 4, 1, [], names.slice(0, 2000).map((n) => `/search?q=${encodeURIComponent(`${n} news`)}`), 3);
  for (const [mix, paths] of [[`${distinct.length.toLocaleString('en')} distinct`, distinct], ['50 popular', popular]] as const)
    for (const c of [32, 4]) {
      const r = await wrk(`${base}/`, c, 1, [], paths);
      const repeats = r.rps * WRK_SECONDS > paths.length && mix !== '50 popular' ? ' (some repeated: fewer queries than requests)' : '';
      console.log(`${`search, ${label}, ${mix}, ${c} conn.`.padEnd(52)} ${r.rps.toFixed(0).padStart(6)} req/s | p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms | errors ${r.errors}${repeats}`);
    }
}

/** Search under load on another SQLite store (SEARCH_STORES=path,...; e.g. bench:scale's 100,000-article store). */
async function searchOnStore(path: string): Promise<void> {
  if (!existsSync(path)) {
    console.log(`search store ${path} not found (npm run bench:scale builds data/bench-scale-<N>.db): skipped`);
    return;
  }
  const other = await openStore({ path });
  const { articles } = await other.stats();
  const names = [...new Set((await other.entityRows({})).filter((e) => e.mentions >= 3).map((e) => e.name))];
  await other.close();
  if (names.length === 0) {
    console.log(`search store ${path}: no entity is named three times, so there are no queries to make: skipped`);
    return;
  }
  const otherPort = await freePort();
  const server = await startChild([join(ROOT, 'bin', 'sitrep.js'), 'serve', '--port', String(otherPort)], { SITREP_DB: path }, /serving http/);
  try {
    pin(server, 0);
    await searchUnderLoad(`${articles.toLocaleString('en')} articles`, `http://127.0.0.1:${otherPort}`, names);
  } finally {
    server.kill();
  }
}

const wrkLine = (label: string, r: WrkResult) =>
  `${label.padEnd(36)} ${r.rps.toFixed(0).padStart(6)} req/s | p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, p99.9 ${r.p999.toFixed(2)} ms | errors ${r.errors} | generator CPU ${(r.cpu * 100).toFixed(0)}% of a core`;

async function load(label: string, url: string, paths?: string[]) {
  let i = 0;
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    ...(paths ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[i++ % paths.length]! }) }] } : {}),
  });
  const line = `${label.padEnd(34)} ${r.requests.average.toFixed(0).padStart(6)} req/s (median ${String(r.requests.p50).padStart(6)}) | latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms | non-2xx ${r.non2xx}, errors ${r.errors}`;
  console.log(line);
  return r;
}

const dbPath = join(ROOT, 'data', `bench-web-${TARGET}.db`);
if (!existsSync(dbPath) || process.env.REBUILD) await buildStore(dbPath);
else console.log(`reusing ${dbPath} (REBUILD=1 rebuilds it)`);

const store = await openStore({ path: dbPath });
const stats = await store.stats();
const stories = await store.listStories();
const bySize = [...stories].sort((a, b) => b.articleIds.length - a.articleIds.length);
// The story page measured: the largest story (the heaviest page the site has).
const biggest = bySize[0]!;
// And a typical one: the median story of those with at least five articles.
const multi = bySize.filter((s) => s.articleIds.length >= 5);
const typical = multi[Math.floor(multi.length / 2)]!;
const names = [...new Set((await store.entityRows({})).filter((e) => e.mentions >= 3).map((e) => e.name))];
await store.close();
// Queries people type: names from the stored stories (one in three with a topic word), varied so no two in a row repeat.
const words = ['talks', 'election', 'oil', 'protest', 'flu', 'bank', 'war', 'minister', 'crisis', 'deal', 'killed', 'police'];
const queries = names.slice(0, 400).map((n, i) => `/search?q=${encodeURIComponent(i % 3 === 0 ? `${n} ${words[i % words.length]}` : n)}`);
console.log(`store: ${stats.articles} articles, ${stats.stories} stories; story page /stories/${biggest.slug} (${biggest.articleIds.length} articles); ${queries.length} search queries`);

const port = await freePort();
const sitrep = await startChild([join(ROOT, 'bin', 'sitrep.js'), 'serve', '--port', String(port)], { SITREP_DB: dbPath }, /serving http/);
const storyUrl = `http://127.0.0.1:${port}/stories/${biggest.slug}`;
const page = await (await fetch(storyUrl, { headers: { 'accept-encoding': 'identity' } })).text();
const size = Buffer.byteLength(page);
// The baseline: a plain Node http server returning a static page of the same size: a copy of the
// very bytes Sitrep serves. A filler page ('x' repeated) is shown too: the load generator reads
// it about twice as fast as real HTML of the same length, so it is no like-for-like baseline.
const pageFile = join(ROOT, 'data', 'bench-web-page.html');
writeFileSync(pageFile, page);
const plainPort = await freePort();
const plain = await startChild(
  ['-e', `const b=require('fs').readFileSync(${JSON.stringify(pageFile)});require('http').createServer((q,s)=>{s.writeHead(200,{'content-type':'text/html; charset=utf-8'});s.end(b)}).listen(${plainPort},'127.0.0.1',()=>console.log('ready'))`],
  {},
  /ready/,
);
// The same page as a browser gets it (brotli), raw: wrk reads a tenth of the bytes, so the servers
// rather than the generator become the limit. Its plain server returns those very bytes.
const brBytes = await new Promise<Buffer>((resolve, reject) => {
  http.get(storyUrl, { headers: { 'accept-encoding': 'br' } }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => (res.headers['content-encoding'] === 'br' ? resolve(Buffer.concat(chunks)) : reject(new Error('the story page came back without brotli'))));
  }).on('error', reject);
});
const brFile = join(ROOT, 'data', 'bench-web-page.html.br');
writeFileSync(brFile, brBytes);
const plainBrPort = await freePort();
const plainBr = await startChild(
  ['-e', `const b=require('fs').readFileSync(${JSON.stringify(brFile)});require('http').createServer((q,s)=>{s.writeHead(200,{'content-type':'text/html; charset=utf-8','content-encoding':'br'});s.end(b)}).listen(${plainBrPort},'127.0.0.1',()=>console.log('ready'))`],
  {},
  /ready/,
);
// The same response as Sitrep's, headers too (its security headers, ETag, caching and length): what
// serving these bytes costs any Node server, so that the gap left is Sitrep's own work per request.
const sitrepHeaders: string[] = [];
(await fetch(storyUrl, { headers: { 'accept-encoding': 'identity' } })).headers.forEach((value, name) => {
  if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) sitrepHeaders.push(name, value);
});
const headersFile = join(ROOT, 'data', 'bench-web-headers.json');
writeFileSync(headersFile, JSON.stringify(sitrepHeaders));
const sameHeadersPort = await freePort();
const sameHeaders = await startChild(
  ['-e', `const b=require('fs').readFileSync(${JSON.stringify(pageFile)});const h=JSON.parse(require('fs').readFileSync(${JSON.stringify(headersFile)},'utf8'));require('http').createServer((q,s)=>{s.writeHead(200,h);s.end(b)}).listen(${sameHeadersPort},'127.0.0.1',()=>console.log('ready'))`],
  {},
  /ready/,
);
const fillerPort = await freePort();
const filler = await startChild(
  ['-e', `const b=Buffer.alloc(${size},'x');require('http').createServer((q,s)=>{s.writeHead(200,{'content-type':'text/html; charset=utf-8'});s.end(b)}).listen(${fillerPort},'127.0.0.1',()=>console.log('ready'))`],
  {},
  /ready/,
);
try {
  if (process.env.SEARCH_ONLY && WRK) {
    // Only search under wrk load, on this store and on SEARCH_STORES.
    pin(sitrep, 0);
    await searchUnderLoad(`${stats.articles.toLocaleString('en')} articles`, `http://127.0.0.1:${port}`, names);
    for (const extra of (process.env.SEARCH_STORES ?? '').split(',').filter(Boolean)) await searchOnStore(extra);
    for (const child of [sitrep, plain, plainBr, filler, sameHeaders]) child.kill();
    process.exit(0);
  }
  if (process.env.INGEST_ONLY && WRK) {
    // Only the write-load section, against one round of the plain server alone.
    pin(plain, 0);
    const alone = await wrk(`http://127.0.0.1:${plainPort}/`, CONNECTIONS);
    console.log(wrkLine('plain node http, alone', alone));
    await underIngest(alone.rps);
    for (const child of [sitrep, plain, plainBr, filler, sameHeaders]) child.kill();
    process.exit(0);
  }
  if (process.env.WRK_ONLY && WRK) {
    await wrkStoryPage();
    for (const child of [sitrep, plain, plainBr, filler, sameHeaders]) child.kill();
    process.exit(0);
  }
  console.log(`\n${CONNECTIONS} connections, ${DURATION} s each, page ${(size / 1024).toFixed(1)} KiB; servers in their own processes (2 cores shared with autocannon)`);
  const a = await load('plain node http, same page bytes', `http://127.0.0.1:${plainPort}/`);
  await load('(plain node http, same-size filler)', `http://127.0.0.1:${fillerPort}/`);
  const b = await load('sitrep cached story page', storyUrl);
  const typicalUrl = `http://127.0.0.1:${port}/stories/${typical.slug}`;
  const typicalSize = Buffer.byteLength(await (await fetch(typicalUrl, { headers: { 'accept-encoding': 'identity' } })).text());
  await load(`sitrep typical story (${(typicalSize / 1024).toFixed(0)} KiB)`, typicalUrl);
  const c = await load('sitrep search (10,000 articles)', `http://127.0.0.1:${port}`, queries);
  const ratio = b.requests.average / a.requests.average;
  console.log(`\nstory page: ${ratio.toFixed(2)}× the plain server's req/s (goal ≥ 0.50), p99 ${b.latency.p99} ms (goal ≤ 10 ms)`);
  console.log(`search: ${c.requests.average.toFixed(0)} req/s over ${stats.articles} articles (goal ≥ 1,000), p99 ${c.latency.p99} ms`);

  if (WRK) {
    const pr = await wrkStoryPage();
    await searchUnderLoad(`${stats.articles.toLocaleString('en')} articles`, `http://127.0.0.1:${port}`, names);
    for (const extra of (process.env.SEARCH_STORES ?? '').split(',').filter(Boolean)) await searchOnStore(extra);
    if (!process.env.SKIP_INGEST) await underIngest(pr);
  } else console.log('\nwrk not installed (apt-get install wrk): the native load-generator rounds are skipped');
} finally {
  sitrep.kill();
  plain.kill();
  plainBr.kill();
  filler.kill();
}

/**
 * The cached story page under wrk: each server alone on CPU 0, wrk alone on CPU 1, the servers in
 * turn, three rounds alternating, medians; then the brotli bytes a browser gets, and a check that the
 * generator was not the limit. Returns the plain server's median req/s.
 */
async function wrkStoryPage(): Promise<number> {
  // Each server alone on CPU 0, wrk alone on CPU 1; the two servers measured in turn, three rounds
  // alternating, medians reported.
  pin(sitrep, 0);
  pin(plain, 0);
  pin(sameHeaders, 0);
  console.log(`\nwrk (1 thread, ${CONNECTIONS} connections, ${WRK_SECONDS} s), ${TASKSET ? 'servers pinned to CPU 0, wrk to CPU 1' : 'no taskset: unpinned'}; same page bytes, three rounds, alternating`);
  const plainRuns: WrkResult[] = [];
  const sitrepRuns: WrkResult[] = [];
  const headerRuns: WrkResult[] = [];
  for (let round = 0; round < 3; round++) {
    plainRuns.push(await wrk(`http://127.0.0.1:${plainPort}/`, CONNECTIONS));
    console.log(wrkLine(`plain node http, round ${round + 1}`, plainRuns.at(-1)!));
    headerRuns.push(await wrk(`http://127.0.0.1:${sameHeadersPort}/`, CONNECTIONS));
    console.log(wrkLine(`plain, Sitrep's headers, round ${round + 1}`, headerRuns.at(-1)!));
    sitrepRuns.push(await wrk(storyUrl, CONNECTIONS));
    console.log(wrkLine(`sitrep cached story page, round ${round + 1}`, sitrepRuns.at(-1)!));
  }
  // Compressed, as browsers ask for it: the same brotli bytes from both.
  pin(plainBr, 0);
  const brPlain: WrkResult[] = [];
  const brSitrep: WrkResult[] = [];
  for (let round = 0; round < 3; round++) {
    brPlain.push(await wrk(`http://127.0.0.1:${plainBrPort}/`, CONNECTIONS, 1, ['Accept-Encoding: br']));
    console.log(wrkLine(`plain node http (br), round ${round + 1}`, brPlain.at(-1)!));
    brSitrep.push(await wrk(storyUrl, CONNECTIONS, 1, ['Accept-Encoding: br']));
    console.log(wrkLine(`sitrep story page (br), round ${round + 1}`, brSitrep.at(-1)!));
  }
  const two = await wrk(`http://127.0.0.1:${plainPort}/`, CONNECTIONS, 2);
  console.log(wrkLine('plain node http, two generators', two));
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const pr = med(plainRuns.map((r) => r.rps));
  const sr = med(sitrepRuns.map((r) => r.rps));
  const hr = med(headerRuns.map((r) => r.rps));
  console.log(`\nwrk medians: sitrep ${sr.toFixed(0)} req/s, plain ${pr.toFixed(0)} req/s: ${(sr / pr).toFixed(2)}× (goal ≥ 0.9); sitrep p99 ${med(sitrepRuns.map((r) => r.p99)).toFixed(2)} ms (goal ≤ 5 ms)`);
  console.log(`  the plain server sending Sitrep's own headers too (${sitrepHeaders.length / 2} of them): ${hr.toFixed(0)} req/s, ${(hr / pr).toFixed(2)}× the plain server; Sitrep ${(sr / hr).toFixed(2)}× it (the rest is Sitrep's own work per request)`);
  const bp = med(brPlain.map((r) => r.rps));
  const bs = med(brSitrep.map((r) => r.rps));
  console.log(`wrk medians, brotli (${(brBytes.length / 1024).toFixed(1)} KiB): sitrep ${bs.toFixed(0)} req/s, plain ${bp.toFixed(0)} req/s: ${(bs / bp).toFixed(2)}×; sitrep p99 ${med(brSitrep.map((r) => r.p99)).toFixed(2)} ms, p99.9 ${med(brSitrep.map((r) => r.p999)).toFixed(2)} ms (generator at most ${(Math.max(...[...brPlain, ...brSitrep].map((r) => r.cpu)) * 100).toFixed(0)}% of its core)`);
  const cpu = Math.max(...[...plainRuns, ...sitrepRuns, ...headerRuns].map((r) => r.cpu));
  console.log(`generator check: wrk used at most ${(cpu * 100).toFixed(0)}% of its core; two generators (sharing that core) drove the plain server to ${(two.rps / pr).toFixed(2)}× one generator's rate.`);
  console.log(
    cpu > 0.9
      ? '  The generator is near the limit of its core on the plain server: the plain rate, and so the ratio, are bounds (the plain server may go faster; Sitrep is at least this close). Two cores leave no third for a second generator.'
      : '  The generator had CPU to spare: the servers are the limit.',
  );
  return pr;
}

/**
 * The cached story page while `sitrep ingest` polls FEEDS (1,000) feeds into the store it is served
 * from: a copy of the bench store, served by its own Sitrep process (pinned to CPU 0 as above), the
 * ingest unpinned, as it would run beside the site. Measured: wrk on the story page and on the plain
 * server during the ingest; then, until the ingest ends, the first request after each new store
 * generation (the page rebuilt from the new state), found by reading the generation every 10 ms.
 */
async function underIngest(plainAlone: number): Promise<void> {
  const copy = join(ROOT, 'data', 'bench-web-ingest.db');
  for (const x of ['', '-wal', '-shm']) rmSync(`${copy}${x}`, { force: true });
  const source = await openStore({ path: dbPath });
  await source.backupTo(copy);
  await source.close();
  const feeds = Number(process.env.FEEDS ?? 1000);
  const items = Number(process.env.ITEMS ?? 10);
  const server = fork(join(import.meta.dirname, 'ingest-server.ts'), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, FEEDS: String(feeds), ITEMS: String(items) } });
  const urls = await new Promise<string[]>((resolve) => server.once('message', (m: { urls: string[] }) => resolve(m.urls)));
  const target = await openStore({ path: copy });
  for (const u of urls) await target.addSource(u);
  await target.close();
  const port2 = await freePort();
  const site = await startChild([join(ROOT, 'bin', 'sitrep.js'), 'serve', '--port', String(port2)], { SITREP_DB: copy }, /serving http/);
  pin(site, 0);
  const url = `http://127.0.0.1:${port2}/stories/${biggest.slug}`;
  for (let i = 0; i < 3; i++) await (await fetch(url)).arrayBuffer();
  const quiet = await wrk(url, CONNECTIONS);
  console.log(`\nunder write load: a copy of the store, its own Sitrep process; \`sitrep ingest\` of ${feeds} feeds × ${items} items (unpinned, sharing the two cores)`);
  console.log(wrkLine('sitrep, no ingest (this copy)', quiet));
  const t0 = performance.now();
  const ingest = spawn(process.execPath, [join(ROOT, 'bin', 'sitrep.js'), 'ingest'], { env: { ...process.env, SITREP_DB: copy, SITREP_ALLOW_PRIVATE: '1', SITREP_LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  let ingestDone = false;
  const ended = new Promise<void>((resolve) => ingest.once('exit', () => ((ingestDone = true), resolve())));
  await new Promise((r) => setTimeout(r, 1000));
  const during = await wrk(url, CONNECTIONS);
  console.log(wrkLine(`sitrep during the ingest${ingestDone ? ' (it ended within the run)' : ''}`, during));
  const plainDuring = await wrk(`http://127.0.0.1:${plainPort}/`, CONNECTIONS);
  console.log(wrkLine(`plain node http during the ingest${ingestDone ? ' (it had ended)' : ''}`, plainDuring));
  // The first request after each new generation, until the ingest ends (at most PROBE_SECONDS, 120).
  const db = new Database(copy, { readonly: true, fileMustExist: true });
  const generation = () => (db.prepare('SELECT generation FROM site_state WHERE id = 1').get() as { generation: number }).generation;
  const firsts: number[] = [];
  let seen = generation();
  const deadline = performance.now() + Number(process.env.PROBE_SECONDS ?? 120) * 1000;
  while (!ingestDone && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    let g: number;
    try {
      g = generation();
    } catch {
      continue; // the writer holds a lock for a moment
    }
    if (g === seen) continue;
    seen = g;
    const a = performance.now();
    await (await fetch(url)).arrayBuffer();
    firsts.push(performance.now() - a);
  }
  db.close();
  if (!ingestDone) ingest.kill('SIGKILL'); // a round under way would otherwise finish first
  await ended;
  const secs = (performance.now() - t0) / 1000;
  site.kill();
  server.send('stop');
  for (const x of ['', '-wal', '-shm']) rmSync(`${copy}${x}`, { force: true });
  const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
  console.log(`  ingest ran ${secs.toFixed(0)} s; first request after a new generation: ${firsts.length} generations, p50 ${q(firsts, 50).toFixed(1)} ms, p99 ${q(firsts, 99).toFixed(1)} ms, max ${Math.max(...firsts, 0).toFixed(1)} ms (goal < 50 ms)`);
  console.log(`under write load: sitrep ${during.rps.toFixed(0)} req/s = ${(during.rps / plainAlone).toFixed(2)}× the plain server alone (goal ≥ 0.8), ${(during.rps / plainDuring.rps).toFixed(2)}× the plain server under the same ingest; p99 ${during.p99.toFixed(2)} ms`);
}
