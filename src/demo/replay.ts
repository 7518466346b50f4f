import { movableClock, type MovableClock } from '../clock.js';
import { runPipeline, type PipelineOptions, type PipelineReport } from '../pipeline/index.js';
import type { Store } from '../store/index.js';
import { AlertStore, parseWatch } from '../alerts/index.js';

/**
 * The watchlists the demo creates between its rounds: the ceasefire talks, by the two sides' names
 * and the word; and a prime minister, with a high threshold. The second round's updates are scored
 * against them (see `sitrep watch alerts 1 --all` on the demo's store).
 */
export const DEMO_WATCHES = [
  { name: 'Karvenia–Morland ceasefire talks', entities: ['Karvenia', 'Morland'], query: 'ceasefire' },
  // A higher bar: of the updates that mention him, only the ones that matter most.
  { name: 'Erik Halvorsen, major updates only', entities: ['Erik Halvorsen'], minScore: 5 },
];

/**
 * The demo is a replay of the sample's own days, not of today: its desk polls the sample feeds as of
 * the evening of 17 November (the first reports) and again as of the morning after the last one, so
 * every story has two briefing versions, and dates such as "updated 2 h ago" read the same whenever
 * the demo is run. After the last round the clock runs on at real speed.
 */
export const SAMPLE_ROUNDS = ['2026-11-18T00:00:00Z', '2026-11-23T08:00:00Z'] as const;

/** The clock a sample desk runs on: at its first round until `ingestSample` moves it. */
export function sampleClock(): MovableClock {
  return movableClock(SAMPLE_ROUNDS[0]);
}

/**
 * Poll the sample's feeds (already added as sources of `store`, whose clock is `clock`) in each round,
 * running the whole pipeline every time. The fixture server shows only reports published by the
 * desk's "now" (`upTo: () => clock().toISOString()`).
 */
export async function ingestSample(store: Store, clock: MovableClock, opts: PipelineOptions, onRound?: (r: PipelineReport) => void): Promise<PipelineReport[]> {
  const reports: PipelineReport[] = [];
  for (const [i, at] of SAMPLE_ROUNDS.entries()) {
    if (i === SAMPLE_ROUNDS.length - 1) await addDemoWatches(store);
    // Forward only: the sources were added as the first round began, and must be due in it.
    if (clock().getTime() < Date.parse(at)) clock.moveTo(at);
    const r = await runPipeline(store, opts);
    onRound?.(r);
    reports.push(r);
  }
  return reports;
}

async function addDemoWatches(store: Store): Promise<void> {
  const alerts = new AlertStore(store);
  const have = new Set((await alerts.listWatches()).map((w) => w.name));
  for (const w of DEMO_WATCHES) if (!have.has(w.name)) await alerts.addWatch(await parseWatch(w, store, false));
}
