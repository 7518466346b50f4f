import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer } from '../src/demo/fixture-server.js';
import { loadSampleCatalogue } from '../src/demo/sample.js';
import { ingestSample, sampleClock } from '../src/demo/replay.js';
import type { Clock } from '../src/clock.js';
import { openStore, type Store } from '../src/store/index.js';
import { startServer, type RunningServer } from '../src/web/index.js';

export interface SampleSite {
  store: Store;
  dbPath: string;
  site: RunningServer;
  close(): Promise<void>;
}

/**
 * The whole path a user runs with `npm start`: a feed server on 127.0.0.1, ingestion through the real
 * fetcher into a real SQLite file, analysis, clustering, briefings (two rounds, so every story has two
 * versions), and the site on a random port.
 */
export async function startSampleSite(options: { open?: (clock: Clock) => Promise<Store> } = {}): Promise<SampleSite> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-site-'));
  const clock = sampleClock();
  const fixtures = await startFixtureServer({ upTo: () => clock().toISOString() });
  const dbPath = join(dir, 'sitrep.db');
  const store = options.open ? await options.open(clock) : await openStore({ path: dbPath, clock });
  for (const f of fixtures.feedUrls) await store.addSource(f.url, { outlet: f.outlet });
  await ingestSample(store, clock, { poll: { fetch: { allowPrivate: true } }, catalogue: loadSampleCatalogue() });
  const site = await startServer(store, { port: 0, notice: 'SAMPLE DATA' });
  return {
    store,
    dbPath,
    site,
    close: async () => {
      await site.close();
      await store.close();
      await fixtures.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
