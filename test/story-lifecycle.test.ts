import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../src/model/index.js';
import { articleVector, clusterNames, mergeStoryEntities, rankRelated, type RelatedCandidate } from '../src/stories/index.js';
import { analyzePending, clusterPending, composeChanged } from '../src/pipeline/index.js';
import { citedIn } from '../src/pipeline/compose-window.js';
import { openStore, type Store } from '../src/store/index.js';
import { fixedClock } from '../src/clock.js';
import { startServer } from '../src/web/index.js';
import { buildState, type SiteState } from '../src/web/site-state.js';
import { CONVERGING } from './fixtures/converging-stories.js';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitrep-lifecycle-'));
  store = await openStore({ path: join(dir, 'sitrep.db') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const article = (id: string, published: string, text: string, title: string | null = null): Article => {
  const url = `http://outlet.example/${id}`;
  return { id, sourceId: null, url, canonical: url, title, byline: null, published, modified: null, lang: 'en', siteName: null, description: null, image: null, text, outlet: 'Outlet', fetchedAt: published };
};

/** Store, analyse and cluster reports as the pipeline does, with the clock at `now`. */
async function arrive(reports: Article[], now: string, mergeThreshold = 0.4) {
  await store.insertBatch(reports.map((a) => ({ article: a, simhash: null })), []);
  await analyzePending(store);
  return clusterPending(store, { cluster: { mergeThreshold }, clock: fixedClock(now) });
}

describe('story lifecycle in the store (SQLite)', () => {
  it('merges converging stories into the older one, moves their articles and redirects the younger', async () => {
    const titled = CONVERGING.map((a, i) => article(a.id, a.published, a.text, i === 0 ? 'Explosion at Halden refinery' : i === 1 ? 'Mirow hospitals fill up' : null));
    const first = await arrive(titled.slice(0, 4), '2026-03-01T15:00:00Z');
    expect(first).toMatchObject({ clustered: 4, created: 2, merged: 0 });
    await composeChanged(store, { clock: fixedClock('2026-03-01T15:00:00Z') });
    const storyOf = async (id: string) => (await store.listArticles({ ids: [id] }))[0]!.storyId!;
    // The refinery's first report came first, so its story is the older one.
    const [keepId, goneId] = [await storyOf('a1'), await storyOf('b1')];
    expect(keepId).not.toBe(goneId);

    const second = await arrive(titled.slice(4), '2026-03-03T16:00:00Z');
    expect(second).toMatchObject({ clustered: 4, merged: 1 });
    const gone = (await store.getStory(goneId))!;
    expect(gone).toMatchObject({ status: 'merged', mergedInto: keepId, articleIds: [] });
    expect([...(await store.getStory(keepId))!.articleIds].sort()).toEqual(CONVERGING.map((a) => a.id).sort());
    expect((await store.listStories({ status: 'active' })).map((s) => s.id)).toEqual([keepId]);
    expect((await store.stats()).stories).toBe(1);
    expect(await composeChanged(store, { clock: fixedClock('2026-03-03T16:00:00Z') })).toBe(1);

    const site = await startServer(store, { port: 0 });
    try {
      const keep = (await store.getStory(keepId))!;
      const home = await (await fetch(`${site.url}/`)).text();
      expect(home).toContain(`/stories/${keep.slug}`);
      expect(home).not.toContain(`/stories/${gone.slug}"`);
      const page = await fetch(`${site.url}/stories/${gone.slug}`, { redirect: 'manual' });
      expect(page.status).toBe(301);
      expect(page.headers.get('location')).toBe(`/stories/${keep.slug}`);
      const api = await fetch(`${site.url}/api/v1/stories/${goneId}`, { redirect: 'manual' });
      expect(api.status).toBe(301);
      expect(api.headers.get('location')).toBe(`/api/v1/stories/${keepId}`);
      // Its own history stays readable.
      expect((await fetch(`${site.url}/stories/${gone.slug}?v=1`)).status).toBe(200);
    } finally {
      await site.close();
    }
  });

  it('marks quiet stories dormant; they take no more articles, and are no longer loaded to cluster', async () => {
    await arrive(CONVERGING.slice(0, 4).map((a) => article(a.id, a.published, a.text)), '2026-03-01T15:00:00Z');
    const before = await store.listStories({ status: 'active' });
    expect(before).toHaveLength(2);
    const other = 'Voters in Tarrin elected a new mayor on Sunday after a campaign dominated by housing costs and the future of the old tram depot.';
    const r = await arrive([article('c1', '2026-03-20T09:00:00Z', other)], '2026-03-20T10:00:00Z');
    expect(r).toMatchObject({ clustered: 1, created: 1, dormant: 2 });
    for (const s of before) expect((await store.getStory(s.id))!.status).toBe('dormant');
    // A late report on the refinery starts a story of its own rather than reopening the dormant one.
    const late = await arrive([article('a9', '2026-03-21T09:00:00Z', CONVERGING[2]!.text)], '2026-03-21T10:00:00Z');
    expect(late.created).toBe(1);
    const lateStory = (await store.listArticles({ ids: ['a9'] }))[0]!.storyId;
    expect(before.map((s) => s.id)).not.toContain(lateStory);
    // Dormant stories stay published.
    expect((await store.listStories()).filter((s) => s.status === 'dormant')).toHaveLength(2);
  });

  it('never marks a story dormant by the clock alone: an archive clusters as it was published', async () => {
    const r = await arrive(CONVERGING.slice(0, 4).map((a) => article(a.id, a.published, a.text)), '2026-11-26T10:00:00Z');
    expect(r.dormant).toBe(0);
    expect(await store.listStories({ status: 'active' })).toHaveLength(2);
  });
});

describe('briefing updates (SQLite)', () => {
  it('rewrites only the stories whose articles changed, reads only their articles, and ranks related stories as from the articles', async () => {
    const clock = fixedClock('2026-03-02T15:00:00Z');
    await arrive(CONVERGING.slice(0, 4).map((a) => article(a.id, a.published, a.text)), '2026-03-01T15:00:00Z', Infinity);
    expect(await composeChanged(store, { clock })).toBe(2);
    const listArticles = store.listArticles.bind(store);
    const read: string[] = [];
    const counting: typeof store.listArticles = async (filter = {}) => {
      read.push(...(filter.ids ?? ['(every article)']));
      return listArticles(filter);
    };

    // Nothing new: nothing is rewritten and no article is read.
    store.listArticles = counting;
    expect(await composeChanged(store, { clock })).toBe(0);
    expect(read).toEqual([]);

    // A report joins one story: only that story's articles are read, and only it gets a new version.
    store.listArticles = listArticles;
    const m1 = CONVERGING.find((a) => a.id === 'm1')!;
    await arrive([article(m1.id, m1.published, m1.text)], '2026-03-02T10:00:00Z', Infinity);
    const changed = (await store.getStory((await listArticles({ ids: ['m1'] }))[0]!.storyId!))!;
    const other = (await store.listStories()).find((s) => s.id !== changed.id)!;
    const otherVersion = (await store.latestBriefing(other.id))!.version;
    store.listArticles = counting;
    expect(await composeChanged(store, { clock })).toBe(1);
    expect([...read].sort()).toEqual([...changed.articleIds].sort());
    expect((await store.latestBriefing(other.id))!.version).toBe(otherVersion);
    expect((await store.latestBriefing(changed.id))!.version).toBe(2);

    // The related stories ranked from stored profiles are those ranked from every story's articles.
    store.listArticles = listArticles;
    const candidates: RelatedCandidate[] = [];
    for (const s of await store.listStories()) {
      const arts = await listArticles({ storyId: s.id });
      const vector = new Map<string, number>();
      for (const a of arts) for (const [t, x] of articleVector({ id: a.id, title: a.title, text: a.text, published: a.published, entities: clusterNames(a.analysis!.entities) })) vector.set(t, (vector.get(t) ?? 0) + x);
      candidates.push({ storyId: s.id, entities: mergeStoryEntities(arts.map((a) => a.analysis!.entities)), vector });
    }
    const expected = rankRelated(candidates.find((c) => c.storyId === changed.id)!, candidates).map((r) => r.storyId);
    expect(expected).toEqual([other.id]);
    expect((await store.latestBriefing(changed.id))!.related.map((r) => r.storyId)).toEqual(expected);
  });

  it('links a new story to an earlier, dormant one that shares its names', async () => {
    await arrive(CONVERGING.slice(0, 4).map((a) => article(a.id, a.published, a.text)), '2026-03-01T15:00:00Z', Infinity);
    await composeChanged(store, { clock: fixedClock('2026-03-01T15:00:00Z') });
    const refinery = (await store.listArticles({ ids: ['a1'] }))[0]!.storyId!;
    // Weeks later, a report on the refinery starts a story of its own; the first ones are dormant.
    const late = await arrive([article('a9', '2026-03-21T09:00:00Z', CONVERGING[2]!.text)], '2026-03-21T10:00:00Z', Infinity);
    expect(late).toMatchObject({ created: 1, dormant: 2 });
    expect(await composeChanged(store, { clock: fixedClock('2026-03-21T10:00:00Z') })).toBe(1);
    const lateStory = (await store.listArticles({ ids: ['a9'] }))[0]!.storyId!;
    const related = (await store.latestBriefing(lateStory))!.related;
    expect(related[0]).toMatchObject({ storyId: refinery });
    expect(related[0]!.reason).toMatch(/^shares .*Halden/);
  });

  it('upgrades a store from before story profiles without rewriting its briefings', async () => {
    const clock = fixedClock('2026-03-01T15:00:00Z');
    await arrive(CONVERGING.slice(0, 4).map((a) => article(a.id, a.published, a.text)), '2026-03-01T15:00:00Z', Infinity);
    expect(await composeChanged(store, { clock })).toBe(2);
    await sql`UPDATE stories SET profile = NULL, profile_digest = NULL`.execute(store.db);
    expect((await store.profileDigests()).size).toBe(0);
    expect(await composeChanged(store, { clock })).toBe(0);
    for (const s of await store.listStories()) expect((await store.latestBriefing(s.id))!.version).toBe(1);
    expect((await store.profileDigests()).size).toBe(2);
  });
});

describe('story digests (SQLite)', () => {
  it('changes a story\'s digest exactly when its article set changes', async () => {
    await arrive(CONVERGING.slice(0, 4).map((a) => article(a.id, a.published, a.text)), '2026-03-01T15:00:00Z', Infinity);
    const [x, y] = await store.listStories();
    const before = await store.storyDigests();
    expect(before.get(x!.id)).toEqual({ articles: x!.articleIds.length, digest: expect.any(String) });
    expect(before.get(x!.id)!.digest).not.toBe(before.get(y!.id)!.digest);
    // Read again, and asked for one story: the same.
    expect(await store.storyDigests()).toEqual(before);
    expect((await store.storyDigests({ ids: [x!.id] })).get(x!.id)).toEqual(before.get(x!.id));
    // One article moves from y to x (the count of neither stays what it was) …
    const moved = y!.articleIds[0]!;
    await store.saveClustering([], [{ articleId: moved, storyId: x!.id }]);
    const after = await store.storyDigests();
    expect(after.get(x!.id)!.digest).not.toBe(before.get(x!.id)!.digest);
    expect(after.get(y!.id)!.articles).toBe(y!.articleIds.length - 1);
    // … and back: the digests are the first ones again, whatever the order of the moves.
    await store.saveClustering([], [{ articleId: moved, storyId: y!.id }]);
    expect(await store.storyDigests()).toEqual(before);
    // Swapping one article for another keeps the count and changes the digest.
    await store.insertBatch([{ article: article('z9', '2026-03-01T16:00:00Z', 'A report on another matter altogether.'), simhash: null }], []);
    await store.saveClustering([], [{ articleId: moved, storyId: x!.id }, { articleId: 'z9', storyId: y!.id }]);
    const swapped = await store.storyDigests();
    expect(swapped.get(y!.id)!.articles).toBe(y!.articleIds.length);
    expect(swapped.get(y!.id)!.digest).not.toBe(before.get(y!.id)!.digest);
  });

  it('finds changed stories without reading any story\'s article list', async () => {
    const listStories = store.listStories.bind(store);
    const withIds: unknown[] = [];
    store.listStories = async (filter = {}) => {
      if (filter.articleIds !== false) withIds.push(filter);
      return listStories(filter);
    };
    await arrive(CONVERGING.slice(0, 4).map((a) => article(a.id, a.published, a.text)), '2026-03-01T15:00:00Z', Infinity);
    expect(await composeChanged(store, { clock: fixedClock('2026-03-01T15:00:00Z') })).toBe(2);
    const m1 = CONVERGING.find((a) => a.id === 'm1')!;
    await arrive([article(m1.id, m1.published, m1.text)], '2026-03-02T10:00:00Z', Infinity);
    expect(await composeChanged(store, { clock: fixedClock('2026-03-02T10:00:00Z') })).toBe(1);
    expect(withIds).toEqual([]);
  });

  it('upgrades saved state from the digests of earlier versions without rebuilding a story or rewriting a briefing', async () => {
    const path = join(dir, 'sitrep.db');
    await arrive(CONVERGING.slice(0, 4).map((a) => article(a.id, a.published, a.text)), '2026-03-01T15:00:00Z', Infinity);
    expect(await composeChanged(store, { clock: fixedClock('2026-03-01T15:00:00Z') })).toBe(2);
    const current = await store.storyDigests();
    // As an earlier version saved them: a SHA-1 of the sorted ids, in the state and the profile.
    const legacy = (ids: string[]) => createHash('sha1').update([...ids].sort().join('\n')).digest('hex').slice(0, 16);
    const stories = await store.listStories();
    for (const s of stories) {
      const row = await store.db.selectFrom('stories').select(['cluster_state', 'profile']).where('id', '=', s.id).executeTakeFirstOrThrow();
      const old = legacy(s.articleIds);
      await store.db
        .updateTable('stories')
        .set({ cluster_state: JSON.stringify({ ...JSON.parse(row.cluster_state!), digest: old }), profile: JSON.stringify({ ...JSON.parse(row.profile!), digest: old }), profile_digest: old })
        .where('id', '=', s.id)
        .execute();
    }
    // One story's saved state no longer matches its articles (an article left it): that one stays stale.
    const [kept, changed] = stories;
    await store.db.updateTable('stories').set({ profile_digest: legacy(changed!.articleIds.slice(1)) }).where('id', '=', changed!.id).execute();
    // Back to before 0011 (and so before the migrations after it).
    await sql`DROP TABLE story_search_rows`.execute(store.db);
    await sql`DELETE FROM kysely_migration WHERE name >= '0011'`.execute(store.db);
    await store.close();
    store = await openStore({ path });
    const states = await store.clusterStates();
    for (const s of stories) expect(states.get(s.id)!.digest).toBe(current.get(s.id)!.digest);
    expect((await store.profileDigests()).get(kept!.id)).toBe(current.get(kept!.id)!.digest);
    expect((await store.storyProfiles([kept!.id])).get(kept!.id)!.digest).toBe(current.get(kept!.id)!.digest);
    expect((await store.profileDigests()).get(changed!.id)).not.toBe(current.get(changed!.id)!.digest);
    // Only the story whose saved profile did not match is read again (and, its articles being those
    // of its briefing, not rewritten); the clusterer resumes every story from its state and reads only
    // the new report.
    const listArticles = store.listArticles.bind(store);
    const read: string[] = [];
    store.listArticles = async (filter = {}) => {
      read.push(...(filter.ids ?? ['(every article)']));
      return listArticles(filter);
    };
    expect(await composeChanged(store, { clock: fixedClock('2026-03-01T15:00:00Z') })).toBe(0);
    expect(read.sort()).toEqual([...changed!.articleIds].sort());
    expect((await store.profileDigests()).get(changed!.id)).toBe(current.get(changed!.id)!.digest);
    for (const s of stories) expect((await store.latestBriefing(s.id))!.version).toBe(1);
    read.length = 0;
    const m1 = CONVERGING.find((a) => a.id === 'm1')!;
    await arrive([article(m1.id, m1.published, m1.text)], '2026-03-02T10:00:00Z', Infinity);
    expect([...new Set(read)]).toEqual([m1.id]);
  });
});

describe('search documents (SQLite)', () => {
  const docs = async () => (await sql<{ story_id: string; rowid: number }>`SELECT story_id, rowid FROM story_search ORDER BY story_id`.execute(store.db)).rows;
  const rows = async () => (await sql<{ story_id: string; row: number }>`SELECT story_id, row FROM story_search_rows ORDER BY story_id`.execute(store.db)).rows.map((r) => ({ story_id: r.story_id, rowid: r.row }));

  it('keeps one document per story, replaced by its row, and drops a merged story\'s', async () => {
    const titled = CONVERGING.map((a, i) => article(a.id, a.published, a.text, i === 0 ? 'Explosion at Halden refinery' : i === 1 ? 'Mirow hospitals fill up' : null));
    await arrive(titled.slice(0, 4), '2026-03-01T15:00:00Z');
    await composeChanged(store, { clock: fixedClock('2026-03-01T15:00:00Z') });
    const [a, b] = await store.listStories();
    expect((await docs()).map((d) => d.story_id)).toEqual([a!.id, b!.id].sort());
    expect(await rows()).toEqual(await docs());
    // A new document replaces the old one: still one per story, found by its new words alone.
    await store.indexStory(a!.id, [], { headline: 'Quarvell inquiry opens', summary: '', body: '', names: '' });
    expect((await docs()).filter((d) => d.story_id === a!.id)).toHaveLength(1);
    expect(await rows()).toEqual(await docs());
    expect(await store.searchStories('Quarvell')).toEqual([a!.id]);
    // The same answer as the index's row numbers, mapped back through the kept rows.
    const byRow = await store.searchRowStories();
    expect((await store.searchStoryRows('Quarvell'))!.map((r) => byRow.get(r))).toEqual([a!.id]);
    for (const q of ['refinery', 'hospitals fill', 'Halden', 'nothing-like-this']) expect((await store.searchStoryRows(q))!.map((r) => byRow.get(r))).toEqual(await store.searchStories(q));
    // Merged away: no document, no row.
    await store.mergeStory(b!.id, a!.id, '2026-03-02T00:00:00Z');
    expect((await docs()).map((d) => d.story_id)).toEqual([a!.id]);
    expect(await rows()).toEqual(await docs());
  });

  it('finds the rows of documents written before it kept them', async () => {
    await arrive(CONVERGING.slice(0, 4).map((x) => article(x.id, x.published, x.text)), '2026-03-01T15:00:00Z');
    await composeChanged(store, { clock: fixedClock('2026-03-01T15:00:00Z') });
    const before = await docs();
    await sql`DROP TABLE story_search_rows`.execute(store.db);
    await sql`DELETE FROM kysely_migration WHERE name >= '0012'`.execute(store.db);
    await store.close();
    store = await openStore({ path: join(dir, 'sitrep.db') });
    expect(await rows()).toEqual(before);
    const [s] = await store.listStories();
    await store.indexStory(s!.id, [], { headline: 'Quarvell inquiry opens', summary: '', body: '', names: '' });
    expect((await docs()).filter((d) => d.story_id === s!.id)).toHaveLength(1);
  });
});

describe('clustering from saved story state (SQLite)', () => {
  /** The stories as sets of article ids (story ids are random), sorted, for comparing two stores. */
  const partition = async (st: Store) =>
    (await st.listStories())
      .filter((x) => x.status !== 'merged')
      .map((x) => [...x.articleIds].sort().join(' '))
      .sort();

  it('clusters as when every live story is rebuilt from its articles, reading only the new articles', async () => {
    const other = await openStore({ path: join(dir, 'rebuilt.db') });
    try {
      const reports = CONVERGING.map((a) => article(a.id, a.published, a.text));
      const runs = [reports.slice(0, 4), reports.slice(4, 6), reports.slice(6)];
      const times = ['2026-03-01T15:00:00Z', '2026-03-02T13:00:00Z', '2026-03-03T16:00:00Z'];
      const listArticles = store.listArticles.bind(store);
      const read: string[] = [];
      store.listArticles = async (filter = {}) => {
        if (filter.ids) read.push(...filter.ids);
        return listArticles(filter);
      };
      for (const [i, batch] of runs.entries()) {
        read.length = 0;
        const saved = await arrive(batch, times[i]!);
        // The saved states stand in for the stories' articles: only the new ones are read (to analyse,
        // then to cluster).
        expect([...new Set(read)].sort()).toEqual(batch.map((a) => a.id).sort());
        // The other store forgets its saved states before each run, so every live story is rebuilt.
        await sql`UPDATE stories SET cluster_state = NULL`.execute(other.db);
        await other.insertBatch(batch.map((a) => ({ article: a, simhash: null })), []);
        await analyzePending(other);
        const rebuilt = await clusterPending(other, { cluster: { mergeThreshold: 0.4 }, clock: fixedClock(times[i]!) });
        expect(saved).toEqual(rebuilt);
        expect(await partition(store)).toEqual(await partition(other));
      }
      // The two stories converged and merged, in both stores alike.
      expect(await partition(store)).toEqual([CONVERGING.map((a) => a.id).sort().join(' ')]);
      expect((await store.clusterStates()).size).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe('the site view after a run (SQLite)', () => {
  /** What a view shows, in a comparable form. */
  const shown = (v: SiteState) => ({
    briefings: v.briefings.map((b) => [b.storyId, b.version, b.headline, b.products.map((p) => p.id).join(',')]),
    written: [...v.written.values()].map((b) => [b.storyId, b.version]).sort(),
    sections: v.sections,
    stories: [...v.stories.keys()].sort(),
  });

  it('reads only the briefings written since the view it holds, and shows what a full rebuild shows', async () => {
    const clock = fixedClock('2026-03-02T15:00:00Z');
    await arrive(CONVERGING.slice(0, 4).map((a) => article(a.id, a.published, a.text)), '2026-03-01T15:00:00Z', Infinity);
    await composeChanged(store, { clock });
    const before = await buildState(store, await store.generation());
    expect(before.briefings).toHaveLength(2);

    // A new version of one story, and a new shelf (no new version) for the other.
    const m1 = CONVERGING.find((a) => a.id === 'm1')!;
    await arrive([article(m1.id, m1.published, m1.text)], '2026-03-02T10:00:00Z', Infinity);
    expect(await composeChanged(store, { clock })).toBe(1);
    const changed = (await store.listArticles({ ids: ['m1'] }))[0]!.storyId!;
    const other = before.briefings.find((b) => b.storyId !== changed)!;
    const shelf = [{ id: 'kit-1', name: 'Smoke hood', blurb: 'For escaping smoke.', url: 'https://shop.example/kit-1', sponsored: true }];
    expect(await store.setBriefingProducts(other.storyId, other.version, shelf)).toBe(true);

    const generation = await store.generation();
    expect((await store.briefingsWrittenAfter(before.generation)).map((b) => [b.storyId, b.version]).sort()).toEqual([[changed, 2], [other.storyId, 1]].sort());
    const latestBriefings = store.latestBriefings.bind(store);
    let fullReads = 0;
    store.latestBriefings = async () => {
      fullReads++;
      return latestBriefings();
    };
    const incremental = await buildState(store, generation, before);
    expect(fullReads).toBe(0);
    const full = await buildState(store, generation);
    expect(fullReads).toBe(1);
    expect(shown(incremental)).toEqual(shown(full));
    expect(incremental.byStory.get(other.storyId)!.products.map((p) => p.id)).toEqual(['kit-1']);
    expect(incremental.byStory.get(changed)!.version).toBe(2);
  });
});

describe('a run read in small pieces (SQLite)', () => {
  it('clusters and composes as a run that reads everything at once', async () => {
    const other = await openStore({ path: join(dir, 'pieces.db') });
    try {
      const reports = CONVERGING.map((a) => article(a.id, a.published, a.text));
      const clock = fixedClock('2026-03-03T16:00:00Z');
      const view = async (st: Store) => {
        const out: unknown[] = [];
        for (const s of await st.listStories()) {
          const b = await st.latestBriefing(s.id);
          out.push([[...s.articleIds].sort().join(' '), s.status, b && [b.version, b.headline, b.sources.map((x) => x.id).sort().join(' '), b.related.map((r) => r.reason)]]);
        }
        return out.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      };
      for (const [st, articlesPerRead] of [[store, undefined], [other, 1]] as const) {
        for (const [batch, at] of [[reports.slice(0, 4), '2026-03-01T15:00:00Z'], [reports.slice(4), '2026-03-03T16:00:00Z']] as const) {
          await st.insertBatch(batch.map((a) => ({ article: a, simhash: null })), []);
          await analyzePending(st);
          await clusterPending(st, { cluster: { mergeThreshold: Infinity }, clock: fixedClock(at), articlesPerRead });
          await composeChanged(st, { clock, articlesPerRead });
        }
      }
      // One article per page and per group: every story is read, profiled and composed on its own.
      expect(await view(other)).toEqual(await view(store));
      expect((await view(store)).length).toBe(2);
      // The related story is ranked from the same profiles, read in one group or one per story.
      expect((await view(store)).flatMap((v) => ((v as unknown[])[2] as unknown[])[3] as string[])).toEqual([expect.stringMatching(/^shares /)]);
    } finally {
      await other.close();
    }
  });
});

describe('one entity under all its spellings, across stories', () => {
  it('gives the stories that spell a name two ways one entity page, and keeps two people apart', async () => {
    const grain = article('g1', '2026-03-02T09:00:00Z', 'President Volodymyr Zelenskyy said grain ships would leave Odesa this week. The convoy of twelve freighters is insured by a new fund. Port officials said loading had resumed at three terminals. Zelenskyy thanked the insurers.', 'Grain ships to sail from Odesa');
    const talks = article('t1', '2026-03-02T10:00:00Z', 'President Volodymyr Zelensky met negotiators in Geneva on prisoner exchanges. Delegations traded lists of detained soldiers and civilians. Oleksandr Zelensky, a delegate with the same surname, read the names aloud. Zelensky called the talks difficult.', 'Prisoner exchange talks in Geneva');
    await arrive([grain, talks], '2026-03-02T12:00:00Z');
    await composeChanged(store, { clock: fixedClock('2026-03-02T12:00:00Z') });
    const stories = await store.listStories({ status: 'active' });
    expect(stories).toHaveLength(2);
    const rows = await store.entityRows({ slug: 'volodymyr-zelensky' });
    expect(new Set(rows.map((r) => r.storyId)).size).toBe(2);
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(['Volodymyr Zelenskyy', 'Volodymyr Zelensky']));
    // The other spelling's page is the same entity; the other Zelensky is someone else.
    expect((await store.entityRows({ slug: 'volodymyr-zelenskyy' })).length).toBe(rows.length);
    expect((await store.entityRows({ slug: 'oleksandr-zelensky' })).map((r) => r.name)).toEqual(['Oleksandr Zelensky']);
    expect((await store.storiesWithEntity('volodymyr-zelenskyy')).size).toBe(2);
  });
});

describe('a long story composed through a window', () => {
  const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 9)).toISOString();
  const report = (n: number) =>
    article(`w${String(n).padStart(3, '0')}`, day(Math.floor(n / 3)), `Flood barriers on the Varna river held on day ${n} as crews from Northmark Power pumped water from the Tarrow basin. Mayor Ana Ruiz said ${n + 100} homes in Tarrow were dry. Engineers from Northmark Power inspected the Varna levee again.`, `Varna levee holds, day ${n}`);

  it('reads at most the cap, keeps the newest and the first, and counts the whole coverage', async () => {
    const all = Array.from({ length: 90 }, (_, n) => report(n));
    await arrive(all, day(31), 0.4);
    const stories = await store.listStories({ status: 'active' });
    const big = stories.sort((a, b) => b.articleIds.length - a.articleIds.length)[0]!;
    expect(big.articleIds.length).toBeGreaterThan(60);
    await composeChanged(store, { clock: fixedClock(day(31)), composeMaxArticles: 40 });
    const b = (await store.latestBriefing(big.id))!;
    const ids = b.sources.map((x) => x.id);
    expect(ids.length).toBeLessThanOrEqual(40);
    const members = [...big.articleIds].sort();
    expect(ids).toContain(members[members.length - 1]); // the newest
    expect(ids).toContain(members[0]); // the first
    // The timeline still reaches back to the story's first weeks.
    expect(b.timeline[0]!.date.slice(0, 7)).toBe('2026-01');
  });

  it('bounds the bytes it reads when a story is short but its reports are long', async () => {
    const all = Array.from({ length: 30 }, (_, n) => report(n));
    await arrive(all, day(11), 0.4);
    const big = (await store.listStories({ status: 'active' })).sort((a, b) => b.articleIds.length - a.articleIds.length)[0]!;
    expect(big.articleIds.length).toBeGreaterThan(20);
    const heads = (await store.storyArticleHeads([big.id])).get(big.id)!;
    expect(heads.map((h) => h.id)).toEqual(big.articleIds);
    const total = heads.reduce((n, h) => n + h.bytes, 0);
    // What the heads say a report weighs is what it weighs in the store.
    const [one] = await store.listArticles({ ids: [heads[0]!.id] });
    expect(heads[0]!.bytes).toBe(Buffer.byteLength(one!.text) + Buffer.byteLength(JSON.stringify(one!.analysis)));
    // Under the count cap, over a byte budget of a third of the story.
    await composeChanged(store, { clock: fixedClock(day(11)), composeMaxBytes: Math.floor(total / 3) });
    const b = (await store.latestBriefing(big.id))!;
    const read = heads.filter((h) => b.sources.some((s) => s.id === h.id));
    expect(read.length).toBeGreaterThan(3);
    expect(read.length).toBeLessThan(big.articleIds.length / 2);
    expect(read.reduce((n, h) => n + h.bytes, 0)).toBeLessThanOrEqual(Math.floor(total / 3));
    // The newest and the first are read, and the timeline still reaches back to the first day.
    const members = [...big.articleIds].sort();
    expect(read.map((h) => h.id)).toContain(members[members.length - 1]);
    expect(read.map((h) => h.id)).toContain(members[0]);
    expect(b.timeline[0]!.date.slice(0, 10)).toBe(day(0).slice(0, 10));
  });

  it('composes the next version of a long story from what is new and what the last version cites', async () => {
    const all = Array.from({ length: 96 }, (_, n) => report(n));
    await arrive(all.slice(0, 66), day(22), 0.4);
    await composeChanged(store, { clock: fixedClock(day(22)), composeUpdateArticles: 50 });
    const big = (await store.listStories({ status: 'active' })).sort((a, b) => b.articleIds.length - a.articleIds.length)[0]!;
    const v1 = (await store.latestBriefing(big.id))!;
    // The first version has no last one to update: it reads the whole story.
    expect(v1.sources.length).toBe(big.articleIds.length);
    await arrive(all.slice(66), day(32), 0.4);
    await composeChanged(store, { clock: fixedClock(day(32)), composeUpdateArticles: 50 });
    const grown = (await store.listStories({ status: 'active' })).find((s) => s.id === big.id)!;
    const v2 = (await store.latestBriefing(big.id))!;
    expect(v2.version).toBe(2);
    const read = new Set(v2.sources.map((x) => x.id));
    const fresh = grown.articleIds.filter((id) => !v1.sources.some((x) => x.id === id));
    expect(fresh.length).toBeGreaterThan(20);
    for (const id of fresh) expect(read.has(id)).toBe(true);
    for (const id of citedIn(v1)) if (grown.articleIds.includes(id)) expect(read.has(id)).toBe(true);
    // Fewer reports than the story holds, and the story's first among them.
    expect(read.size).toBeLessThan(grown.articleIds.length);
    expect(read.has([...grown.articleIds].sort()[0]!)).toBe(true);
    // The timeline still reaches back to the story's first days.
    expect(v2.timeline[0]!.date.slice(0, 10) <= day(3).slice(0, 10)).toBe(true);
    // Under an update cap the story fits, the same store composes every version whole.
    await arrive([report(96)], day(33), 0.4);
    await composeChanged(store, { clock: fixedClock(day(33)), composeUpdateArticles: 500 });
    const v3 = (await store.latestBriefing(big.id))!;
    expect(v3.sources.length).toBe(grown.articleIds.length + 1);
  });

  it('is the full compose wherever the story fits the window', async () => {
    const some = Array.from({ length: 12 }, (_, n) => report(n));
    await arrive(some, day(5), 0.4);
    const other = mkdtempSync(join(tmpdir(), 'sitrep-window-'));
    const twin = await openStore({ path: join(other, 'sitrep.db') });
    try {
      await twin.insertBatch(some.map((a) => ({ article: a, simhash: null })), []);
      await analyzePending(twin);
      await clusterPending(twin, { cluster: { mergeThreshold: 0.4 }, clock: fixedClock(day(5)) });
      await composeChanged(store, { clock: fixedClock(day(5)) });
      await composeChanged(twin, { clock: fixedClock(day(5)), composeMaxArticles: 12 });
      const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'storyId' || k === 'id' && typeof v === 'string' && v.startsWith('st_') ? undefined : v)));
      const a = (await store.latestBriefings()).map(strip);
      const c = (await twin.latestBriefings()).map(strip);
      expect(c).toEqual(a);
    } finally {
      await twin.close();
      rmSync(other, { recursive: true, force: true });
    }
  });
});
