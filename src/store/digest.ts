// How a pipeline stage tells that a story's article set changed since it saved its state (the
// clusterer's running sums, the related-story profile): a digest of the set, taken by the store.
//
// The digest is the number of the story's articles and the sum of a 32-bit hash of each id,
// aggregated in the database over the index on (story_id, …): no article id crosses into the
// process to find which stories changed. (Listing every story's article ids to hash them in
// JavaScript took about 0.45 s per stage at 200,000 articles, and grew with the store.) A set that
// gains, loses or swaps an article changes the digest unless the swap keeps both the count and the
// sum: two ids whose hashes are equal, about one chance in four billion.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { fnv1a } from '../text/fnv.js';
import type { Dialect } from './migrations.js';

/** The SQL function SQLite stores register on every connection: FNV-1a of an article id. */
export const SQLITE_ID_HASH = 'sitrep_id_hash';
export const sqliteIdHash = (id: unknown): number => (typeof id === 'string' ? fnv1a(id) : 0);

/** Each article id's hash, in the store's own SQL (PostgreSQL: the first 32 bits of its MD5). */
export const idHashSql = (dialect: Dialect): RawBuilder<number> =>
  dialect === 'postgres' ? sql<number>`('x' || left(md5(id), 8))::bit(32)::bigint` : sql<number>`sitrep_id_hash(id)`;

/** A story's articles as the digest sees them: how many, and the digest of the set. */
export interface StoryDigest {
  articles: number;
  digest: string;
}

export const formatDigest = (articles: number | string, sum: number | string | null): StoryDigest => ({ articles: Number(articles), digest: `${Number(articles)}:${sum ?? 0}` });

/**
 * The digests of the stories with at least one article: those with `status`, or these `ids`, or all.
 * Shared by the store and the migration that moved saved state to this form.
 */
export async function storyDigests(db: Kysely<any>, dialect: Dialect, filter: { status?: string; ids?: string[] } = {}): Promise<Map<string, StoryDigest>> {
  const out = new Map<string, StoryDigest>();
  const chunks = filter.ids ? Array.from({ length: Math.ceil(filter.ids.length / 500) }, (_, k) => filter.ids!.slice(k * 500, k * 500 + 500)) : [null];
  for (const chunk of chunks) {
    let q = (db as Kysely<{ articles: { story_id: string | null; id: string }; stories: { id: string; status: string } }>)
      .selectFrom('articles')
      .select(['story_id', (eb) => eb.fn.countAll<number | string>().as('n'), sql<string | number | null>`sum(${idHashSql(dialect)})`.as('s')])
      .where('story_id', 'is not', null);
    if (chunk) q = q.where('story_id', 'in', chunk);
    if (filter.status) q = q.where('story_id', 'in', (eb) => eb.selectFrom('stories').select('id').where('status', '=', filter.status!));
    for (const r of await q.groupBy('story_id').execute()) out.set(r.story_id!, formatDigest(r.n, r.s));
  }
  return out;
}
