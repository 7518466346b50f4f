import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSample } from '../src/demo/sample.js';
import { startFixtureServer, type FixtureServer } from '../src/demo/fixture-server.js';
import { Jobs } from '../src/jobs/index.js';
import { openStore, type Store } from '../src/store/index.js';

// Scale-out on a real Redis: SITREP_TEST_REDIS_URL names a server (.ci/run starts one on 127.0.0.1).
// Two workers share one store and the queues; each run uses its own key prefix.
const REDIS = process.env.SITREP_TEST_REDIS_URL;
if (!REDIS) {
  if (process.env.CI) throw new Error('Redis tests: SITREP_TEST_REDIS_URL is not set; .ci/run starts a server and sets it');
  console.warn('Redis tests skipped: set SITREP_TEST_REDIS_URL=redis://127.0.0.1:6379 to run them');
}

let fixtures: FixtureServer;
let store: Store;
let jobs: Jobs;
let dir: string;

beforeAll(async () => {
  if (!REDIS) return;
  dir = mkdtempSync(join(tmpdir(), 'sitrep-jobs-'));
  fixtures = await startFixtureServer();
  store = await openStore({ path: join(dir, 'sitrep.db') });
  jobs = new Jobs({ redisUrl: REDIS, prefix: `sitrep-test-${process.pid}-${Date.now()}` });
});

afterAll(async () => {
  if (!REDIS) return;
  await jobs?.poll.obliterate({ force: true }).catch(() => {});
  await jobs?.process.obliterate({ force: true }).catch(() => {});
  await jobs?.close();
  await store?.close();
  await fixtures?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!REDIS)('jobs on Redis (BullMQ)', () => {
  it('polls every due source once and processes what they brought, across two workers', async () => {
    for (const f of fixtures.feedUrls) await store.addSource(f.url, { outlet: f.outlet });
    const events: string[] = [];
    const pipeline = { poll: { fetch: { allowPrivate: true } } };
    const workers = [jobs.startWorker(store, { pipeline, onEvent: (e) => events.push(`w1 ${e}`) }), jobs.startWorker(store, { pipeline, onEvent: (e) => events.push(`w2 ${e}`) })];
    try {
      expect(await jobs.enqueueDue(store)).toBe(3);
      // Asking again before the polls ran adds nothing: one job per source and due time.
      await jobs.enqueueDue(store);
      await jobs.drained(60_000);
      const reports = loadSample().reports;
      expect(await store.stats()).toEqual({ sources: 3, failingSources: 0, articles: reports.length, stories: new Set(reports.map((r) => r.story)).size });
      for (const s of await store.listStories()) expect(await store.latestBriefing(s.id)).not.toBeNull();
      expect(events.filter((e) => / poll /.test(e))).toHaveLength(3);
      // Each poll job analyses what it stored (workers analyse in parallel); the one-at-a-time process
      // jobs analyse only what a poll had not got to yet.
      expect(await store.unanalyzedArticleIds()).toEqual([]);
      const byProcess = events.flatMap((e) => /process: (\d+) analysed/.exec(e)?.[1] ?? []).reduce((n, x) => n + Number(x), 0);
      expect(byProcess).toBeLessThan(reports.length);
      expect(events.some((e) => /process: \d+ analysed, \d+ clustered/.test(e))).toBe(true);
      // Nothing is due now: a second round queues nothing and changes nothing.
      expect(await jobs.enqueueDue(store)).toBe(0);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});
