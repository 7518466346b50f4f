// npm run bench:ingest — poll 1,000 feeds of 50 items from local servers (a separate process) with
// Sitrep's ingester (fetch, parse, canonicalise, dedupe, store in SQLite; feeds read inline, the
// default, and again in one worker thread) and, in the same run, with a plain loop of rss-parser over the same feeds;
// report feeds/s, items/s, medians and peak RSS (the process's, worker threads included).
// Options: FEEDS, ITEMS, HOSTS (environment), --rounds N (default 3).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Parser from 'rss-parser';
import { openStore } from '../src/store/index.js';
import { HostLimiter, fetchUrl, parseFeed, pollDueSources } from '../src/ingest/index.js';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? 3) || 3;
const server = fork(join(import.meta.dirname, 'ingest-server.ts'), [], { execArgv: ['--import', 'tsx'], env: process.env });
const urls = await new Promise<string[]>((resolve) => server.once('message', (m: { urls: string[] }) => resolve(m.urls)));
const itemsPerFeed = Number(process.env.ITEMS ?? 50);

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;


async function runSitrep(readers?: number): Promise<{ secs: number; items: number; rss: number; failed: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-'));
  const store = await openStore({ path: join(dir, 'bench.db') });
  for (const u of urls) await store.addSource(u);
  peak = process.memoryUsage().rss;
  const t0 = performance.now();
  const results = await pollDueSources(store, { fetch: { allowPrivate: true }, fetchPages: false, robots: false, concurrency: 32, limiter: new HostLimiter(8, 0), readers });
  const secs = (performance.now() - t0) / 1000;
  const items = (await store.stats()).articles;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { secs, items, rss: peak, failed: results.filter((r) => !r.ok).length };
}

async function runRssParser(parallel: number): Promise<{ secs: number; items: number; rss: number }> {
  const parser = new Parser();
  peak = process.memoryUsage().rss;
  const t0 = performance.now();
  let items = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < urls.length) {
        const feed = await parser.parseURL(urls[next++]!);
        items += feed.items.length;
      }
    }),
  );
  return { secs: (performance.now() - t0) / 1000, items, rss: peak };
}

/** Sitrep's fetcher and feed parser alone, like for like with rss-parser (no text, dedupe or store). */
async function runSitrepParseOnly(parallel: number): Promise<{ secs: number; items: number; rss: number }> {
  peak = process.memoryUsage().rss;
  const t0 = performance.now();
  let items = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const doc = await fetchUrl(url, { allowPrivate: true });
        items += parseFeed(doc.body, doc.finalUrl).items.length;
      }
    }),
  );
  return { secs: (performance.now() - t0) / 1000, items, rss: peak };
}

const sitrep: Awaited<ReturnType<typeof runSitrep>>[] = [];
const sitrepWorker: Awaited<ReturnType<typeof runSitrep>>[] = [];
const parseOnly: Awaited<ReturnType<typeof runRssParser>>[] = [];
const loop: Awaited<ReturnType<typeof runRssParser>>[] = [];
const pooled: Awaited<ReturnType<typeof runRssParser>>[] = [];
for (let r = 0; r < rounds; r++) {
  sitrep.push(await runSitrep(0));
  sitrepWorker.push(await runSitrep(1));
  parseOnly.push(await runSitrepParseOnly(1));
  loop.push(await runRssParser(1));
  pooled.push(await runRssParser(32));
}
clearInterval(sampler);
server.send('stop');

const line = (name: string, runs: { secs: number; items: number; rss: number }[], extra = '') => {
  const s = median(runs.map((r) => r.secs));
  const items = runs[0]!.items;
  // RSS of the first round: later rounds start with what earlier phases left on the heap.
  console.log(`  ${name.padEnd(34)} ${(urls.length / s).toFixed(0).padStart(6)} feeds/s ${(items / s).toFixed(0).padStart(7)} items/s  median ${s.toFixed(2)} s over ${runs.length} rounds  peak RSS ${mb(runs[0]!.rss)} (round 1)${extra}`);
  return items / s;
};
console.log(`\ningest: ${urls.length} feeds × ${itemsPerFeed} items from ${process.env.HOSTS ?? 10} local hosts (server in its own process)`);
const a = line('sitrep (fetch+parse+dedupe+SQLite)', sitrep, `  stored ${sitrep[0]!.items}, failing ${sitrep[0]!.failed}`);
const w = line('sitrep, 1 feed-reader worker thread', sitrepWorker);
const p = line('sitrep fetch+parse only, plain loop', parseOnly);
const b = line('rss-parser, plain loop', loop);
const c = line('rss-parser, 32 at a time (no store)', pooled);
console.log(`ingest ${a.toFixed(0)} items/s | rss-parser loop ${b.toFixed(0)} (${(a / b).toFixed(2)}x) | rss-parser pooled ${c.toFixed(0)} (${(a / c).toFixed(2)}x) | with SITREP_FEED_READERS=1 ${w.toFixed(0)} (${(w / b).toFixed(2)}x) | parse only: sitrep ${p.toFixed(0)} vs rss-parser ${b.toFixed(0)} (${(p / b).toFixed(2)}x)`);
process.exit(0);
