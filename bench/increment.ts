// npm run bench:increment — what one pipeline run costs on a large store when a few articles arrive:
// analyse, cluster and compose five new articles on bench:web's store (10,000 articles), with each
// story's saved state (clusterer state and related-story profile) and, in the same run, with that
// state wiped before each round, so every live story is rebuilt from its articles as before it was
// kept. Reports the median over rounds. Then the pipeline's clustering throughput: the same store's
// 10,000 articles clustered afresh in one run, store writes included (goal: 500 articles/s).
// Needs `npm run bench:web` once to build the store.
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { analyzePending, clusterPending, composeChanged } from '../src/pipeline/index.js';
import { openStore, type Store } from '../src/store/index.js';

const src = join(import.meta.dirname, '..', 'data', 'bench-web-10000.db');
if (!existsSync(src)) {
  console.log(`bench:increment skipped: ${src} not found (npm run bench:web builds it)`);
  process.exit(0);
}
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? 5) || 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function copy(name: string): Promise<Store> {
  const path = `/tmp/sitrep-bench-increment-${name}.db`;
  for (const s of ['', '-wal', '-shm']) {
    rmSync(path + s, { force: true });
    if (existsSync(src + s)) copyFileSync(src + s, path + s);
  }
  return openStore({ path });
}

const saved = await copy('saved');
const rebuilt = await copy('rebuilt');
// Both stores' first run brings them to the same point: saved state for every live story, and the
// stories that the newest articles leave quiet marked dormant.
const active = await saved.listStories({ status: 'active' });
const donors = await saved.listArticles({ ids: active.slice(0, 5).map((s) => s.articleIds[0]!) });
const times = { saved: { cluster: [] as number[], compose: [] as number[] }, rebuilt: { cluster: [] as number[], compose: [] as number[] } };
for (let round = 0; round <= rounds; round++) {
  for (const [name, store] of [['saved', saved], ['rebuilt', rebuilt]] as const) {
    const fresh = donors.map((a, i) => ({ ...a, id: `inc${round}-${i}`, url: `https://bench.invalid/increment/${round}/${i}`, canonical: null }));
    await store.insertBatch(fresh.map((article) => ({ article, simhash: null })), []);
    if (name === 'rebuilt' && round > 0) await sql`UPDATE stories SET cluster_state = NULL, profile = NULL, profile_digest = NULL`.execute(store.db);
    await analyzePending(store);
    const t0 = performance.now();
    await clusterPending(store);
    const t1 = performance.now();
    await composeChanged(store);
    const t2 = performance.now();
    // Round 0 upgrades the copied store (every story rebuilt once, in both): not counted.
    if (round > 0) {
      times[name].cluster.push(t1 - t0);
      times[name].compose.push(t2 - t1);
    }
  }
}
const stats = await saved.stats();
console.log(`\nincrement: 5 new articles per round on a store of ${stats.articles} articles, ${stats.stories} stories (${(await saved.listStories({ status: 'active' })).length} live); median of ${rounds} rounds`);
for (const name of ['saved', 'rebuilt'] as const) {
  const c = median(times[name].cluster);
  const w = median(times[name].compose);
  console.log(`  ${name === 'saved' ? 'saved story state (default)' : 'every live story rebuilt from its articles'}`.padEnd(48) + ` cluster ${c.toFixed(0).padStart(5)} ms  compose ${w.toFixed(0).padStart(5)} ms  total ${(c + w).toFixed(0).padStart(5)} ms`);
}
const s = times.saved;
const r = times.rebuilt;
console.log(`increment: saved state ${(median(s.cluster) + median(s.compose)).toFixed(0)} ms per run vs rebuilt ${(median(r.cluster) + median(r.compose)).toFixed(0)} ms (${((median(r.cluster) + median(r.compose)) / (median(s.cluster) + median(s.compose))).toFixed(1)}x)`);
await saved.close();
await rebuilt.close();

// Every article of the store clustered afresh, in publication order, by the pipeline's clusterPending.
const fresh = await copy('fresh');
await sql`UPDATE articles SET story_id = NULL`.execute(fresh.db);
for (const table of ['story_entities', 'story_search', 'briefings', 'stories'] as const) await sql`DELETE FROM ${sql.table(table)}`.execute(fresh.db);
const t0 = performance.now();
const all = await clusterPending(fresh);
const secs = (performance.now() - t0) / 1000;
console.log(`cluster afresh: ${all.clustered} articles into ${all.created} stories (${all.merged} merged) in ${secs.toFixed(1)} s: ${(all.clustered / secs).toFixed(0)} articles/s, store reads and writes included | goal >= 500 articles/s`);
await fresh.close();
for (const name of ['saved', 'rebuilt', 'fresh']) for (const x of ['', '-wal', '-shm']) rmSync(`/tmp/sitrep-bench-increment-${name}.db${x}`, { force: true });
