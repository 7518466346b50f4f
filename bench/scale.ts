// npm run bench:scale — a year of a large desk. Builds a synthetic year (bench/scale-corpus.ts:
// sentence mixes of the shared corpora over 365 days, 1,000 sources, three stories that reach 20,000+
// reports at 200,000 articles) and runs the pipeline on it in daily increments, on SQLite and, when a
// database URL is given, on PostgreSQL. At each checkpoint it measures, each in the same way:
//   - one run adding 500 articles (insert, analyse, cluster, compose), in a process of its own, with
//     that process's peak RSS;
//   - the largest story's new version: one more report of it, run the same way;
//   - the store's size on disk; search p95 over 200 distinct queries; the largest story's page p99
//     (cached, under wrk in a server process of its own) and its first render.
// Environment: SCALE_MAX (default 200000), SCALE_CHECKPOINTS (default 10000,50000,100000,200000),
// SCALE_STORES (sqlite,postgres), SCALE_DATABASE_URL or SITREP_TEST_DATABASE_URL for PostgreSQL,
// SCALE_STOP to stop after that checkpoint (a store of its own), SCALE_RESUME=1 to go on from the SQLite store an earlier run left (its checkpoints not measured again).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'kysely';
import { analyzePending, clusterPending, composeChanged } from '../src/pipeline/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { WRK, freePort, pin, startChild, wrk } from './wrk.js';
import { EVAL, articleAt, perDay } from './scale-corpus.js';

if (!existsSync(EVAL)) {
  console.log(`bench:scale skipped: ${EVAL} not found (the synthetic year is made of the shared corpora)`);
  process.exit(0);
}
const MAX = Number(process.env.SCALE_MAX ?? 200_000);
const CHECKPOINTS = (process.env.SCALE_CHECKPOINTS ?? '10000,50000,100000,200000').split(',').map(Number).filter((n) => n > 500 && n <= MAX);
// SCALE_STOP: measure the checkpoints up to this one only (a year of SCALE_MAX, cut short).
const STOP = Number(process.env.SCALE_STOP ?? MAX);
if (!CHECKPOINTS.includes(MAX)) CHECKPOINTS.push(MAX);
if (STOP < MAX) CHECKPOINTS.splice(0, CHECKPOINTS.length, ...CHECKPOINTS.filter((c) => c <= STOP));
const PG_URL = process.env.SCALE_DATABASE_URL ?? process.env.SITREP_TEST_DATABASE_URL;
const KINDS = (process.env.SCALE_STORES ?? 'sqlite,postgres').split(',').filter((k) => k === 'sqlite' || (k === 'postgres' && PG_URL));
const RUN = 500;
// SCALE_RESUME=1: keep the SQLite store of an earlier run of the same SCALE_MAX and go on from it.
const RESUME = process.env.SCALE_RESUME === '1';
// The measured runs get the heap limit docs/service.md gives `sitrep run` (SCALE_HEAP_MB=0: none).
const HEAP_MB = Number(process.env.SCALE_HEAP_MB ?? 768);
const ROOT = join(import.meta.dirname, '..');

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/** One measured run in its own process: what it took and its peak RSS. */
function child(where: string, from: number, count: number, ...flags: string[]): { ms: Record<string, number>; written: number; maxRssMb: number } {
  const heap = HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : [];
  const r = spawnSync(process.execPath, [...heap, '--import', 'tsx', join(ROOT, 'bench', 'scale-run.ts'), where, String(from), String(count), String(MAX), ...flags], { encoding: 'utf8', cwd: ROOT, maxBuffer: 16 << 20 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`scale-run failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(line);
}

async function storeSize(kind: string, store: Store, path: string): Promise<number> {
  if (kind === 'sqlite') return ['', '-wal'].reduce((n, s) => n + (existsSync(path + s) ? statSync(path + s).size : 0), 0);
  const { rows } = await sql<{ n: string }>`SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS n FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = current_schema() AND c.relkind = 'r'`.execute(store.db);
  return Number(rows[0]!.n);
}

/**
 * Search p95 over distinct queries (each one a page the cache has not seen) and the largest story's
 * page, from the site as `sitrep serve` runs it: a process of its own on CPU 0 (this process holds the
 * fill's heap; a server in it, or a client, pays for its collections). The story page's p99 is wrk's
 * (one connection, requests one after another, wrk on CPU 1) where wrk is installed, else 500
 * requests from here.
 */
async function measureSite(where: string, slug: string): Promise<{ searchP95: number; searchP50: number; pageP99: number; pageFirst: number; pageBy: string }> {
  const port = await freePort();
  const server = await startChild([join(ROOT, 'bin', 'sitrep.js'), 'serve', '--port', String(port)], where.startsWith('postgres') ? { DATABASE_URL: where } : { SITREP_DB: where }, /serving http/);
  pin(server, 0);
  const base = `http://127.0.0.1:${port}`;
  try {
    const words = ['oil', 'spill', 'flu', 'vaccine', 'protest', 'army', 'bank', 'crisis', 'talks', 'election', 'minister', 'police', 'court', 'president', 'virus', 'troops', 'market', 'health', 'water', 'gas'];
    const search: number[] = [];
    for (let q = 0; q < 200; q++) {
      const query = `${words[q % words.length]} ${words[(q * 7 + 3) % words.length]}`;
      const t0 = performance.now();
      const res = await fetch(`${base}/search?q=${encodeURIComponent(query)}&page=${1 + Math.floor(q / 100)}`);
      await res.arrayBuffer();
      search.push(performance.now() - t0);
    }
    const t0 = performance.now();
    const first = await fetch(`${base}/stories/${slug}`);
    await first.arrayBuffer();
    if (first.status !== 200) throw new Error(`story page ${slug}: ${first.status}`);
    const pageFirst = performance.now() - t0;
    let pageP99: number;
    if (WRK) {
      const r = await wrk(`${base}/stories/${slug}`, 1, 1, [], [], 5);
      if (r.errors) throw new Error(`story page ${slug} under wrk: ${r.errors} errors`);
      pageP99 = r.p99;
    } else {
      const page: number[] = [];
      for (let k = 0; k < 500; k++) {
        const t1 = performance.now();
        await (await fetch(`${base}/stories/${slug}`)).arrayBuffer();
        page.push(performance.now() - t1);
      }
      pageP99 = pct(page, 99);
    }
    return { searchP95: pct(search, 95), searchP50: pct(search, 50), pageP99, pageFirst, pageBy: WRK ? 'wrk' : 'fetch' };
  } finally {
    server.kill();
    await once(server, 'exit');
  }
}

interface Row { kind: string; articles: number; runMs: number; runRss: number; largest: number; largestMs: number; largestRss: number; sizeMb: number; searchP95: number; searchP50: number; pageP99: number; pageFirst: number; fillRss: number }
const rows: Row[] = [];

for (const kind of KINDS) {
  let where: string;
  let path = '';
  let schema = '';
  if (kind === 'sqlite') {
    mkdirSync(join(ROOT, 'data'), { recursive: true });
    path = join(ROOT, 'data', STOP < MAX ? `bench-scale-${MAX}-to-${STOP}.db` : `bench-scale-${MAX}.db`);
    if (!RESUME) for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    where = path;
  } else {
    schema = `sitrep_scale_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await admin.end();
    where = `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
  const store = await openStore(kind === 'sqlite' ? { path } : { databaseUrl: where });
  console.log(`\n${kind}: a year of ${MAX} articles, ${perDay(MAX)} a day; checkpoints ${CHECKPOINTS.join(', ')}`);
  const t0 = performance.now();
  let at = 0;
  if (RESUME && kind === 'sqlite') {
    // Go on from the year's articles the store already holds (a run stopped part-way); checkpoints
    // it has passed are not measured again.
    at = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM articles WHERE url NOT LIKE '%/retold/%'`.execute(store.db)).rows[0]!.n);
    console.log(`  resuming at ${at} articles`);
  }
  for (const checkpoint of CHECKPOINTS) {
    if (checkpoint <= at) continue;
    // Fill day by day (this process) up to 500 short of the checkpoint: analysed and clustered daily,
    // as the desk does; composed once at the end (the daily versions in between are not measured, and
    // composing every changed story every day would make the fill take hours). Then the measured runs.
    let now = new Date(0);
    while (at < checkpoint - RUN - 1) {
      const n = Math.min(perDay(MAX), checkpoint - RUN - 1 - at);
      const batch = Array.from({ length: n }, (_, k) => articleAt(at + k, MAX));
      now = new Date(batch[batch.length - 1]!.published!);
      await store.insertBatch(batch.map((article) => ({ article, simhash: null })), []);
      await analyzePending(store);
      await clusterPending(store, { clock: () => now });
      at += n;
      if (at % 10_000 < n) console.log(`  ${at} articles after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const tc = performance.now();
    await composeChanged(store, { clock: () => now });
    console.log(`  ${at} articles composed after ${((performance.now() - t0) / 1000).toFixed(0)} s (${((performance.now() - tc) / 1000).toFixed(0)} s composing)`);
    const run = child(where, at, RUN);
    at += RUN;
    // The largest story's new version: one more of its reports.
    const one = child(where, at, 1, '--largest');
    const [largestId, { articles: largestSize }] = [...(await store.storyDigests({ status: 'active' }))].sort((a, b) => b[1].articles - a[1].articles)[0]!;
    const largest = { slug: (await store.getStory(largestId))!.slug, articleIds: { length: largestSize } };
    const site = await measureSite(where, largest.slug);
    const row: Row = { kind, articles: at, runMs: run.ms.analyze! + run.ms.cluster! + run.ms.compose! + run.ms.insert!, runRss: run.maxRssMb, largest: largest.articleIds.length, largestMs: one.ms.cluster! + one.ms.compose!, largestRss: one.maxRssMb, sizeMb: (await storeSize(kind, store, path)) / 1e6, ...site, fillRss: Math.round(process.resourceUsage().maxRSS / 1024) };
    rows.push(row);
    console.log(`  at ${at}: run of ${RUN} ${row.runMs} ms (${JSON.stringify(run.ms)}, ${run.written} briefings written), peak RSS ${row.runRss} MB; largest story ${row.largest} articles, its next version ${row.largestMs} ms (${JSON.stringify(one.ms)}), ${row.largestRss} MB; store ${row.sizeMb.toFixed(0)} MB; search p50 ${site.searchP50.toFixed(1)} / p95 ${site.searchP95.toFixed(1)} ms; story page p99 ${site.pageP99.toFixed(2)} ms by ${site.pageBy} (first ${site.pageFirst.toFixed(0)} ms)`);
  }
  await store.close();
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

// Workers: analysis is per article, so N worker processes (sitrep worker with REDIS_URL, each analysing
// what its polls stored) share it; clustering and composing stay one at a time. Measured here as N
// processes each analysing its share of 2,000 new articles in one SQLite store, wall clock.
const WORKERS = (process.env.SCALE_WORKERS ?? '1,2,4').split(',').map(Number).filter((n) => n > 0);
const workerRows: { n: number; secs: number; rate: number }[] = [];
if (WORKERS.length) {
  const base = join(ROOT, 'data', 'bench-scale-workers.db');
  const pending = Math.min(2000, MAX);
  for (const n of WORKERS) {
    for (const s of ['', '-wal', '-shm']) rmSync(base + s, { force: true });
    const store = await openStore({ path: base });
    await store.insertBatch(Array.from({ length: pending }, (_, k) => ({ article: articleAt(k, MAX), simhash: null })), []);
    await store.close();
    const t0 = performance.now();
    const children = Array.from({ length: n }, (_, k) =>
      new Promise<void>((resolve, reject) => {
        const c = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'scale-run.ts'), base, '-', '-', '-', `--share=${k}/${n}`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
        c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${k}/${n} exited ${code}`))));
      }),
    );
    await Promise.all(children);
    const secs = (performance.now() - t0) / 1000;
    const check = await openStore({ path: base });
    const left = (await check.unanalyzedArticleIds()).length;
    await check.close();
    if (left) throw new Error(`${left} articles left unanalysed with ${n} workers`);
    workerRows.push({ n, secs, rate: pending / secs });
  }
  for (const s of ['', '-wal', '-shm']) rmSync(base + s, { force: true });
}

console.log(`\nbench:scale (SCALE_MAX=${MAX}; each run of ${RUN} and each largest-story version in its own process${HEAP_MB > 0 ? `, --max-old-space-size=${HEAP_MB}` : ''})`);
console.log('store     articles  run of 500   peak RSS  largest story  its version  peak RSS  store size  search p50/p95  story page p99 (first)');
for (const r of rows) {
  console.log(
    `${r.kind.padEnd(9)} ${String(r.articles).padStart(8)}  ${`${r.runMs} ms`.padStart(10)}  ${`${r.runRss} MB`.padStart(8)}  ${String(r.largest).padStart(13)}  ${`${r.largestMs} ms`.padStart(11)}  ${`${r.largestRss} MB`.padStart(8)}  ${`${r.sizeMb.toFixed(0)} MB`.padStart(10)}  ${`${r.searchP50.toFixed(1)}/${r.searchP95.toFixed(1)} ms`.padStart(14)}  ${`${r.pageP99.toFixed(2)} ms (${r.pageFirst.toFixed(0)} ms)`.padStart(16)}`,
  );
}
for (const kind of KINDS) {
  const mine = rows.filter((r) => r.kind === kind);
  if (mine.length < 2) continue;
  const [first, last] = [mine[0]!, mine[mine.length - 1]!];
  console.log(`${kind}: a run of 500 costs ${(last.runMs / first.runMs).toFixed(2)}x at ${last.articles} what it costs at ${first.articles} (goal <= 1.5x); peak RSS of any measured run ${Math.max(...mine.flatMap((r) => [r.runRss, r.largestRss]))} MB (goal <= 1024); the fill process peaked at ${last.fillRss} MB`);
}
if (workerRows.length) {
  const one = workerRows.find((r) => r.n === 1) ?? workerRows[0]!;
  console.log(`analysis by worker processes (${Math.min(2000, MAX)} new articles, one SQLite store, ${availableParallelism()} cores; process start included):`);
  for (const r of workerRows) console.log(`  ${r.n} worker${r.n > 1 ? 's' : ' '}  ${r.secs.toFixed(1).padStart(6)} s  ${r.rate.toFixed(0).padStart(5)} articles/s  speed-up ${(r.rate / one.rate).toFixed(2)}x`);
}
