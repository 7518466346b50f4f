import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { AlertStore } from '../src/alerts/index.js';
import { hashPassword } from '../src/web/index.js';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSample } from '../src/demo/sample.js';
import { startSampleSite, type SampleSite } from './sample-site.js';

const reports = loadSample().reports;
const perStory = [...reports.reduce((m, r) => m.set(r.story, (m.get(r.story) ?? 0) + 1), new Map<string, number>()).values()].sort();

// The same pipeline and site on a real PostgreSQL: SITREP_TEST_DATABASE_URL names a database this
// test may create a schema in (.ci/run starts a local server and sets it). Each run works in a
// fresh schema and drops it afterwards.
const URL_ = process.env.SITREP_TEST_DATABASE_URL;
if (!URL_) {
  if (process.env.CI) throw new Error('PostgreSQL tests: SITREP_TEST_DATABASE_URL is not set; .ci/run starts a server and sets it');
  console.warn('PostgreSQL tests skipped: set SITREP_TEST_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db to run them');
}
const schema = `sitrep_test_${process.pid}_${Date.now().toString(36)}`;
const withSchema = (url: string) => `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

let sample: SampleSite;

beforeAll(async () => {
  if (!URL_) return;
  const admin = new pg.Client({ connectionString: URL_ });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  sample = await startSampleSite({ open: (clock) => openStore({ databaseUrl: withSchema(URL_), clock }) });
});

afterAll(async () => {
  if (!URL_) return;
  await sample?.close();
  const admin = new pg.Client({ connectionString: URL_ });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

const get = (path: string) => fetch(`${sample.site.url}${path}`);

describe.skipIf(!URL_)('Sitrep on PostgreSQL', () => {
  it('keeps its migrations to its own schema, beside another store in the same database', async () => {
    // The demo's store is already migrated in `schema`; a second one in a fresh schema must migrate
    // on its own, not take the first one's migration tables for its own.
    const other = `${schema}_b`;
    const admin = new pg.Client({ connectionString: URL_ });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${other}`);
    try {
      const url = `${URL_}${URL_!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${other}`)}`;
      const second = await openStore({ databaseUrl: url });
      expect(await second.stats()).toEqual({ sources: 0, failingSources: 0, articles: 0, stories: 0 });
      await second.close();
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'kysely_migration'`, [other]);
      expect(rows[0].n).toBe(1);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${other} CASCADE`);
      await admin.end();
    }
  });

  it('runs the whole demo pipeline into PostgreSQL', async () => {
    expect(sample.store.dialect).toBe('postgres');
    expect(await sample.store.stats()).toEqual({ sources: 3, failingSources: 0, articles: reports.length, stories: perStory.length });
    const stories = await sample.store.listStories();
    expect(stories.map((s) => s.articleIds.length).sort()).toEqual(perStory);
    for (const s of stories) expect((await sample.store.briefingVersions(s.id)).map((v) => v.version)).toEqual([2, 1]);
    // A compose window weighs reports by their stored size, read from the row (octet_length).
    const heads = (await sample.store.storyArticleHeads([stories[0]!.id])).get(stories[0]!.id)!;
    expect(heads.map((h) => h.id)).toEqual(stories[0]!.articleIds);
    const head = heads[0];
    const [full] = await sample.store.listArticles({ ids: [head!.id] });
    expect(head!.bytes).toBe(Buffer.byteLength(full!.text) + Buffer.byteLength(JSON.stringify(full!.analysis)));
    // Article-set digests taken in SQL (MD5 here): one per story, as many articles as it has, each
    // the digest its saved profile and clusterer state were taken at, so nothing is stale.
    const digests = await sample.store.storyDigests();
    expect(stories.map((s) => digests.get(s.id)!.articles).sort()).toEqual(perStory);
    expect(new Set(stories.map((s) => digests.get(s.id)!.digest)).size).toBe(stories.length);
    const profiles = await sample.store.profileDigests();
    for (const s of stories) expect(profiles.get(s.id)).toBe(digests.get(s.id)!.digest);
    expect((await sample.store.storyDigests({ ids: [stories[0]!.id] })).get(stories[0]!.id)).toEqual(digests.get(stories[0]!.id));
  });

  it("raises the demo's watchlist alert on PostgreSQL too, once per watchlist and version", async () => {
    const alerts = new AlertStore(sample.store);
    const [talks] = await alerts.listWatches();
    const raised = await alerts.alerts(talks!.id, { passedOnly: true });
    expect(raised.map((a) => a.version)).toEqual([2]);
    // Scoring the same version again records nothing more.
    expect(await alerts.recordAlert(talks!, { storyId: raised[0]!.storyId, version: 2, score: 9, passed: true, body: raised[0]!.body })).toBeNull();
    // Deliveries are claimed once: a second claim finds nothing while the first holds them.
    const w = await alerts.addWatch({ name: 'pg', criteria: { entities: ['Karvenia'], query: null, section: null, story: null }, minScore: 0, webhook: 'https://hooks.example/x', email: null });
    expect(await alerts.recordAlert(w, { storyId: raised[0]!.storyId, version: 2, score: 1, passed: true, body: raised[0]!.body })).toBeGreaterThan(0);
    const until = new Date(sample.store.clock().getTime() + 60_000).toISOString();
    const first = await alerts.claim(w.id, 'webhook', until, 20);
    const second = await alerts.claim(w.id, 'webhook', until, 20);
    expect([first.rows.length, second.rows.length]).toEqual([1, 0]);
    await alerts.markSent(first.token, 'b1');
    expect(await alerts.deliveryCounts(w.id)).toEqual({ 'webhook sent': 1 });
    expect(await alerts.removeWatch(w.id)).toBe(true);
  });

  it('upgrades the digests an earlier version saved, in SQL on PostgreSQL too', async () => {
    // A second store on the same schema, as after an upgrade: one story's saved state written in the
    // earlier form (a SHA-1 of its sorted article ids) and the digest migration not yet run.
    const legacy = (ids: string[]) => createHash('sha1').update([...ids].sort().join('\n')).digest('hex').slice(0, 16);
    const [story] = await sample.store.listStories();
    const current = (await sample.store.storyDigests()).get(story!.id)!.digest;
    const admin = new pg.Client({ connectionString: withSchema(URL_!) });
    await admin.connect();
    try {
      const old = legacy(story!.articleIds);
      await admin.query(`UPDATE stories SET profile_digest = $1, profile = jsonb_set(profile::jsonb, '{digest}', to_jsonb($1::text))::text WHERE id = $2`, [old, story!.id]);
      await admin.query(`DELETE FROM kysely_migration WHERE name >= '0011'`);
      const upgraded = await openStore({ databaseUrl: withSchema(URL_!) });
      try {
        expect((await upgraded.profileDigests()).get(story!.id)).toBe(current);
        expect((await upgraded.storyProfiles([story!.id])).get(story!.id)!.digest).toBe(current);
      } finally {
        await upgraded.close();
      }
    } finally {
      await admin.end();
    }
  });

  it('serves the site from it, with full-text search (tsvector) and entity pages', async () => {
    const home = await (await get('/')).text();
    expect(new Set([...home.matchAll(/href="(\/stories\/[^"]+)"/g)].map((m) => m[1])).size).toBe(perStory.length);
    const search = await (await get('/search?q=ceasef')).text();
    expect(search).toContain('1 story found');
    expect(search).toMatch(/<mark>ceasefire<\/mark>/i);
    expect(await (await get('/search?q=ceasefire&section=news/health')).text()).toContain('0 stories found');
    const [story] = await sample.store.listStories();
    const page = await (await get(`/stories/${story!.slug}`)).text();
    expect(page).toContain('Articles per day by outlet');
    // The site's listing of stories, read a page at a time, holds each story once, newest first.
    const heads: Awaited<ReturnType<typeof sample.store.listStories>> = [];
    for await (const p of sample.store.storyHeadPages(1)) heads.push(...p);
    expect(heads.map((h) => h.id).sort()).toEqual((await sample.store.listStories()).map((s) => s.id).sort());
    expect(heads.every((h, i) => i === 0 || h.updatedAt <= heads[i - 1]!.updatedAt)).toBe(true);
    const entity = /href="(\/entities\/[^"]+)"/.exec(page)![1]!;
    expect((await get(entity)).status).toBe(200);
  });

  it('keeps users, sessions, the catalogue and editor flags', async () => {
    const store = sample.store;
    const user = await store.addUser('editor', await hashPassword('correct horse battery'));
    expect(user.id).toBeGreaterThan(0);
    await store.createSession({ id: 'h1', userId: user.id, csrf: 'c1', expiresAt: new Date(store.clock().getTime() + 60_000).toISOString() });
    expect((await store.getSession('h1'))?.userName).toBe('editor');
    await store.replaceCatalogue([{ id: 'lamp', name: 'Lantern', blurb: 'Bright', url: 'https://shop.example/l', tags: ['power'], disclosure: null }]);
    expect((await store.listCatalogue()).map((p) => p.id)).toEqual(['lamp']);
    const [story] = await store.listStories();
    const before = await store.generation();
    await store.setStoryFlags(story!.id, { headlineOverride: 'Set on PostgreSQL' });
    expect(await store.generation()).toBe(before + 1);
    expect(await (await get(`/stories/${story!.slug}`)).text()).toContain('<h1>Set on PostgreSQL</h1>');
  });

  // The README's recipe: pg_dump in the custom format, pg_restore --clean over the live database (here,
  // the test's schema), and the desk opens it whole, as it was at the dump. Runs last.
  it('backs up with pg_dump and restores with pg_restore, as the README says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-pgdump-'));
    try {
      const before = await sample.store.stats();
      const latest = (await sample.store.latestBriefings()).map((b) => `${b.storyId}@${b.version}`).sort();
      const dump = join(dir, 'sitrep.dump');
      execFileSync('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${dump}`, URL_!], { stdio: 'pipe' });
      // A change after the dump, which the restore must undo.
      await sample.store.addSource('https://feeds.example.org/after-the-dump.xml');
      execFileSync('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${URL_!}`, dump], { stdio: 'pipe' });
      const restored = await openStore({ databaseUrl: withSchema(URL_!) });
      try {
        expect(await restored.stats()).toEqual(before);
        expect((await restored.latestBriefings()).map((b) => `${b.storyId}@${b.version}`).sort()).toEqual(latest);
        expect(await restored.health()).toEqual([]);
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
