import { CompiledQuery, Kysely, Migrator, sql, type Compilable, type Selectable } from 'kysely';
import type { Analysis, Article, ArticleHead, Briefing, Entity, EntityType, Product, Source, Story } from '../model/index.js';
import { SitrepError } from '../errors.js';
import { systemClock, type Clock } from '../clock.js';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { migrationProvider, type Dialect } from './migrations.js';
import { sqliteHandle } from './sqlite.js';
import { storyDigests, type StoryDigest } from './digest.js';
import { fingerprintBands, hammingDistance } from '../text/simhash.js';
import type { ArticlesTable, Database, SourcesTable, StoriesTable } from './schema.js';

/**
 * What ranking a story's related stories needs of it, kept with the story so a run need not read
 * every story's articles: its heaviest terms, its names, and a digest of the article ids they were
 * taken from (a story whose articles changed since has a stale profile).
 */
export interface StoryProfile {
  digest: string;
  /** [term, weight] pairs, heaviest first. */
  terms: [string, number][];
  entities: { name: string; type: Entity['type'] }[];
}

/**
 * The clusterer's running state of a live story, kept with it so a run need not rebuild every live
 * story from its articles: the running sum of its members' vectors, when it last saw an article, the
 * publication time of its first, and a digest of the article ids it was built from.
 */
export interface StoredClusterState {
  digest: string;
  /** [term, weight] pairs of the running sum. */
  sum: [string, number][];
  lastSeen: number;
  /** Publication time of the story's earliest article (ISO), '' when none is dated. */
  first: string;
}

export interface StoredArticle extends Article {
  analysis: Analysis | null;
  storyId: string | null;
}

function articleRow(a: Article, simhash: string | null) {
  return {
    id: a.id,
    source_id: a.sourceId,
    url: a.url,
    canonical: a.canonical,
    title: a.title,
    byline: a.byline,
    published: a.published,
    modified: a.modified,
    lang: a.lang,
    site_name: a.siteName,
    description: a.description,
    image: a.image,
    text: a.text,
    outlet: a.outlet,
    fetched_at: a.fetchedAt,
    analysis: null,
    story_id: null,
    simhash,
  };
}

/** Another outlet's copy of a stored article. */
export interface ArticleCopy {
  url: string;
  articleId: string;
  sourceId: number | null;
  outlet: string | null;
  title: string | null;
  published: string | null;
  fetchedAt: string;
}

export interface Stats {
  sources: number;
  failingSources: number;
  articles: number;
  stories: number;
}

export type SourcePatch = Partial<Pick<Source, 'title' | 'outlet' | 'etag' | 'lastModified' | 'lastFetchedAt' | 'nextPollAt' | 'failures' | 'lastError'>>;

const toSource = (r: Selectable<SourcesTable>): Source => ({
  id: r.id,
  url: r.url,
  kind: r.kind === 'page' ? 'page' : 'feed',
  title: r.title,
  outlet: r.outlet,
  etag: r.etag,
  lastModified: r.last_modified,
  lastFetchedAt: r.last_fetched_at,
  nextPollAt: r.next_poll_at,
  failures: r.failures,
  lastError: r.last_error,
  createdAt: r.created_at,
});

const toArticle = (r: Selectable<ArticlesTable>): StoredArticle => ({
  id: r.id,
  sourceId: r.source_id,
  url: r.url,
  canonical: r.canonical,
  title: r.title,
  byline: r.byline,
  published: r.published,
  modified: r.modified,
  lang: r.lang,
  siteName: r.site_name,
  description: r.description,
  image: r.image,
  text: r.text,
  outlet: r.outlet,
  fetchedAt: r.fetched_at,
  analysis: r.analysis ? (JSON.parse(r.analysis) as Analysis) : null,
  storyId: r.story_id,
});

/** The columns a Story is made of. */
const STORY_COLUMNS = ['id', 'slug', 'title', 'status', 'merged_into', 'created_at', 'updated_at', 'pinned', 'hidden', 'headline_override'] as const;

const toStory = (r: Pick<Selectable<StoriesTable>, (typeof STORY_COLUMNS)[number]>, articleIds: string[]): Story => ({
  id: r.id,
  slug: r.slug,
  title: r.title,
  status: r.status === 'dormant' || r.status === 'merged' ? r.status : 'active',
  mergedInto: r.merged_into,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  articleIds,
  pinned: !!r.pinned,
  hidden: !!r.hidden,
  headlineOverride: r.headline_override,
});

/**
 * Briefings newest first by their ISO timestamps in code-unit order (localeCompare costs far more),
 * then by story id: one order however they were read, whole or since a generation.
 */
export const newestFirst = (a: { updatedAt: string; storyId: string }, b: { updatedAt: string; storyId: string }): number =>
  a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : 0;

/** One entity as one story knows it: the rows behind entity pages and the search filter. */
export interface StoryEntityRow {
  storyId: string;
  slug: string;
  name: string;
  type: EntityType;
  roles: string[];
  aliases: string[];
  mentions: number;
  /** Mentions per publication day, "YYYY-MM-DD" → count. */
  days: Record<string, number>;
  quotes: { quote: string; role: string | null; published: string | null; articleId: string }[];
  /** The spelling key every spelling of the name shares (src/analyze/spelling.ts): one entity page across stories. */
  key?: string | null;
}

/** The text a story is found by: its latest briefing, the names in it, its articles' titles. */
export interface StorySearchDoc {
  headline: string;
  summary: string;
  body: string;
  names: string;
}

export interface User {
  id: number;
  name: string;
  passwordHash: string;
  createdAt: string;
}

export interface Session {
  id: string;
  userId: number;
  userName: string;
  csrf: string;
  expiresAt: string;
}

/** Move the site's generation on (in a transaction when given one). */
const bump = (db: Kysely<Database>) => db.updateTable('site_state').set((eb) => ({ generation: eb('generation', '+', 1) })).where('id', '=', 1).execute();

/** Insert a story, or update the fields a story's life changes (in a transaction when given one). */
const upsertStory = (db: Kysely<Database>, s: Story) =>
  db
    .insertInto('stories')
    .values({ id: s.id, slug: s.slug, title: s.title, status: s.status, merged_into: s.mergedInto ?? null, created_at: s.createdAt, updated_at: s.updatedAt })
    .onConflict((oc) => oc.column('id').doUpdateSet({ title: s.title, status: s.status, merged_into: s.mergedInto ?? null, updated_at: s.updatedAt }))
    .execute();

/** Move the site's generation on inside a transaction, and the generation it moved to. */
async function nextGeneration(trx: Kysely<Database>): Promise<number> {
  await bump(trx);
  const row = await trx.selectFrom('site_state').select('generation').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.generation;
}

/** Words of a user's query as a PostgreSQL tsquery: all words, the last one a prefix. */
export function tsQuery(q: string): string | null {
  const words = q.normalize('NFKC').match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? [];
  if (words.length === 0) return null;
  return words.map((w, i) => `${w}${i === words.length - 1 && w.length >= 3 ? ':*' : ''}`).join(' & ');
}

/** Words of a user's query as an FTS5 expression: each word quoted (no operators), the last one a prefix. */
export function ftsQuery(q: string): string | null {
  const words = q.normalize('NFKC').match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? [];
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 && w.length >= 3 ? '*' : ''}`).join(' ');
}

/**
 * Everything Sitrep keeps, behind one class written against Kysely so the same queries run on
 * SQLite and (later) PostgreSQL. Each dialect only supplies its Kysely instance.
 */
function sourceValues(patch: SourcePatch): Partial<Selectable<SourcesTable>> {
  const values: Partial<Selectable<SourcesTable>> = {};
  if ('title' in patch) values.title = patch.title ?? null;
  if ('outlet' in patch) values.outlet = patch.outlet ?? null;
  if ('etag' in patch) values.etag = patch.etag ?? null;
  if ('lastModified' in patch) values.last_modified = patch.lastModified ?? null;
  if ('lastFetchedAt' in patch) values.last_fetched_at = patch.lastFetchedAt ?? null;
  if ('nextPollAt' in patch) values.next_poll_at = patch.nextPollAt ?? null;
  if ('failures' in patch) values.failures = patch.failures ?? 0;
  if ('lastError' in patch) values.last_error = patch.lastError ?? null;
  return values;
}

export class Store {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect = 'sqlite',
    /** The desk's one clock: what the store stamps, and what every stage working on it reads "now" from. */
    readonly clock: Clock = systemClock,
  ) {}

  async migrate(): Promise<void> {
    // On PostgreSQL the migration tables live in the store's own schema (the first on its search
    // path): Kysely otherwise takes another schema's tables in the same database for its own.
    const migrationTableSchema = this.dialect === 'postgres' ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(this.db)).rows[0]?.s : undefined;
    const { error, results } = await new Migrator({ db: this.db, provider: migrationProvider(this.dialect), ...(migrationTableSchema ? { migrationTableSchema } : {}) }).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new SitrepError('migration_failed', `database migration ${failed} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  // Service: poll rounds, health, backups

  /** Record that a poll round has polled its due sources (readiness reads its age). */
  async markPollRound(at: Date = this.clock()): Promise<void> {
    await this.db.updateTable('site_state').set({ last_round_at: at.toISOString() }).where('id', '=', 1).execute();
  }

  /** When the last poll round finished, by any process on this store; null when none has. */
  async lastPollRound(): Promise<string | null> {
    const row = await this.db.selectFrom('site_state').select('last_round_at').where('id', '=', 1).executeTakeFirst();
    return row?.last_round_at ?? null;
  }

  /**
   * Whether the store answers and is current, as problems in words (empty: healthy). A query must
   * succeed; the migrations must all have run; a SQLite file must still be the file that was opened
   * and still read as a database (an open handle would go on answering from a deleted or replaced
   * file, so the file itself is checked). No path or address is named: the words may be shown to anyone.
   */
  async health(): Promise<string[]> {
    const problems: string[] = [];
    try {
      await this.db.selectFrom('site_state').select('generation').where('id', '=', 1).executeTakeFirstOrThrow();
    } catch {
      problems.push('store: does not answer');
      return problems;
    }
    const h = sqliteHandle(this.db);
    if (h && h.ino !== null) {
      if (!existsSync(h.path)) problems.push('store: the database file is gone');
      else if (statSync(h.path).ino !== h.ino) problems.push('store: the database file was replaced');
      else {
        const head = Buffer.alloc(16);
        let fd: number | null = null;
        try {
          fd = openSync(h.path, 'r');
          readSync(fd, head, 0, 16, 0);
          if (head.toString('latin1') !== 'SQLite format 3\0') problems.push('store: the database file is not a SQLite database');
        } catch {
          problems.push('store: the database file cannot be read');
        } finally {
          if (fd !== null) closeSync(fd);
        }
      }
    }
    try {
      const pending = (await new Migrator({ db: this.db, provider: migrationProvider(this.dialect) }).getMigrations()).filter((m) => !m.executedAt);
      if (pending.length) problems.push(`store: ${pending.length} ${pending.length === 1 ? 'migration' : 'migrations'} not applied`);
    } catch {
      problems.push('store: cannot read its migrations');
    }
    return problems;
  }

  /**
   * A consistent copy of a live SQLite store in `file`, through SQLite's online backup API: other
   * connections (a running `sitrep run`) go on writing; the copy holds every transaction committed
   * before it finished. PostgreSQL is backed up with pg_dump instead.
   */
  async backupTo(file: string): Promise<{ pages: number }> {
    const h = sqliteHandle(this.db);
    if (!h || h.ino === null) throw new SitrepError('bad_input', 'sitrep backup copies a SQLite store; back up PostgreSQL with pg_dump (see the README)');
    const r = await h.sqlite.backup(file);
    return { pages: r.totalPages };
  }

  // Sources

  async addSource(url: string, opts: { kind?: 'feed' | 'page'; outlet?: string | null; title?: string | null } = {}): Promise<Source> {
    const now = this.clock().toISOString();
    const existing = await this.db.selectFrom('sources').selectAll().where('url', '=', url).executeTakeFirst();
    if (existing) return toSource(existing);
    const row = await this.db
      .insertInto('sources')
      .values({ url, kind: opts.kind ?? 'feed', outlet: opts.outlet ?? null, title: opts.title ?? null, failures: 0, created_at: now, next_poll_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSource(row);
  }

  async listSources(): Promise<Source[]> {
    return (await this.db.selectFrom('sources').selectAll().orderBy('id').execute()).map(toSource);
  }

  async removeSource(url: string): Promise<boolean> {
    const res = await this.db.deleteFrom('sources').where('url', '=', url).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async dueSources(now: Date = this.clock()): Promise<Source[]> {
    const rows = await this.db
      .selectFrom('sources')
      .selectAll()
      .where((eb) => eb.or([eb('next_poll_at', 'is', null), eb('next_poll_at', '<=', now.toISOString())]))
      .orderBy('next_poll_at')
      .execute();
    return rows.map(toSource);
  }

  async updateSource(id: number, patch: SourcePatch): Promise<void> {
    const values = sourceValues(patch);
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable('sources').set(values).where('id', '=', id).execute();
  }

  // Articles

  async findArticleByUrl(url: string): Promise<StoredArticle | null> {
    const row = await this.db
      .selectFrom('articles')
      .selectAll()
      .where((eb) => eb.or([eb('url', '=', url), eb('canonical', '=', url)]))
      .executeTakeFirst();
    return row ? toArticle(row) : null;
  }

  /**
   * Store polls' new articles, syndicated copies and their sources' updates in one transaction, a few
   * statements per batch.
   */
  async insertBatch(articles: { article: Article; simhash: string | null }[], copies: ArticleCopy[], sources: { id: number; patch: SourcePatch }[] = []): Promise<void> {
    if (articles.length === 0 && copies.length === 0 && sources.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      // SQLite allows 32,766 parameters a statement: 40 rows of 18 columns stay far below.
      const rows = articles.map(({ article, simhash }) => articleRow(article, simhash));
      await this.insertRows(trx, 'articles', rows, 40, (chunk) => trx.insertInto('articles').values(chunk).onConflict((oc) => oc.doNothing()));
      const fingerprints = articles.flatMap(({ article, simhash }) => (simhash ? fingerprintBands(simhash).map((band) => ({ band, article_id: article.id, simhash })) : []));
      await this.insertRows(trx, 'article_fingerprints', fingerprints, 160, (chunk) => trx.insertInto('article_fingerprints').values(chunk));
      const copyRows = copies.map((c) => ({ url: c.url, article_id: c.articleId, source_id: c.sourceId, outlet: c.outlet, title: c.title, published: c.published, fetched_at: c.fetchedAt }));
      await this.insertRows(trx, 'article_copies', copyRows, 100, (chunk) => trx.insertInto('article_copies').values(chunk).onConflict((oc) => oc.column('url').doNothing()));
      for (const { id, patch } of sources) {
        const values = sourceValues(patch);
        if (Object.keys(values).length) await trx.updateTable('sources').set(values).where('id', '=', id).execute();
      }
    });
  }

  /** Insert statements by table and row count, compiled once (see insertRows). */
  private readonly compiledInserts = new Map<string, string>();

  /**
   * Insert rows of one shape (same keys, same order) in chunks. Kysely takes about as long to build
   * and compile a 40-row insert as SQLite takes to run it, so each statement is compiled once per
   * table and chunk size and then run with the chunk's values, row by row in key order. The first
   * compilation checks that this order is the one Kysely itself gives the values.
   */
  private async insertRows<R extends Record<string, unknown>>(trx: Kysely<Database>, table: string, rows: R[], size: number, build: (chunk: R[]) => Compilable): Promise<void> {
    if (rows.length === 0) return;
    const keys = Object.keys(rows[0]!);
    for (let i = 0; i < rows.length; i += size) {
      const chunk = rows.slice(i, i + size);
      // A plain loop: flatMap over 40 rows of 18 keys costs ten times as much.
      const parameters: unknown[] = new Array(chunk.length * keys.length);
      let j = 0;
      for (const r of chunk) for (const k of keys) parameters[j++] = r[k];
      const key = `${table}:${keys.join(',')}:${chunk.length}`;
      let text = this.compiledInserts.get(key);
      if (text === undefined) {
        const compiled = build(chunk).compile();
        if (compiled.parameters.length !== parameters.length || compiled.parameters.some((p, j) => p !== parameters[j])) throw new Error(`insert into ${table}: parameters out of the expected order`);
        this.compiledInserts.set(key, (text = compiled.sql));
      }
      await trx.executeQuery(CompiledQuery.raw(text, parameters));
    }
  }

  /** Which of these URLs the store already has, as an article (URL or canonical) or as a copy. */
  async knownUrls(urls: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (let i = 0; i < urls.length; i += 400) {
      const chunk = urls.slice(i, i + 400);
      const rows = await this.db.selectFrom('articles').select(['url', 'canonical']).where((eb) => eb.or([eb('url', 'in', chunk), eb('canonical', 'in', chunk)])).execute();
      for (const r of rows) {
        known.add(r.url);
        if (r.canonical) known.add(r.canonical);
      }
      for (const r of await this.db.selectFrom('article_copies').select('url').where('url', 'in', chunk).execute()) known.add(r.url);
    }
    return known;
  }

  /**
   * Stored articles whose fingerprint is within `maxBits` of any of these and shares a band with it,
   * published since `sinceIso` (or undated): one pass over the fingerprint index for a whole batch,
   * reading article rows only for the few that are that close.
   */
  /**
   * Stored articles whose fingerprint is within `maxBits` of one of `hashes`, found through the band
   * index, with the date each is placed at (published, else fetched) so the caller can keep only
   * those near its own items' dates.
   */
  async nearFingerprints(hashes: string[], maxBits: number): Promise<{ id: string; simhash: string; date: string }[]> {
    const byBand = new Map<number, string[]>();
    for (const h of hashes) {
      for (const band of fingerprintBands(h)) {
        const list = byBand.get(band);
        if (list) list.push(h);
        else byBand.set(band, [h]);
      }
    }
    const bands = [...byBand.keys()];
    const near = new Map<string, string>();
    for (let i = 0; i < bands.length; i += 500) {
      const rows = await this.db.selectFrom('article_fingerprints').select(['band', 'article_id', 'simhash']).where('band', 'in', bands.slice(i, i + 500)).execute();
      for (const r of rows) if (!near.has(r.article_id) && byBand.get(r.band)!.some((h) => hammingDistance(h, r.simhash) <= maxBits)) near.set(r.article_id, r.simhash);
    }
    const ids = [...near.keys()];
    const out: { id: string; simhash: string; date: string }[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('articles').select(['id', 'published', 'fetched_at']).where('id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) out.push({ id: r.id, simhash: near.get(r.id)!, date: r.published ?? r.fetched_at });
    }
    return out;
  }

  async copiesOf(articleId: string): Promise<ArticleCopy[]> {
    const rows = await this.db.selectFrom('article_copies').selectAll().where('article_id', '=', articleId).orderBy('fetched_at').execute();
    return rows.map((r) => ({ url: r.url, articleId: r.article_id, sourceId: r.source_id, outlet: r.outlet, title: r.title, published: r.published, fetchedAt: r.fetched_at }));
  }

  async listArticles(filter: { storyId?: string; ids?: string[] } = {}): Promise<StoredArticle[]> {
    let q = this.db.selectFrom('articles').selectAll();
    if (filter.storyId) q = q.where('story_id', '=', filter.storyId);
    if (filter.ids) {
      if (filter.ids.length === 0) return [];
      q = q.where('id', 'in', filter.ids);
    }
    const rows = await q.orderBy('published').orderBy('id').execute();
    return rows.map(toArticle);
  }

  /**
   * The cheap columns of these stories' articles (no text, no analysis: what a compose window is
   * chosen by; the stored size read from the rows' headers, see below), by story, each story's oldest
   * first (by publication, then id: the order of a Story's articleIds). Read through the index on
   * the articles' story, not a list of ids.
   */
  async storyArticleHeads(storyIds: string[]): Promise<Map<string, ArticleHead[]>> {
    const out = new Map<string, ArticleHead[]>(storyIds.map((id) => [id, []]));
    for (let i = 0; i < storyIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('articles')
        // octet_length reads a value's size from the row (SQLite's record header, PostgreSQL's TOAST
        // pointer), not the value: 30,000 heads cost the same with it as without.
        .select(['id', 'story_id', 'published', 'fetched_at', 'outlet', sql<number>`octet_length(text) + coalesce(octet_length(analysis), 0)`.as('bytes')])
        .where('story_id', 'in', storyIds.slice(i, i + 500))
        .orderBy('story_id')
        .orderBy('published')
        .orderBy('id')
        .execute();
      for (const r of rows) out.get(r.story_id!)!.push({ id: r.id, published: r.published, fetchedAt: r.fetched_at, outlet: r.outlet, bytes: Number(r.bytes) });
    }
    return out;
  }

  /**
   * The digest of each story's article set (digest.ts), for the stories with at least one article:
   * those with `status`, or these `ids`, or all. Taken in the database, from the index on the
   * articles' story: no article id is read.
   */
  async storyDigests(filter: { status?: Story['status']; ids?: string[] } = {}): Promise<Map<string, StoryDigest>> {
    return storyDigests(this.db, this.dialect, filter);
  }

  /** Ids of the articles not analysed yet, oldest first (the order of listArticles). */
  async unanalyzedArticleIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('articles').select('id').where('analysis', 'is', null).orderBy('published').orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  /** Ids of the analysed articles in no story yet, oldest first (the order of listArticles). */
  async unclusteredArticleIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('articles').select('id').where('story_id', 'is', null).where('analysis', 'is not', null).orderBy('published').orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  async setAnalysis(id: string, analysis: Analysis): Promise<void> {
    await this.db.updateTable('articles').set({ analysis: JSON.stringify(analysis) }).where('id', '=', id).execute();
  }

  // Stories

  async saveStory(s: Story): Promise<void> {
    await upsertStory(this.db, s);
  }

  /** The digests of the stored profiles of the stories not merged away, by story id (see StoryProfile). */
  async profileDigests(): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('stories').select(['id', 'profile_digest']).where('status', '!=', 'merged').where('profile_digest', 'is not', null).execute();
    return new Map(rows.map((r) => [r.id, r.profile_digest!]));
  }

  /** The stored profiles of these stories (those not merged away and with one), by story id. */
  async storyProfiles(ids: string[]): Promise<Map<string, StoryProfile>> {
    const out = new Map<string, StoryProfile>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('stories').select(['id', 'profile']).where('id', 'in', ids.slice(i, i + 500)).where('status', '!=', 'merged').where('profile', 'is not', null).execute();
      for (const r of rows) out.set(r.id, JSON.parse(r.profile!) as StoryProfile);
    }
    return out;
  }

  async setStoryProfile(id: string, profile: StoryProfile): Promise<void> {
    await this.db.updateTable('stories').set({ profile: JSON.stringify(profile), profile_digest: profile.digest }).where('id', '=', id).execute();
  }

  /**
   * Stories (not merged away) with entity rows under the most of these entity slugs, most shared
   * first: where a story's related stories are looked for beyond the live ones.
   */
  async storiesSharingEntities(slugs: string[], except: string, limit: number): Promise<string[]> {
    if (slugs.length === 0) return [];
    const rows = await this.db
      .selectFrom('story_entities')
      .select(['story_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('slug', 'in', slugs.slice(0, 500))
      .where('story_id', '!=', except)
      .groupBy('story_id')
      .orderBy('n', 'desc')
      .orderBy('story_id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.story_id);
  }

  /** The stored clusterer states of the live (active) stories, by story id (stories without one are absent). */
  async clusterStates(): Promise<Map<string, StoredClusterState>> {
    const rows = await this.db.selectFrom('stories').select(['id', 'cluster_state']).where('status', '=', 'active').where('cluster_state', 'is not', null).execute();
    return new Map(rows.map((r) => [r.id, JSON.parse(r.cluster_state!) as StoredClusterState]));
  }

  /** Save clusterer states, all in one transaction. */
  async setClusterStates(states: Map<string, StoredClusterState>): Promise<void> {
    if (states.size === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const [id, state] of states) await trx.updateTable('stories').set({ cluster_state: JSON.stringify(state) }).where('id', '=', id).execute();
    });
  }

  /**
   * Stories, most recently updated first; `status` keeps only those in that state. `articleIds:
   * false` leaves every story's `articleIds` empty: what a caller that needs the rows alone should
   * ask for, since the article ids are every article of every story (200,000 ids, about 0.3 s, at
   * 200,000 articles).
   */
  async listStories(filter: { status?: Story['status']; articleIds?: boolean } = {}): Promise<Story[]> {
    // Not the clusterer's state and the profile: large JSON a Story does not hold (at 200,000
    // articles, 120 MB of strings read to be dropped).
    let q = this.db.selectFrom('stories').select(STORY_COLUMNS);
    if (filter.status) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('updated_at', 'desc').execute();
    if (filter.articleIds === false) return rows.map((r) => toStory(r, []));
    let links = this.db.selectFrom('articles').select(['id', 'story_id']).where('story_id', 'is not', null);
    if (filter.status) links = links.where('story_id', 'in', (eb) => eb.selectFrom('stories').select('id').where('status', '=', filter.status!));
    const byStory = new Map<string, string[]>();
    // By story, then publication: the order of the index on (story_id, published, id), read from it alone.
    for (const l of await links.orderBy('story_id').orderBy('published').orderBy('id').execute()) {
      const list = byStory.get(l.story_id!);
      if (list) list.push(l.id);
      else byStory.set(l.story_id!, [l.id]);
    }
    return rows.map((r) => toStory(r, byStory.get(r.id) ?? []));
  }

  /**
   * Every story as the site shows it, most recently updated first, in pages of `size` read one query
   * at a time: its row's own fields, without its article ids, and without the clusterer's state and
   * the profile (large JSON the site never reads; on 12,700 stories the whole listing took 86 ms with
   * them). A reader that lets other work run between pages never holds SQLite's synchronous driver
   * (and so the event loop) for the whole listing (23 ms on 12,700 stories; a page of 2,000, about 4 ms).
   */
  async *storyHeadPages(size = 2000): AsyncGenerator<Story[]> {
    let after: { updatedAt: string; id: string } | null = null;
    for (;;) {
      let q = this.db.selectFrom('stories').select(STORY_COLUMNS);
      if (after) {
        const { updatedAt, id } = after;
        q = q.where((eb) => eb.or([eb('updated_at', '<', updatedAt), eb.and([eb('updated_at', '=', updatedAt), eb('id', '<', id)])]));
      }
      const rows = await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(size).execute();
      if (rows.length === 0) return;
      yield rows.map((r) => toStory(r, []));
      if (rows.length < size) return;
      const last = rows[rows.length - 1]!;
      after = { updatedAt: last.updated_at, id: last.id };
    }
  }

  /**
   * Merge story `from` into story `into`: its articles move, its row stays (status 'merged', with
   * `merged_into`, so its address can redirect), and it leaves the site's listings, entity rows and
   * search. Stories merged into `from` before now point at `into`, so a redirect takes one hop.
   */
  async mergeStory(from: string, into: string, at: string): Promise<void> {
    if (from === into) return;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('articles').set({ story_id: into }).where('story_id', '=', from).execute();
      await trx.updateTable('stories').set({ status: 'merged', merged_into: into, updated_at: at }).where('id', '=', from).execute();
      await trx.updateTable('stories').set({ merged_into: into }).where('merged_into', '=', from).execute();
      await trx.updateTable('stories').set({ updated_at: at }).where('id', '=', into).execute();
      await trx.deleteFrom('story_entities').where('story_id', '=', from).execute();
      await this.dropSearchDoc(trx, from);
    });
    await this.bumpGeneration();
  }

  /** Mark stories dormant: quiet too long to take new articles; they stay published. */
  async markDormant(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db.updateTable('stories').set({ status: 'dormant' }).where('id', 'in', ids.slice(i, i + 500)).where('status', '=', 'active').execute();
    }
  }

  async getStory(idOrSlug: string): Promise<Story | null> {
    const row = await this.db
      .selectFrom('stories')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
      .executeTakeFirst();
    if (!row) return null;
    const ids = await this.db.selectFrom('articles').select('id').where('story_id', '=', row.id).orderBy('published').execute();
    return toStory(row, ids.map((r) => r.id));
  }

  /**
   * A clustering run's writes in one transaction: new and updated stories, then which story each
   * article joined. (Written one statement at a time outside a transaction, 10,000 articles took
   * about 40 s to cluster, most of it in commits.)
   */
  async saveClustering(stories: Story[], assignments: { articleId: string; storyId: string }[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const s of stories) await upsertStory(trx, s);
      for (const { articleId, storyId } of assignments) await trx.updateTable('articles').set({ story_id: storyId }).where('id', '=', articleId).execute();
    });
  }

  async slugTaken(slug: string): Promise<boolean> {
    return !!(await this.db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirst());
  }

  // Briefings: append-only versions

  async saveBriefing(b: Briefing): Promise<void> {
    // The generation is moved on and read in the write's own transaction, so the row carries the
    // generation that shows it (see briefingsWrittenAfter).
    await this.db.transaction().execute(async (trx) => {
      const gen = await nextGeneration(trx);
      await trx.insertInto('briefings').values({ story_id: b.storyId, version: b.version, created_at: b.updatedAt, body: JSON.stringify(b), written_gen: gen }).execute();
    });
    this.changed();
  }

  /** Replace the product shelf of one stored briefing version (a shelf is not news: no new version). */
  async setBriefingProducts(storyId: string, version: number, products: Briefing['products']): Promise<boolean> {
    const b = await this.briefingVersion(storyId, version);
    if (!b) return false;
    b.products = products;
    await this.db.transaction().execute(async (trx) => {
      const gen = await nextGeneration(trx);
      await trx.updateTable('briefings').set({ body: JSON.stringify(b), written_gen: gen }).where('story_id', '=', storyId).where('version', '=', version).execute();
    });
    this.changed();
    return true;
  }

  /**
   * The briefing rows written after site generation `gen` (new versions, and versions whose shelf was
   * replaced), each story's newest among them: what a view built at `gen` lacks.
   */
  async briefingsWrittenAfter(gen: number): Promise<Briefing[]> {
    return this.briefingBodies(await this.briefingKeysWrittenAfter(gen));
  }

  /** Which briefings `briefingsWrittenAfter` would read (the newest version per story), without their bodies. */
  async briefingKeysWrittenAfter(gen: number): Promise<{ storyId: string; version: number }[]> {
    const rows = await this.db.selectFrom('briefings').select(['story_id', 'version']).where('written_gen', '>', gen).execute();
    const newest = new Map<string, number>();
    for (const r of rows) if ((newest.get(r.story_id) ?? -1) < r.version) newest.set(r.story_id, r.version);
    return [...newest].map(([storyId, version]) => ({ storyId, version }));
  }

  /** These briefing versions, in the order given (a missing one is left out). */
  async briefingBodies(keys: { storyId: string; version: number }[]): Promise<Briefing[]> {
    const out: Briefing[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      const chunk = keys.slice(i, i + 100);
      const rows = await this.db
        .selectFrom('briefings')
        .select(['story_id', 'version', 'body'])
        .where((eb) => eb.or(chunk.map((k) => eb.and([eb('story_id', '=', k.storyId), eb('version', '=', k.version)]))))
        .execute();
      const byKey = new Map(rows.map((r) => [`${r.story_id}\u0000${r.version}`, r.body]));
      for (const k of chunk) {
        const body = byKey.get(`${k.storyId}\u0000${k.version}`);
        if (body !== undefined) out.push(JSON.parse(body) as Briefing);
      }
    }
    return out;
  }

  async latestBriefing(storyId: string): Promise<Briefing | null> {
    const row = await this.db.selectFrom('briefings').select('body').where('story_id', '=', storyId).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row ? (JSON.parse(row.body) as Briefing) : null;
  }

  async briefingVersion(storyId: string, version: number): Promise<Briefing | null> {
    const row = await this.db.selectFrom('briefings').select('body').where('story_id', '=', storyId).where('version', '=', version).executeTakeFirst();
    return row ? (JSON.parse(row.body) as Briefing) : null;
  }

  async briefingVersions(storyId: string): Promise<{ version: number; createdAt: string }[]> {
    const rows = await this.db.selectFrom('briefings').select(['version', 'created_at']).where('story_id', '=', storyId).orderBy('version', 'desc').execute();
    return rows.map((r) => ({ version: r.version, createdAt: r.created_at }));
  }

  async latestBriefings(): Promise<Briefing[]> {
    const rows = await this.db
      .selectFrom('briefings as b')
      .select('b.body')
      .where(({ eb, selectFrom }) => eb('b.version', '=', selectFrom('briefings as b2').select((e) => e.fn.max('b2.version').as('v')).whereRef('b2.story_id', '=', 'b.story_id')))
      .execute();
    return rows.map((r) => JSON.parse(r.body) as Briefing).sort(newestFirst);
  }

  // What the site shows: a generation number bumped by each write that changes it.

  async generation(): Promise<number> {
    const row = await this.db.selectFrom('site_state').select('generation').where('id', '=', 1).executeTakeFirst();
    return row?.generation ?? 0;
  }

  private changeListeners = new Set<() => void>();

  /** Called after each write in this process that changes what the site shows (other processes' writes show in `generation()`). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }

  async bumpGeneration(): Promise<void> {
    await bump(this.db);
    this.changed();
  }

  /** Pin, hide or retitle a story; the choice outlives later briefing versions. */
  async setStoryFlags(idOrSlug: string, flags: { pinned?: boolean; hidden?: boolean; headlineOverride?: string | null }): Promise<boolean> {
    const values: { pinned?: number; hidden?: number; headline_override?: string | null } = {};
    if (flags.pinned !== undefined) values.pinned = flags.pinned ? 1 : 0;
    if (flags.hidden !== undefined) values.hidden = flags.hidden ? 1 : 0;
    if (flags.headlineOverride !== undefined) values.headline_override = flags.headlineOverride?.trim() || null;
    if (Object.keys(values).length === 0) return false;
    const res = await this.db
      .updateTable('stories')
      .set(values)
      .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
      .executeTakeFirst();
    await this.bumpGeneration();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Replace a story's entity rows and search document (after each new briefing). */
  async indexStory(storyId: string, entities: StoryEntityRow[], doc: StorySearchDoc): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('story_entities').where('story_id', '=', storyId).execute();
      for (let i = 0; i < entities.length; i += 50) {
        await trx
          .insertInto('story_entities')
          .values(
            entities.slice(i, i + 50).map((e) => ({
              story_id: storyId,
              slug: e.slug,
              name_key: e.key ?? null,
              name: e.name,
              type: e.type,
              roles: JSON.stringify(e.roles),
              aliases: JSON.stringify(e.aliases),
              mentions: e.mentions,
              days: JSON.stringify(e.days),
              quotes: JSON.stringify(e.quotes),
            })),
          )
          .onConflict((oc) => oc.columns(['story_id', 'slug']).doNothing())
          .execute();
      }
      await this.dropSearchDoc(trx, storyId);
      const { insertId } = await trx.insertInto('story_search').values({ story_id: storyId, ...doc }).executeTakeFirst();
      if (this.dialect === 'sqlite') await trx.insertInto('story_search_rows').values({ story_id: storyId, row: Number(insertId) }).execute();
      await bump(trx);
    });
    this.changed();
  }

  /** Remove a story's search document (SQLite: by the rowid kept for it in story_search_rows). */
  private async dropSearchDoc(trx: Kysely<Database>, storyId: string): Promise<void> {
    if (this.dialect !== 'sqlite') {
      await trx.deleteFrom('story_search').where('story_id', '=', storyId).execute();
      return;
    }
    const kept = await trx.selectFrom('story_search_rows').select('row').where('story_id', '=', storyId).executeTakeFirst();
    if (!kept) return;
    await sql`DELETE FROM story_search WHERE rowid = ${kept.row}`.execute(trx);
    await trx.deleteFrom('story_search_rows').where('story_id', '=', storyId).execute();
  }

  /**
   * The spelling keys of the entities under a slug: a page for "volodymyr-zelensky" also shows the
   * stories that spell the name "Zelenskyy" (rows written before keys existed have none).
   */
  private async keysOf(slug: string): Promise<string[]> {
    const rows = await this.db.selectFrom('story_entities').select('name_key').distinct().where('slug', '=', slug).where('name_key', 'is not', null).execute();
    return rows.map((r) => r.name_key!);
  }

  async entityRows(filter: { slug?: string; storyId?: string; type?: string }): Promise<StoryEntityRow[]> {
    let q = this.db.selectFrom('story_entities').selectAll();
    if (filter.slug) {
      const keys = await this.keysOf(filter.slug);
      q = keys.length ? q.where((eb) => eb.or([eb('slug', '=', filter.slug!), eb('name_key', 'in', keys)])) : q.where('slug', '=', filter.slug);
    }
    if (filter.type) q = q.where('type', '=', filter.type);
    if (filter.storyId) q = q.where('story_id', '=', filter.storyId);
    const rows = await q.orderBy('mentions', 'desc').execute();
    return rows.map((r) => ({
      storyId: r.story_id,
      slug: r.slug,
      name: r.name,
      type: r.type as EntityType,
      roles: JSON.parse(r.roles) as string[],
      aliases: JSON.parse(r.aliases) as string[],
      mentions: r.mentions,
      days: JSON.parse(r.days) as Record<string, number>,
      quotes: JSON.parse(r.quotes) as StoryEntityRow['quotes'],
      key: r.name_key,
    }));
  }

  /** Every story whose entities include this slug, in any spelling (the search filter). */
  async storiesWithEntity(slug: string): Promise<Set<string>> {
    const keys = await this.keysOf(slug);
    const rows = await this.db
      .selectFrom('story_entities')
      .select('story_id')
      .where((eb) => (keys.length ? eb.or([eb('slug', '=', slug), eb('name_key', 'in', keys)]) : eb('slug', '=', slug)))
      .execute();
    return new Set(rows.map((r) => r.story_id));
  }

  /** Story ids matching a query, best first (bm25 with the headline weighted most). */
  async searchStories(q: string, limit = 1000): Promise<string[]> {
    if (this.dialect === 'postgres') {
      const expr = tsQuery(q);
      if (!expr) return [];
      const { rows } = await sql<{ story_id: string }>`SELECT story_id FROM story_search, to_tsquery('english', ${expr}) query WHERE doc @@ query ORDER BY ts_rank(doc, query) DESC, story_id LIMIT ${limit}`.execute(this.db);
      return rows.map((r) => r.story_id);
    }
    const expr = ftsQuery(q);
    if (!expr) return [];
    const { rows } = await sql<{ story_id: string }>`SELECT story_id FROM story_search WHERE story_search MATCH ${expr} ORDER BY bm25(story_search, 0, 8, 4, 1, 2) LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => r.story_id);
  }

  /**
   * SQLite: the same search as `searchStories`, as the index's own row numbers (`searchRowStories`
   * maps them to stories). Reading a story id means a look-up in the index's content table for each
   * match, up to a thousand a query: integers come straight from the index, a third cheaper. Null on
   * PostgreSQL, whose search rows have no such numbers.
   */
  async searchStoryRows(q: string, limit = 1000): Promise<number[] | null> {
    if (this.dialect !== 'sqlite') return null;
    const expr = ftsQuery(q);
    if (!expr) return [];
    const { rows } = await sql<{ rowid: number }>`SELECT rowid FROM story_search WHERE story_search MATCH ${expr} ORDER BY bm25(story_search, 0, 8, 4, 1, 2) LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => r.rowid);
  }

  /** SQLite: each search row's story (for `searchStoryRows`); empty on PostgreSQL. */
  async searchRowStories(): Promise<Map<number, string>> {
    if (this.dialect !== 'sqlite') return new Map();
    const rows = await this.db.selectFrom('story_search_rows').select(['row', 'story_id']).execute();
    return new Map(rows.map((r) => [r.row, r.story_id]));
  }

  /** Articles per publication day and outlet, for a story's coverage chart. */
  async coverage(storyId: string): Promise<{ day: string; outlet: string; articles: number }[]> {
    // Grouped by the expressions themselves: PostgreSQL reads a GROUP BY name as a column first.
    const day = sql<string>`substr(coalesce(published, fetched_at), 1, 10)`;
    const outlet = sql<string>`coalesce(outlet, site_name, '')`;
    const rows = await this.db
      .selectFrom('articles')
      .select((eb) => [day.as('day'), outlet.as('outlet'), eb.fn.countAll<number>().as('n')])
      .where('story_id', '=', storyId)
      .groupBy([day, outlet])
      .orderBy(day)
      .execute();
    return rows.map((r) => ({ day: r.day, outlet: r.outlet || 'unknown', articles: Number(r.n) }));
  }

  /** Stories that hold an article from this source (or a syndicated copy it carried). */
  async storiesForSource(sourceId: number): Promise<Set<string>> {
    const direct = await this.db.selectFrom('articles').select('story_id').distinct().where('source_id', '=', sourceId).where('story_id', 'is not', null).execute();
    const copies = await this.db
      .selectFrom('article_copies as c')
      .innerJoin('articles as a', 'a.id', 'c.article_id')
      .select('a.story_id')
      .distinct()
      .where('c.source_id', '=', sourceId)
      .where('a.story_id', 'is not', null)
      .execute();
    return new Set([...direct, ...copies].map((r) => r.story_id!));
  }

  async getSource(id: number): Promise<Source | null> {
    const r = await this.db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toSource(r) : null;
  }

  // The product catalogue imported by an editor (the config file's catalogue takes precedence)

  async replaceCatalogue(products: Product[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('products').execute();
      for (const p of products) {
        await trx
          .insertInto('products')
          .values({ id: p.id, name: p.name, blurb: p.blurb, url: p.url, tags: JSON.stringify(p.tags), disclosure: p.disclosure ?? null })
          .onConflict((oc) => oc.column('id').doUpdateSet({ name: p.name, blurb: p.blurb, url: p.url, tags: JSON.stringify(p.tags), disclosure: p.disclosure ?? null }))
          .execute();
      }
    });
  }

  async listCatalogue(): Promise<Product[]> {
    const rows = await this.db.selectFrom('products').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, blurb: r.blurb, url: r.url, tags: JSON.parse(r.tags) as string[], disclosure: r.disclosure }));
  }

  // Users and sessions (admin)

  async addUser(name: string, passwordHash: string): Promise<User> {
    const row = await this.db.insertInto('users').values({ name, password_hash: passwordHash, created_at: this.clock().toISOString() }).returningAll().executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, passwordHash: row.password_hash, createdAt: row.created_at };
  }

  async setUserPassword(name: string, passwordHash: string): Promise<boolean> {
    const res = await this.db.updateTable('users').set({ password_hash: passwordHash }).where('name', '=', name).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    const user = await this.getUser(name);
    if (user) await this.db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    return true;
  }

  async getUser(name: string): Promise<User | null> {
    const r = await this.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    return r ? { id: r.id, name: r.name, passwordHash: r.password_hash, createdAt: r.created_at } : null;
  }

  async listUsers(): Promise<{ name: string; createdAt: string }[]> {
    const rows = await this.db.selectFrom('users').select(['name', 'created_at']).orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at }));
  }

  async removeUser(name: string): Promise<boolean> {
    const res = await this.db.deleteFrom('users').where('name', '=', name).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async createSession(s: { id: string; userId: number; csrf: string; expiresAt: string }): Promise<void> {
    const now = this.clock().toISOString();
    await this.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
    await this.db.insertInto('sessions').values({ id: s.id, user_id: s.userId, csrf: s.csrf, created_at: now, expires_at: s.expiresAt }).execute();
  }

  async getSession(id: string): Promise<Session | null> {
    const r = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.user_id', 'u.name', 's.csrf', 's.expires_at'])
      .where('s.id', '=', id)
      .where('s.expires_at', '>', this.clock().toISOString())
      .executeTakeFirst();
    return r ? { id: r.id, userId: r.user_id, userName: r.name, csrf: r.csrf, expiresAt: r.expires_at } : null;
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async stats(): Promise<Stats> {
    const count = async (table: 'sources' | 'articles' | 'stories', failing = false) => {
      let q = this.db.selectFrom(table).select((e) => e.fn.countAll<number>().as('n'));
      if (failing) q = q.where('failures' as never, '>', 0 as never);
      // A merged story's articles count in the story that took them.
      if (table === 'stories') q = q.where('status' as never, '!=', 'merged' as never);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    return {
      sources: await count('sources'),
      failingSources: await count('sources', true),
      articles: await count('articles'),
      stories: await count('stories'),
    };
  }
}
