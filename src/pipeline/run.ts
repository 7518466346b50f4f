import { createHash } from 'node:crypto';
import type { AudienceProfile, Briefing, Entity, Product, SectionRule, Story } from '../model/index.js';
import type { Store, StoredArticle, StoredClusterState, StoryProfile } from '../store/index.js';
import { formatDigest } from '../store/digest.js';
import { analyzeText } from '../analyze/index.js';
import { DEFAULT_AUDIENCE, composeBriefing, inComposeOrder, pickProducts, rewriteBriefing, type ComposeArticle, type WriterConfig } from '../compose/index.js';
import { pollDueSources, type PollOptions, type PollResult } from '../ingest/index.js';
import { OnlineClusterer, articleVector, clusterNames, mergeStoryEntities, rankRelated, type ClusterInput, type ClusterOptions, type RelatedCandidate } from '../stories/index.js';
import { errorMessage } from '../errors.js';
import type { Clock } from '../clock.js';
import { topTerms } from '../stories/vectors.js';
import { slugify } from './slug.js';
import { citedIn, composeBudgetFromEnv, composeCapFromEnv, composeUpdateCapFromEnv, composeWindow, coverageOf, needsWindow, updateWindow, type Coverage } from './compose-window.js';
import { deliverAlerts, evaluateAlerts, type DeliveryOptions } from '../alerts/index.js';
import { storyIndex } from './story-index.js';

export interface PipelineOptions {
  poll?: PollOptions;
  catalogue?: Product[];
  audience?: AudienceProfile;
  taxonomy?: SectionRule[];
  /** Clustering thresholds (join, merge, dormancy); the defaults are the benchmarked ones. */
  cluster?: ClusterOptions;
  /** Articles a run reads at once when clustering and composing (default 2,000): bounds its memory. */
  articlesPerRead?: number;
  /** Articles one briefing is composed from, at most (default 600, SITREP_COMPOSE_MAX_ARTICLES): a longer story is read through a window. */
  composeMaxArticles?: number;
  /** Reports past which a story's next version is composed as an update of its last (default 200, SITREP_COMPOSE_UPDATE_ARTICLES): from what is new and what the last version cites. */
  composeUpdateArticles?: number;
  /** Bytes of stored text and analysis one briefing is composed from, at most (default 32 MB, SITREP_COMPOSE_MAX_MB). */
  composeMaxBytes?: number;
  /** An OpenAI-compatible endpoint that rewrites briefings in prose (checked against the sources); none: extractive only. */
  writer?: WriterConfig | null;
  /** Progress callback: stage name, done, total. */
  onProgress?: (stage: string, done: number, total: number) => void;
  onWarning?: (message: string) => void;
  /** "Now" for story and briefing stamps; default the store's clock, the desk's one. */
  clock?: Clock;
  /**
   * Stop early once aborted (a service shutting down): no new source is polled, no new article
   * analysed, no new story composed; what is under way commits. What is left is picked up by the
   * next run, as work that was never started.
   */
  signal?: AbortSignal;
  /** How long each stage took, for metrics (poll, analyze, cluster, compose). */
  onStage?: (stage: 'poll' | 'analyze' | 'cluster' | 'compose', seconds: number) => void;
  /** Where watchlist alerts go out from (webhooks, email); none: alerts are recorded (feeds, pages) and sent by another process. */
  alerts?: DeliveryOptions | null;
}

export interface PipelineReport {
  polled: PollResult[];
  analyzed: number;
  analyzeErrors: string[];
  clustered: number;
  storiesCreated: number;
  /** Stories merged into an older one they converged with. */
  storiesMerged: number;
  /** Stories that went quiet and take no more articles. */
  storiesDormant: number;
  briefingsWritten: number;
  /** Watchlist alerts raised by the new briefing versions (passed their threshold). */
  alertsRaised: number;
  /** Alert messages sent (a digest counts once), and failed sends (retried later). */
  alertsSent: number;
  alertsFailed: number;
}

const clusterInput = (a: StoredArticle): ClusterInput => ({
  id: a.id,
  title: a.title,
  text: a.text,
  published: a.published,
  entities: clusterNames(a.analysis?.entities ?? []),
});

/** The digest of a story with no articles (the store lists digests of stories with some). */
const EMPTY_DIGEST = formatDigest(0, 0).digest;

/** Articles read at once when clustering and composing (a page of new articles; a group of changed stories). */
const ARTICLES_PER_GROUP = 2000;
const BYTES_PER_GROUP = 40 << 20;

/**
 * Analyse every article not analysed yet (or, given `only`, those of them: a worker analyses what its
 * own poll stored, so several workers analyse in parallel). One bad article is recorded and skipped.
 */
export async function analyzePending(store: Store, opts: PipelineOptions = {}, only?: string[]): Promise<{ analyzed: number; errors: string[] }> {
  const pending = only ?? (await store.unanalyzedArticleIds());
  const errors: string[] = [];
  let done = 0;
  // A page of texts at a time (see articlesPerRead), not every new article at once.
  const perRead = opts.articlesPerRead ?? ARTICLES_PER_GROUP;
  for (let page = 0; page < pending.length; page += perRead) {
    if (opts.signal?.aborted) break;
    for (const a of await store.listArticles({ ids: pending.slice(page, page + perRead) })) {
      if (opts.signal?.aborted) break;
      if (a.analysis) continue; // analysed meanwhile (by another worker)
      try {
        await store.setAnalysis(a.id, analyzeText(`${a.text}`, { published: a.published, now: new Date(a.fetchedAt) }));
      } catch (err) {
        errors.push(`${a.url}: ${errorMessage(err)}`);
      }
      done++;
      opts.onProgress?.('analyze', done, pending.length);
    }
  }
  return { analyzed: done - errors.length, errors };
}

/**
 * Put every unclustered, analysed article into a story; existing stories keep their ids. Only live
 * (active) stories are loaded and can take articles. Each live story's clusterer state (the running
 * sum of its members' vectors) is kept with it, so a run reads the articles of new and changed
 * stories only: its cost grows with the new articles, not with the store. Stories that converge merge
 * into the older one (`mergedInto`, the younger's address redirects), and stories quiet for longer
 * than the clusterer's dormancy window are marked dormant.
 */
export async function clusterPending(store: Store, opts: PipelineOptions = {}): Promise<{ clustered: number; created: number; merged: number; dormant: number }> {
  const pending = await store.unclusteredArticleIds();
  // Nothing new: no story can join, merge or go quiet (quiet is measured against the newest article),
  // so the live stories need not be loaded.
  if (pending.length === 0) return { clustered: 0, created: 0, merged: 0, dormant: 0 };
  // The live stories' rows and the digests of their article sets (taken by the store: no story's
  // article ids are read unless its saved state is stale).
  const stories = await store.listStories({ status: 'active', articleIds: false });
  const digests = await store.storyDigests({ status: 'active' });
  const saved = await store.clusterStates();
  // A story without a saved state, or whose articles changed since it was saved (a store from before
  // saved states), is rebuilt from its articles, once.
  const stale = stories.filter((s) => saved.get(s.id)?.digest !== (digests.get(s.id)?.digest ?? EMPTY_DIGEST));
  const byId = new Map<string, StoredArticle>();
  const staleMembers = new Map<string, string[]>();
  for (let i = 0; i < stale.length; i += 200) {
    const heads = await store.storyArticleHeads(stale.slice(i, i + 200).map((s) => s.id));
    for (const [id, list] of heads) staleMembers.set(id, list.map((h) => h.id));
    for (const a of await store.listArticles({ ids: [...heads.values()].flatMap((list) => list.map((h) => h.id)) })) byId.set(a.id, a);
  }
  // When each story's first article was published: the tie-break for which of two stories is older.
  const first = new Map(stories.map((s) => [s.id, saved.get(s.id)?.first ?? byId.get(staleMembers.get(s.id)?.[0] ?? '')?.published ?? '']));
  // Oldest first (created, then first published), so that of two stories that merge the older keeps its id.
  stories.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || first.get(a.id)!.localeCompare(first.get(b.id)!) || a.id.localeCompare(b.id));
  const clusterer = new OnlineClusterer(opts.cluster ?? {}, () => `st_${createHash('sha1').update(`${pending[0]!}-${Math.random()}`).digest('hex').slice(0, 10)}`);
  const known = new Map<string, Story>();
  for (const s of stories) {
    const members = staleMembers.get(s.id);
    if (members) clusterer.restore(s.id, members.map((id) => byId.get(id)).filter((a): a is StoredArticle => !!a).map(clusterInput));
    else clusterer.resume(s.id, new Map(saved.get(s.id)!.sum), saved.get(s.id)!.lastSeen);
    known.set(s.id, s);
  }
  const staleIds = new Set(stale.map((s) => s.id));
  const touched = new Set(staleIds);
  let created = 0;
  let done = 0;
  const now = (opts.clock ?? store.clock)();
  const at = now.toISOString();
  // Written together at the end, in one transaction (see Store.saveClustering).
  const changedStories = new Map<string, Story>();
  const assignments: { articleId: string; storyId: string }[] = [];
  const slugsThisRun = new Set<string>();
  // The new articles a page at a time, oldest first: a first run over tens of thousands of articles
  // holds one page of texts and analyses, not all of them.
  const perRead = opts.articlesPerRead ?? ARTICLES_PER_GROUP;
  for (let page = 0; page < pending.length; page += perRead) {
    for (const a of await store.listArticles({ ids: pending.slice(page, page + perRead) })) {
      const mergesBefore = clusterer.merges.length;
      const state = clusterer.add(clusterInput(a));
      touched.add(state.id);
      const published = a.published ?? '';
      if (published && (!first.get(state.id) || published < first.get(state.id)!)) first.set(state.id, published);
      for (const m of clusterer.merges.slice(mergesBefore)) {
        const gone = first.get(m.from) ?? '';
        if (gone && (!first.get(m.into) || gone < first.get(m.into)!)) first.set(m.into, gone);
      }
      if (!known.has(state.id)) {
        let slug = slugify(a.title ?? a.text.slice(0, 60));
        if (slugsThisRun.has(slug) || (await store.slugTaken(slug))) slug = `${slug}-${state.id.slice(3, 9)}`;
        slugsThisRun.add(slug);
        const story: Story = { id: state.id, slug, title: a.title ?? slug, articleIds: [], createdAt: at, updatedAt: at, status: 'active' };
        known.set(state.id, story);
        changedStories.set(state.id, story);
        created++;
      } else if (!changedStories.has(state.id)) {
        changedStories.set(state.id, { ...known.get(state.id)!, updatedAt: at });
      }
      assignments.push({ articleId: a.id, storyId: state.id });
      done++;
      opts.onProgress?.('cluster', done, pending.length);
    }
  }
  await store.saveClustering([...changedStories.values()], assignments);
  for (const m of clusterer.merges) await store.mergeStory(m.from, m.into, at);
  // Quiet measured against the newest article seen (not the clock), so an archive imported today
  // clusters as it was published; never past the clock, so a misdated article cannot end every story.
  const quiet = clusterer.dormantAt(Math.min(clusterer.newest, now.getTime())).map((s) => s.id);
  await store.markDormant(quiet);
  // Saved last: a run that stops part-way leaves these stories stale, and the next rebuilds them.
  // Each state carries the digest of the article set it was built from, as the store now holds it.
  const quietIds = new Set(quiet);
  const states = new Map<string, StoredClusterState>();
  const saving = clusterer.stories.filter((s) => touched.has(s.id) && !quietIds.has(s.id));
  const savedDigests = await store.storyDigests({ ids: saving.map((s) => s.id) });
  for (const s of saving) states.set(s.id, { digest: savedDigests.get(s.id)?.digest ?? EMPTY_DIGEST, sum: [...s.sum], lastSeen: s.lastSeen, first: first.get(s.id) ?? '' });
  await store.setClusterStates(states);
  return { clustered: done, created, merged: clusterer.merges.length, dormant: quiet.length };
}

/** The catalogue shelves are picked from: an editor's imported one (admin), else the configured one. */
async function catalogueInEffect(store: Store, opts: Pick<PipelineOptions, 'catalogue'>): Promise<Product[]> {
  const stored = await store.listCatalogue();
  return stored.length ? stored : (opts.catalogue ?? []);
}

/**
 * Re-pick the product shelf of every current briefing from the catalogue, as after an editor imports
 * one. The shelf is not news, so no new version is written: the current one's shelf is replaced.
 */
export async function reshelveStories(store: Store, opts: Pick<PipelineOptions, 'catalogue' | 'audience'> = {}): Promise<number> {
  const catalogue = await catalogueInEffect(store, opts);
  const audience = opts.audience ?? DEFAULT_AUDIENCE;
  let changed = 0;
  for (const b of await store.latestBriefings()) {
    // The articles the briefing was composed from (a window of a long story), not every one.
    const arts = await store.listArticles({ ids: b.sources.map((x) => x.id) });
    // The same story text the briefing's shelf was first picked from.
    const text = arts.map((a) => `${a.title ?? ''}\n${a.text}`).join(' ');
    const products = pickProducts(catalogue, { tags: b.tags, keywords: b.keywords, text, audience });
    if (JSON.stringify(products) === JSON.stringify(b.products)) continue;
    await store.setBriefingProducts(b.storyId, b.version, products);
    changed++;
  }
  return changed;
}

/** Terms and names kept in a story's profile: what related-story ranking compares. */
const PROFILE_TERMS = 120;
const PROFILE_ENTITIES = 60;

/** Stories sharing names with a changed story that are compared for its related links, at most. */
const RELATED_BY_NAME = 200;

/**
 * Write a new briefing version for every story whose articles changed since its last version.
 *
 * A run reads the articles of changed stories only, told apart by the digest of the article set
 * each story's stored profile (its heaviest terms and names) was taken from. A changed story's
 * related stories are ranked among the live stories and the 200 stories sharing the most of its
 * names (from the entity index), by their stored profiles: not among every story ever written.
 * Reading every story's articles instead made a run with nothing new take 3.5 s and 700 MB on a
 * store of 10,000 articles, growing with the store.
 */
export async function composeChanged(store: Store, opts: PipelineOptions = {}): Promise<number> {
  const stories = (await store.listStories({ articleIds: false })).filter((s) => s.status !== 'merged');
  const stored = await store.profileDigests();
  // The digest of each story's article set, taken by the store (no article id is read to find the
  // changed stories), and how many articles it has.
  const digests = await store.storyDigests();
  const digestOf = (id: string) => digests.get(id)?.digest ?? EMPTY_DIGEST;
  const sizeOf = (s: Story) => digests.get(s.id)?.articles ?? 0;
  // A story without a profile (a store from before profiles) is read once and checked against its
  // last briefing, so an upgrade does not rewrite every briefing.
  const stale = stories.filter((s) => sizeOf(s) > 0 && stored.get(s.id) !== digestOf(s.id));
  // What each changed story is composed from (compose-window.ts): all its articles; for a story
  // past the update cap with a last version, what is new since it and what it cites (an update);
  // for one past the cap in articles or bytes without one, a window of them. Its coverage (reports,
  // outlets, first and last day) is still counted over all of them, from their cheap columns.
  const cap = opts.composeMaxArticles ?? composeCapFromEnv();
  const budget = opts.composeMaxBytes ?? composeBudgetFromEnv();
  const updateCap = opts.composeUpdateArticles ?? composeUpdateCapFromEnv();
  const plan = new Map<string, { ids: string[]; bytes: number }>();
  const coverage = new Map<string, Coverage>();
  for (let i = 0; i < stale.length; ) {
    // Heads of several small stories in one read, of a large one in its own.
    const batch: Story[] = [];
    for (let n = 0; i < stale.length && (batch.length === 0 || n + sizeOf(stale[i]!) <= 5000); i++) {
      batch.push(stale[i]!);
      n += sizeOf(stale[i]!);
    }
    const headsOf = await store.storyArticleHeads(batch.map((s) => s.id));
    for (const s of batch) {
      const heads = headsOf.get(s.id) ?? [];
      let ids = heads.map((h) => h.id);
      if (needsWindow(heads, Math.min(cap, updateCap), budget)) {
        const last = await store.latestBriefing(s.id);
        const cited = citedIn(last);
        const windowed =
          updateWindow(heads, last && { read: new Set(last.sources.map((x) => x.id)), cited, composedAt: last.updatedAt ?? null }, updateCap, cap, budget) ??
          (needsWindow(heads, cap, budget) ? composeWindow(heads, cited, cap, budget) : null);
        if (windowed) {
          ids = windowed;
          coverage.set(s.id, coverageOf(heads));
        }
      }
      const bytesOf = new Map(heads.map((h) => [h.id, h.bytes]));
      plan.set(s.id, { ids, bytes: ids.reduce((n, id) => n + (bytesOf.get(id) ?? 0), 0) });
    }
  }
  // The changed stories in groups of about 2,000 articles and 40 MB, each group's articles read,
  // used and let go before the next (a first run over 10,000 articles held them all: 1.7 GB at its
  // peak; at 200,000 articles one group of 2,583 held 168 MB of stored analysis).
  const groups: Story[][] = [];
  for (let i = 0, size = 0, bytes = 0; i < stale.length; i++) {
    if (groups.length === 0 || size >= (opts.articlesPerRead ?? ARTICLES_PER_GROUP) || bytes >= BYTES_PER_GROUP) {
      groups.push([]);
      size = bytes = 0;
    }
    groups[groups.length - 1]!.push(stale[i]!);
    size += plan.get(stale[i]!.id)!.ids.length;
    bytes += plan.get(stale[i]!.id)!.bytes;
  }
  const readGroup = async (group: Story[]) => {
    const byStory = new Map<string, ComposeArticle[]>();
    const ids = group.flatMap((s) => plan.get(s.id)!.ids);
    for (const a of await store.listArticles({ ids })) {
      if (!a.storyId || !a.analysis) continue;
      const list = byStory.get(a.storyId);
      if (list) list.push(a as ComposeArticle);
      else byStory.set(a.storyId, [a as ComposeArticle]);
    }
    return byStory;
  };
  // Each changed story's profile (its heaviest terms and names) is taken from the articles it is
  // composed from, in the same pass: related stories are ranked once every changed story's new profile
  // is known (each sees the others'), after all are composed, and the others' profiles are read from
  // the store as needed. (Before, a run of several groups read every group twice: once for the
  // profiles, then whole to compose; 6.5 s of a run of 500 at 200,000 articles.)
  const profiles = new Map<string, StoryProfile>();
  const profileOf = (id: string, arts: ComposeArticle[], entities: Entity[]): StoryProfile => {
    const vector = new Map<string, number>();
    for (const a of arts) for (const [t, x] of articleVector({ id: a.id, title: a.title, text: a.text, published: a.published, entities: clusterNames(a.analysis.entities) })) vector.set(t, (vector.get(t) ?? 0) + x);
    return {
      digest: digestOf(id),
      terms: [...topTerms(vector, PROFILE_TERMS)],
      entities: entities.filter((e) => e.type !== 'OTHER').slice(0, PROFILE_ENTITIES).map((e) => ({ name: e.name, type: e.type })),
    };
  };
  const catalogue = await catalogueInEffect(store, opts);
  // What a changed story's new version is until its related stories are ranked: the briefing, and its
  // entity rows and search document (a few KB, and some hundreds for a long story's entity rows).
  const composed: { story: Story; briefing: Briefing; index: ReturnType<typeof storyIndex> }[] = [];
  const unchanged: string[] = [];
  let done = 0;
  // The group in hand lives in one variable, emptied before the next read: a binding left to the
  // next iteration kept the group before alive through the read (two groups at the peak).
  let byStory: Map<string, ComposeArticle[]> | null = null;
  for (const group of groups) {
    if (opts.signal?.aborted) break;
    byStory = null;
    byStory = await readGroup(group);
    for (const s of group) {
      if (opts.signal?.aborted) break;
      // In the order a briefing reads them, so that the merged entities are the ones it would merge.
      const arts = inComposeOrder(byStory.get(s.id) ?? []);
      done++;
      opts.onProgress?.('compose', done, stale.length);
      const entities = mergeStoryEntities(arts.map((a) => a.analysis.entities));
      profiles.set(s.id, profileOf(s.id, arts, entities));
      const prev = await store.latestBriefing(s.id);
      const known = new Set(prev?.sources.map((x) => x.id));
      const same = prev && !coverage.has(s.id) && prev.sources.length === arts.length && arts.every((a) => known.has(a.id));
      if (arts.length === 0 || same) {
        unchanged.push(s.id);
        continue;
      }
      let b = composeBriefing({
        storyId: s.id,
        articles: arts,
        entities,
        previous: prev,
        related: [],
        catalogue,
        audience: opts.audience,
        taxonomy: opts.taxonomy,
        now: (opts.clock ?? store.clock)(),
        coverage: coverage.get(s.id),
      });
      if (opts.writer) {
        const { briefing, report } = await rewriteBriefing(b, arts, opts.writer);
        if (report.error) opts.onWarning?.(`writer: ${report.error}; ${s.slug} stays extractive`);
        b = briefing;
      }
      composed.push({ story: s, briefing: b, index: storyIndex(b, arts as StoredArticle[], entities) });
    }
  }
  byStory = null;
  const byId = new Map(stories.map((s) => [s.id, s]));
  const live = stories.filter((s) => s.status === 'active').map((s) => s.id);
  const candidateOf = new Map<string, RelatedCandidate>();
  const candidatesFor = async (self: string): Promise<RelatedCandidate[]> => {
    const slugs = profiles.get(self)!.entities.map((e) => slugify(e.name)).filter(Boolean);
    const ids = new Set([...live, ...(await store.storiesSharingEntities(slugs, self, RELATED_BY_NAME))]);
    ids.add(self);
    const missing = [...ids].filter((id) => !profiles.has(id));
    for (const [id, p] of await store.storyProfiles(missing)) profiles.set(id, p);
    return [...ids].flatMap((id) => {
      let c = candidateOf.get(id);
      const p = profiles.get(id);
      if (!c && p) candidateOf.set(id, (c = { storyId: id, entities: p.entities, vector: new Map(p.terms) }));
      return c ? [c] : [];
    });
  };
  let written = 0;
  for (const { story: s, briefing: b, index } of composed) {
    if (opts.signal?.aborted) break;
    const candidates = await candidatesFor(s.id);
    const self = candidates.find((c) => c.storyId === s.id)!;
    b.related = rankRelated(self, candidates).map((r) => {
      const other = byId.get(r.storyId)!;
      return { storyId: other.id, headline: other.title, url: `/stories/${other.slug}`, reason: r.reason };
    });
    await store.saveBriefing(b);
    await store.saveStory({ ...s, title: b.headline, updatedAt: b.updatedAt });
    await store.indexStory(s.id, index.entities, index.doc);
    written++;
    // Last, so a run that stops part-way finds this story stale again and finishes it.
    await store.setStoryProfile(s.id, profiles.get(s.id)!);
  }
  if (!opts.signal?.aborted) for (const id of unchanged) await store.setStoryProfile(id, profiles.get(id)!);
  return written;
}

/** One pass of the whole pipeline: poll due sources, analyse, cluster, compose. */
export async function runPipeline(store: Store, opts: PipelineOptions = {}): Promise<PipelineReport> {
  let polledCount = 0;
  const timed = async <T>(stage: 'poll' | 'analyze' | 'cluster' | 'compose', work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      opts.onStage?.(stage, (performance.now() - t0) / 1000);
    }
  };
  const polled = await timed('poll', () => pollDueSources(store, { ...opts.poll, signal: opts.signal, onResult: () => { polledCount++; opts.onProgress?.('ingest', polledCount, 0); } }));
  // A round is in once its due sources were polled (readiness reads its age).
  if (!opts.signal?.aborted) await store.markPollRound();
  const empty = { polled, analyzed: 0, analyzeErrors: [], clustered: 0, storiesCreated: 0, storiesMerged: 0, storiesDormant: 0, briefingsWritten: 0, alertsRaised: 0, alertsSent: 0, alertsFailed: 0 };
  if (opts.signal?.aborted) return empty;
  const { analyzed, errors } = await timed('analyze', () => analyzePending(store, opts));
  if (opts.signal?.aborted) return { ...empty, analyzed, analyzeErrors: errors };
  const { clustered, created, merged, dormant } = await timed('cluster', () => clusterPending(store, opts));
  const briefingsWritten = await timed('compose', () => composeChanged(store, opts));
  const alerts = await runAlerts(store, opts);
  return { polled, analyzed, analyzeErrors: errors, clustered, storiesCreated: created, storiesMerged: merged, storiesDormant: dormant, briefingsWritten, ...alerts };
}

/**
 * Score the briefing versions written since the last look against the watchlists, record the alerts
 * (before anything is sent), then send what is due. A failure here is reported, never the run's end:
 * the alerts wait in the store for the next run.
 */
export async function runAlerts(store: Store, opts: Pick<PipelineOptions, 'alerts' | 'signal' | 'onWarning'>): Promise<{ alertsRaised: number; alertsSent: number; alertsFailed: number }> {
  const out = { alertsRaised: 0, alertsSent: 0, alertsFailed: 0 };
  try {
    out.alertsRaised = (await evaluateAlerts(store)).raised;
    if (opts.alerts && !opts.signal?.aborted) {
      const d = await deliverAlerts(store, { ...opts.alerts, signal: opts.signal, onWarning: opts.alerts.onWarning ?? opts.onWarning });
      out.alertsSent = d.messages;
      out.alertsFailed = d.failed;
    }
  } catch (err) {
    opts.onWarning?.(`alerts: ${errorMessage(err)} (they wait in the store for the next run)`);
  }
  return out;
}
