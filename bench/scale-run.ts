// One measured pipeline run of bench:scale, in a process of its own so that its peak RSS is its own:
// insert articles [from, from + count) of the synthetic year, then analyse, cluster and compose, as
// `sitrep run` does after a poll. Prints one JSON line.
//   tsx bench/scale-run.ts STORE FROM COUNT TOTAL [--largest]
//   tsx bench/scale-run.ts STORE - - - --share=K/N
// STORE is a SQLite path or a postgres:// URL.
import { performance } from 'node:perf_hooks';
import { analyzePending, clusterPending, composeChanged } from '../src/pipeline/index.js';
import { openStore } from '../src/store/index.js';
import { articleAt } from './scale-corpus.js';
import { articleId } from '../src/ingest/index.js';
import { fnv1a } from '../src/text/fnv.js';

const [where, fromArg, countArg, totalArg] = process.argv.slice(2);
// --share K/N: analyse every N-th pending article from the K-th, and nothing else (one of N workers).
const share = process.argv.find((a) => /^--share=\d+\/\d+$/.test(a));
if (share) {
  const [k, n] = share.slice(8).split('/').map(Number) as [number, number];
  const store = await openStore(where!.startsWith('postgres') ? { databaseUrl: where! } : { path: where! });
  // Shared out by the id itself, not by its place in the pending list: a worker that starts later sees
  // a shorter list (the others have begun), and places would shift under it and leave articles to nobody.
  const mine = (await store.unanalyzedArticleIds()).filter((id) => fnv1a(id) % n === k);
  const t0 = performance.now();
  const r = await analyzePending(store, {}, mine);
  await store.close();
  console.log(JSON.stringify({ analyzed: r.analyzed, ms: Math.round(performance.now() - t0) }));
  process.exit(0);
}
const from = Number(fromArg);
const count = Number(countArg);
const total = Number(totalArg);
const store = await openStore(where!.startsWith('postgres') ? { databaseUrl: where! } : { path: where! });
const ms: Record<string, number> = {};
/** Peak RSS (MB) by the end of each stage: where the memory goes. */
const peaks: Record<string, number> = {};
const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    ms[name] = Math.round(performance.now() - t0);
    peaks[name] = Math.round(process.resourceUsage().maxRSS / 1024);
  }
};
let articles = Array.from({ length: count }, (_, k) => articleAt(from + k, total));
// --largest: one more report of the largest live story (its newest, retold), so that the run is that
// story's next version.
if (process.argv.includes('--largest')) {
  const largest = (await store.listStories({ status: 'active' })).sort((a, b) => b.articleIds.length - a.articleIds.length)[0]!;
  const [newest] = (await store.listArticles({ ids: largest.articleIds.slice(-20) })).slice(-1);
  const url = `https://bench.invalid/scale/retold/${from}`;
  articles = [{ ...newest!, id: articleId(url), url, canonical: url, published: articles[0]!.published, fetchedAt: articles[0]!.fetchedAt }];
}
// The newest article time is the pipeline's "now": the year is replayed, not lived.
const now = articles.reduce((m, a) => (a.published! > m ? a.published! : m), '');
const clock = () => new Date(now);
await timed('insert', () => store.insertBatch(articles.map((article) => ({ article, simhash: null })), []));
await timed('analyze', () => analyzePending(store));
await timed('cluster', () => clusterPending(store, { clock }));
const written = await timed('compose', () => composeChanged(store, { clock }));
await store.close();
console.log(JSON.stringify({ ms, peaks, written, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
