import { fingerprintBands } from '../text/simhash.js';
import { createHash } from 'node:crypto';
import { sql, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { storyDigests } from './digest.js';

export type Dialect = 'sqlite' | 'postgres';

// Migrations live in code so the compiled CLI carries them; each is append-only once released.
// The same steps build SQLite and PostgreSQL; where the two differ (auto-increment keys, full-text
// search) the step asks which it is building.
const migrations = (dialect: Dialect): Record<string, Migration> => {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await withId(db.schema.createTable('sources'))
          .addColumn('url', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'text', (c) => c.notNull().defaultTo('feed'))
          .addColumn('title', 'text')
          .addColumn('outlet', 'text')
          .addColumn('etag', 'text')
          .addColumn('last_modified', 'text')
          .addColumn('last_fetched_at', 'text')
          .addColumn('next_poll_at', 'text')
          .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('stories')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('articles')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('set null'))
          .addColumn('url', 'text', (c) => c.notNull().unique())
          .addColumn('canonical', 'text')
          .addColumn('title', 'text')
          .addColumn('byline', 'text')
          .addColumn('published', 'text')
          .addColumn('modified', 'text')
          .addColumn('lang', 'text')
          .addColumn('site_name', 'text')
          .addColumn('description', 'text')
          .addColumn('image', 'text')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('outlet', 'text')
          .addColumn('fetched_at', 'text', (c) => c.notNull())
          .addColumn('analysis', 'text')
          .addColumn('story_id', 'text', (c) => c.references('stories.id').onDelete('set null'))
          .execute();
        await db.schema.createIndex('articles_story').on('articles').column('story_id').execute();
        await db.schema.createIndex('articles_published').on('articles').column('published').execute();
        await db.schema.createIndex('articles_canonical').on('articles').column('canonical').execute();
        await db.schema
          .createTable('briefings')
          .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('briefings_pk', ['story_id', 'version'])
          .execute();
      },
    },
    '0002_dedupe': {
      async up(db: Kysely<unknown>) {
        // Near-duplicate detection: a 64-bit SimHash of each body, and its 16-bit bands in their own
        // indexed table, so the candidates for a new article are found by key, not by scanning.
        await db.schema.alterTable('articles').addColumn('simhash', 'text').execute();
        await db.schema
          .createTable('article_bands')
          .addColumn('band', 'text', (c) => c.notNull())
          .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .execute();
        await db.schema.createIndex('article_bands_band').on('article_bands').column('band').execute();
        // Other outlets' copies of a stored article (syndication): one article, several sources.
        await db.schema
          .createTable('article_copies')
          .addColumn('url', 'text', (c) => c.primaryKey())
          .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('set null'))
          .addColumn('outlet', 'text')
          .addColumn('title', 'text')
          .addColumn('published', 'text')
          .addColumn('fetched_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('article_copies_article').on('article_copies').column('article_id').execute();
      },
    },
    '0003_publishing': {
      async up(db: Kysely<unknown>) {
        // Editors' choices live on the story, so they survive every new briefing version.
        await db.schema.alterTable('stories').addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable('stories').addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable('stories').addColumn('headline_override', 'text').execute();
        await withId(db.schema.createTable('users'))
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        // A session row is keyed by the SHA-256 of the cookie's token, so a leaked database holds no usable cookie.
        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('csrf', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('products')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('blurb', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('disclosure', 'text')
          .execute();
        // Per-story entity rows for entity pages and the search filter, rewritten with each briefing.
        await db.schema
          .createTable('story_entities')
          .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
          .addColumn('slug', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('roles', 'text', (c) => c.notNull())
          .addColumn('aliases', 'text', (c) => c.notNull())
          .addColumn('mentions', 'integer', (c) => c.notNull())
          .addColumn('days', 'text', (c) => c.notNull())
          .addColumn('quotes', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('story_entities_pk', ['story_id', 'slug'])
          .execute();
        await db.schema.createIndex('story_entities_slug').on('story_entities').column('slug').execute();
        // Bumped by every write that changes what the site shows; the web layer caches pages per value.
        await db.schema.createTable('site_state').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('generation', 'integer', (c) => c.notNull()).execute();
        await sql`INSERT INTO site_state (id, generation) VALUES (1, 1)`.execute(db);
        // Full-text search over each story's latest briefing, names and article titles.
        if (dialect === 'postgres') {
          // PostgreSQL: a weighted tsvector kept by the database, under a GIN index.
          await sql`CREATE TABLE story_search (story_id text PRIMARY KEY, headline text NOT NULL, summary text NOT NULL, body text NOT NULL, names text NOT NULL,
            doc tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', headline), 'A') || setweight(to_tsvector('english', summary), 'B') || setweight(to_tsvector('english', names), 'C') || setweight(to_tsvector('english', body), 'D')) STORED)`.execute(db);
          await sql`CREATE INDEX story_search_doc ON story_search USING GIN (doc)`.execute(db);
        } else {
          await sql`CREATE VIRTUAL TABLE story_search USING fts5(story_id UNINDEXED, headline, summary, body, names, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')`.execute(db);
        }
      },
    },
    '0004_fingerprints': {
      async up(db: Kysely<unknown>) {
        // Fingerprint bands with the fingerprint beside them, so finding near-duplicates reads this one
        // index and never the candidates' article rows (one random row read each, and with 16-bit
        // bands about 4 candidates per 65,536 stored articles for every new one). Bands are integers:
        // band number × 65,536 + the band's 16 bits.
        const fingerprints = db.schema
          .createTable('article_fingerprints')
          .addColumn('band', 'integer', (c) => c.notNull())
          .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('simhash', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('article_fingerprints_pk', ['band', 'article_id']);
        await (dialect === 'sqlite' ? fingerprints.modifyEnd(sql`WITHOUT ROWID`) : fingerprints).execute();
        // Page through the stored fingerprints by id, so a large store is not read into memory at once.
        for (let after = ''; ; ) {
          const { rows } = await sql<{ id: string; simhash: string }>`SELECT id, simhash FROM articles WHERE simhash IS NOT NULL AND id > ${after} ORDER BY id LIMIT 2000`.execute(db);
          if (rows.length === 0) break;
          for (let i = 0; i < rows.length; i += 100) {
            const values = rows.slice(i, i + 100).flatMap((r) => fingerprintBands(r.simhash).map((band) => sql`(${band}, ${r.id}, ${r.simhash})`));
            await sql`INSERT INTO article_fingerprints (band, article_id, simhash) VALUES ${sql.join(values)}`.execute(db);
          }
          after = rows[rows.length - 1]!.id;
        }
        await db.schema.dropTable('article_bands').execute();
      },
    },
    '0005_story_merges': {
      async up(db: Kysely<unknown>) {
        // Stories that converge merge into the older one; the younger keeps its row (and slug), so
        // its address can redirect to the story that took its articles.
        await db.schema.alterTable('stories').addColumn('merged_into', 'text').execute();
        await db.schema.createIndex('stories_status').on('stories').column('status').execute();
      },
    },
    '0006_story_state': {
      async up(db: Kysely<unknown>) {
        // What related-story ranking needs of a story (its heaviest terms and names), and the
        // clusterer's running state of a live one, each with a digest of the article set it was taken
        // from: a run then reads the articles of changed stories only.
        await db.schema.alterTable('stories').addColumn('profile', 'text').execute();
        await db.schema.alterTable('stories').addColumn('profile_digest', 'text').execute();
        await db.schema.alterTable('stories').addColumn('cluster_state', 'text').execute();
        // Each story's article ids in publication order, from the index alone (every run lists them
        // for every story, to tell which changed): 10-18 ms for 10,000 articles against about 110 ms
        // through the published index and the article rows. It replaces the index on story_id alone.
        await db.schema.createIndex('articles_story_links').on('articles').columns(['story_id', 'published', 'id']).execute();
        await db.schema.dropIndex('articles_story').execute();
        // The site generation at which each briefing row was last written, so the site reloads only
        // the briefings written since the view it holds (null: written before this migration).
        await db.schema.alterTable('briefings').addColumn('written_gen', 'integer').execute();
        await db.schema.createIndex('briefings_written_gen').on('briefings').column('written_gen').execute();
      },
    },
    '0007_poll_rounds': {
      async up(db: Kysely<unknown>) {
        // When the last poll round finished: what a readiness check reads, whichever process polled.
        await db.schema.alterTable('site_state').addColumn('last_round_at', 'text').execute();
      },
    },
    '0008_watchlists': {
      async up(db: Kysely<unknown>) {
        // A watchlist: what it follows (JSON criteria), its threshold, and where its alerts go. The
        // token is the capability its feed and page URLs carry; created_gen keeps a new watchlist from
        // alerting on briefings written before it existed.
        await withId(db.schema.createTable('watches'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token', 'text', (c) => c.notNull().unique())
          .addColumn('criteria', 'text', (c) => c.notNull())
          .addColumn('min_score', 'real', (c) => c.notNull())
          .addColumn('webhook', 'text')
          .addColumn('email', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_gen', 'integer', (c) => c.notNull())
          .execute();
        // Every scored update of a matching story, passed or not (the reasons explain both); one per
        // watchlist and briefing version, so evaluating a version twice records it once.
        await withId(db.schema.createTable('alerts'))
          .addColumn('watch_id', 'integer', (c) => c.notNull().references('watches.id').onDelete('cascade'))
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('score', 'real', (c) => c.notNull())
          .addColumn('passed', 'integer', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('alerts_once', ['watch_id', 'story_id', 'version'])
          .execute();
        await db.schema.createIndex('alerts_watch').on('alerts').columns(['watch_id', 'id']).execute();
        // The outbox: one row per alert and channel, written in the same transaction as the alert,
        // and claimed with a lease by whichever process sends it.
        await withId(db.schema.createTable('alert_deliveries'))
          .addColumn('alert_id', 'integer', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
          .addColumn('watch_id', 'integer', (c) => c.notNull().references('watches.id').onDelete('cascade'))
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('claim', 'text')
          .addColumn('claimed_until', 'text')
          .addColumn('sent_at', 'text')
          .addColumn('batch', 'text')
          .addColumn('last_error', 'text')
          .addUniqueConstraint('alert_deliveries_once', ['alert_id', 'channel'])
          .execute();
        await db.schema.createIndex('alert_deliveries_due').on('alert_deliveries').columns(['status', 'next_attempt_at']).execute();
        // The site generation up to which written briefings have been scored against the watchlists.
        await db.schema.alterTable('site_state').addColumn('alerts_gen', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      },
    },
    '0009_entity_keys': {
      async up(db: Kysely<unknown>) {
        // One entity page for every spelling of a name: the key its spellings share. Rows written
        // before this have none until their story's next briefing rewrites them.
        await db.schema.alterTable('story_entities').addColumn('name_key', 'text').execute();
        await db.schema.createIndex('story_entities_key').on('story_entities').column('name_key').execute();
      },
    },
    '0010_story_heads': {
      async up(db: Kysely<unknown>) {
        // The site reads every story's head (no profile, no clustering state) on each new view. Story
        // rows carry kilobytes of those, so a scan of the table read every row's pages: 30 ms on 8,000
        // stories. This index holds the head columns, so the scan reads it alone.
        await db.schema
          .createIndex('stories_heads')
          .on('stories')
          .columns(['updated_at', 'id', 'slug', 'title', 'status', 'merged_into', 'created_at', 'pinned', 'hidden', 'headline_override'])
          .execute();
      },
    },
    '0011_story_digests': {
      async up(db: Kysely<unknown>) {
        // Saved story state (the clusterer's, the profile) carried a SHA-1 of the sorted article ids,
        // taken in the pipeline from every story's ids; the store now takes a digest in SQL
        // (digest.ts). A saved digest that matches the story's articles is rewritten in the new form,
        // so an upgrade rebuilds no story and rewrites no briefing; one that did not match stays
        // stale, as before. A page of 500 stories at a time.
        const legacy = (ids: string[]) => createHash('sha1').update([...ids].sort().join('\n')).digest('hex').slice(0, 16);
        const d = db as Kysely<{ stories: { id: string; cluster_state: string | null; profile: string | null; profile_digest: string | null }; articles: { id: string; story_id: string | null } }>;
        const stories = await d.selectFrom('stories').select('id').where((eb) => eb.or([eb('cluster_state', 'is not', null), eb('profile_digest', 'is not', null)])).orderBy('id').execute();
        for (let i = 0; i < stories.length; i += 500) {
          const page = stories.slice(i, i + 500).map((r) => r.id);
          const ids = new Map<string, string[]>();
          for (const r of await d.selectFrom('articles').select(['id', 'story_id']).where('story_id', 'in', page).execute()) {
            const list = ids.get(r.story_id!);
            if (list) list.push(r.id);
            else ids.set(r.story_id!, [r.id]);
          }
          const digests = await storyDigests(db, dialect, { ids: page });
          for (const row of await d.selectFrom('stories').select(['id', 'cluster_state', 'profile', 'profile_digest']).where('id', 'in', page).execute()) {
            const before = legacy(ids.get(row.id) ?? []);
            const after = digests.get(row.id)?.digest;
            if (!after) continue;
            const set: { cluster_state?: string; profile?: string; profile_digest?: string } = {};
            if (row.cluster_state) {
              const state = JSON.parse(row.cluster_state) as { digest?: string };
              if (state.digest === before) set.cluster_state = JSON.stringify({ ...state, digest: after });
            }
            if (row.profile_digest === before && row.profile) {
              set.profile = JSON.stringify({ ...(JSON.parse(row.profile) as object), digest: after });
              set.profile_digest = after;
            }
            if (Object.keys(set).length) await d.updateTable('stories').set(set).where('id', '=', row.id).execute();
          }
        }
      },
    },
    '0012_search_rows': {
      async up(db: Kysely<unknown>) {
        // SQLite: FTS5 finds a document by its rowid alone (story_id is an unindexed column), so
        // replacing a story's search document by story id scanned every document: 20 ms a story at
        // 13,600 stories, in every run that writes briefings. Each story's row is kept here instead.
        if (dialect !== 'sqlite') return;
        await sql`CREATE TABLE story_search_rows (story_id text PRIMARY KEY, row integer NOT NULL)`.execute(db);
        await sql`INSERT OR REPLACE INTO story_search_rows (story_id, row) SELECT story_id, rowid FROM story_search`.execute(db);
      },
    },
    '0013_entity_slug_stories': {
      async up(db: Kysely<unknown>) {
        // A changed story's related stories are looked for among those sharing most of its names: a
        // count by story over the entity rows of up to 60 slugs. The index on slug alone sent each row
        // to the table for its story (70 ms for a long story's names at 200,000 articles); this one
        // holds both (12 ms). It serves the entity pages' slug lookups as the old one did.
        await db.schema.dropIndex('story_entities_slug').ifExists().execute();
        await db.schema.createIndex('story_entities_slug_story').ifNotExists().on('story_entities').columns(['slug', 'story_id']).execute();
      },
    },
  };
};

export const migrationProvider = (dialect: Dialect): MigrationProvider => ({
  async getMigrations() {
    return migrations(dialect);
  },
});
