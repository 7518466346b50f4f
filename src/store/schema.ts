import type { Generated } from 'kysely';

// Row shapes as stored. JSON columns hold text; the store maps rows to model values.

export interface SourcesTable {
  id: Generated<number>;
  url: string;
  kind: string;
  title: string | null;
  outlet: string | null;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: string | null;
  next_poll_at: string | null;
  failures: number;
  last_error: string | null;
  created_at: string;
}

export interface ArticlesTable {
  id: string;
  source_id: number | null;
  url: string;
  canonical: string | null;
  title: string | null;
  byline: string | null;
  published: string | null;
  modified: string | null;
  lang: string | null;
  site_name: string | null;
  description: string | null;
  image: string | null;
  text: string;
  outlet: string | null;
  fetched_at: string;
  analysis: string | null;
  story_id: string | null;
  simhash: string | null;
}

export interface ArticleFingerprintsTable {
  band: number;
  article_id: string;
  simhash: string;
}

export interface ArticleCopiesTable {
  url: string;
  article_id: string;
  source_id: number | null;
  outlet: string | null;
  title: string | null;
  published: string | null;
  fetched_at: string;
}

export interface StoriesTable {
  id: string;
  slug: string;
  title: string;
  status: string;
  created_at: string;
  updated_at: string;
  pinned: Generated<number>;
  hidden: Generated<number>;
  headline_override: string | null;
  /** Set when the story merged into another (status 'merged'): the id of that story. */
  merged_into: string | null;
  /** JSON StoryProfile: what related-story ranking reads, and the digest of the articles it came from. */
  profile: Generated<string | null>;
  /** The profile's digest alone, to tell which stories changed without reading every profile. */
  profile_digest: Generated<string | null>;
  /** JSON StoredClusterState: the clusterer's running state of a live story. */
  cluster_state: Generated<string | null>;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  password_hash: string;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf: string;
  created_at: string;
  expires_at: string;
}

export interface ProductsTable {
  id: string;
  name: string;
  blurb: string;
  url: string;
  tags: string;
  disclosure: string | null;
}

export interface StoryEntitiesTable {
  story_id: string;
  slug: string;
  /** The spelling key of the name (0009); null on rows written before it. */
  name_key: string | null;
  name: string;
  type: string;
  roles: string;
  aliases: string;
  mentions: number;
  /** JSON {"YYYY-MM-DD": mentions} */
  days: string;
  /** JSON [{quote, role, published, articleId}] */
  quotes: string;
}

export interface SiteStateTable {
  id: number;
  generation: number;
  /** When the last poll round finished polling its due sources (null: none yet). */
  last_round_at: string | null;
  /** The generation up to which written briefings were scored against the watchlists. */
  alerts_gen: Generated<number>;
}

export interface WatchesTable {
  id: Generated<number>;
  name: string;
  token: string;
  /** JSON WatchCriteria */
  criteria: string;
  min_score: number;
  webhook: string | null;
  email: string | null;
  created_at: string;
  created_gen: number;
}

export interface AlertsTable {
  id: Generated<number>;
  watch_id: number;
  story_id: string;
  version: number;
  score: number;
  /** 1 when the score reached the watchlist's threshold (then it is delivered), else 0. */
  passed: number;
  /** JSON AlertBody */
  body: string;
  created_at: string;
}

export interface AlertDeliveriesTable {
  id: Generated<number>;
  alert_id: number;
  watch_id: number;
  channel: string;
  /** pending, sent, or failed (gave up) */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  claim: string | null;
  claimed_until: string | null;
  sent_at: string | null;
  /** The id of the digest (one message) it went out in. */
  batch: string | null;
  last_error: string | null;
}

export interface StorySearchTable {
  story_id: string;
  headline: string;
  summary: string;
  body: string;
  names: string;
}

/** SQLite only: the row of each story's search document, so it is replaced by rowid, not a scan. */
export interface StorySearchRowsTable {
  story_id: string;
  row: number;
}

export interface BriefingsTable {
  story_id: string;
  version: number;
  created_at: string;
  body: string;
  /** The site generation this row's write moved the site to (null: written before it was kept). */
  written_gen: Generated<number | null>;
}

export interface Database {
  sources: SourcesTable;
  articles: ArticlesTable;
  stories: StoriesTable;
  briefings: BriefingsTable;
  article_copies: ArticleCopiesTable;
  article_fingerprints: ArticleFingerprintsTable;
  users: UsersTable;
  sessions: SessionsTable;
  products: ProductsTable;
  story_entities: StoryEntitiesTable;
  site_state: SiteStateTable;
  story_search: StorySearchTable;
  story_search_rows: StorySearchRowsTable;
  watches: WatchesTable;
  alerts: AlertsTable;
  alert_deliveries: AlertDeliveriesTable;
}
