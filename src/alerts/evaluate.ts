import type { AlertBody, Briefing, Watch } from '../model/index.js';
import type { Store } from '../store/index.js';
import { matchesWatch, scoreUpdate } from './significance.js';
import { AlertStore } from './store.js';

export interface EvaluateReport {
  /** Briefing versions scored against the watchlists. */
  versions: number;
  /** Alerts recorded that passed their watchlist's threshold (and go out). */
  raised: number;
  /** Matching updates recorded below their threshold (kept with their reasons, not sent). */
  below: number;
}

/**
 * Score every briefing version written since the last evaluation against every watchlist older than
 * it, and record the matching ones as alerts, with their deliveries, before anything is sent. The
 * cursor moves only after the alerts are in: a crash in between scores the versions again, and the
 * store's one-alert-per-watchlist-and-version rule keeps that from recording any twice. A run that
 * wrote no briefing scores nothing and raises nothing.
 */
export async function evaluateAlerts(store: Store): Promise<EvaluateReport> {
  const alerts = new AlertStore(store);
  const report: EvaluateReport = { versions: 0, raised: 0, below: 0 };
  const from = await alerts.cursor();
  // Every briefing row with written_gen <= `to` is committed: a row is written in the transaction
  // that moves the generation to its written_gen.
  const to = await store.generation();
  if (to <= from) return report;
  const watches = await alerts.listWatches();
  if (watches.length) {
    const written = await alerts.writtenBetween(from, to);
    report.versions = written.length;
    const queryHits = new Map<number, Set<string>>();
    const storyIdsOf = new Map<number, Set<string>>();
    for (const w of watches) {
      if (w.criteria.query) queryHits.set(w.id, new Set(await store.searchStories(w.criteria.query)));
      if (w.criteria.story) {
        // A watched story that merged into another is followed there.
        const ids = new Set([w.criteria.story]);
        const s = await store.getStory(w.criteria.story);
        if (s?.mergedInto) ids.add(s.mergedInto);
        storyIdsOf.set(w.id, ids);
      }
    }
    for (const row of written) {
      const eligible = watches.filter((w) => row.gen > w.createdGen);
      if (!eligible.length) continue;
      const next = await store.briefingVersion(row.storyId, row.version);
      if (!next) continue;
      const entities = (await store.entityRows({ storyId: row.storyId })).map((e) => ({ name: e.name, aliases: e.aliases }));
      const matching = eligible.filter((w) =>
        matchesWatch(w.criteria, next, { entities, queryHit: w.criteria.query ? (queryHits.get(w.id)?.has(row.storyId) ?? false) : null, storyIds: storyIdsOf.get(w.id) ?? null }),
      );
      if (!matching.length) continue;
      const prev = next.version > 1 ? await store.briefingVersion(row.storyId, next.version - 1) : null;
      const slug = (await store.getStory(row.storyId))?.slug ?? row.storyId;
      for (const w of matching) {
        const sig = scoreUpdate(prev, next, w.criteria.entities);
        const passed = sig.score >= w.minScore && sig.reasons.length > 0;
        const id = await alerts.recordAlert(w, { storyId: row.storyId, version: next.version, score: sig.score, passed, body: alertBody(w, slug, next, sig) });
        if (id !== null) passed ? report.raised++ : report.below++;
      }
    }
  }
  await alerts.setCursor(to);
  return report;
}

function alertBody(w: Watch, slug: string, b: Briefing, sig: ReturnType<typeof scoreUpdate>): AlertBody {
  return {
    watch: w.name,
    storyId: b.storyId,
    story: slug,
    version: b.version,
    headline: b.headline,
    updatedAt: b.updatedAt,
    path: `/stories/${encodeURIComponent(slug)}?v=${b.version}`,
    reasons: sig.reasons,
    developments: sig.developments.slice(0, 20).map((t) => ({ date: t.date, text: t.text })),
    statements: sig.statements.slice(0, 10).map((q) => ({ speaker: q.speaker, role: q.role, quote: q.quote })),
  };
}
