import { sql } from 'kysely';
import { SitrepError, redactUrl } from '../errors.js';
import { sqliteKysely } from './sqlite.js';
import { postgresKysely } from './postgres.js';
import { Store } from './store.js';
import { clockFromEnv, type Clock } from '../clock.js';

export { Store } from './store.js';
export type { Stats, StoredArticle, StoredClusterState, StoryProfile, SourcePatch, ArticleCopy, StoryEntityRow, StorySearchDoc, User, Session } from './store.js';
export { ftsQuery, newestFirst, tsQuery } from './store.js';
export type { Dialect } from './migrations.js';
export { checkSqliteStore } from './sqlite.js';
export { formatDigest, type StoryDigest } from './digest.js';
import { migrationProvider } from './migrations.js';

/** The names of the migrations this version knows, oldest first. */
export async function knownMigrations(): Promise<string[]> {
  return Object.keys(await migrationProvider('sqlite').getMigrations()).sort();
}

export const DEFAULT_DB = './data/sitrep.db';

/**
 * Open the store the environment names: DATABASE_URL=postgres://… selects PostgreSQL, otherwise
 * SITREP_DB (default ./data/sitrep.db) is a SQLite file. Migrations run on open. `clock` is the
 * desk's one clock (default: SITREP_NOW if set, else the system's), which every stage working on
 * this store reads "now" from.
 */
export async function openStore(opts: { path?: string; databaseUrl?: string; clock?: Clock } = {}): Promise<Store> {
  const url = opts.databaseUrl ?? (opts.path ? undefined : process.env.DATABASE_URL);
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new SitrepError('bad_config', `DATABASE_URL must be a postgres:// URL (got ${url.split(':')[0]}:…)`);
  const clock = opts.clock ?? clockFromEnv();
  const store = url ? new Store(postgresKysely(url), 'postgres', clock) : new Store(sqliteKysely(opts.path ?? process.env.SITREP_DB ?? DEFAULT_DB), 'sqlite', clock);
  if (url) {
    // Reach the server first, so a wrong address or password is reported as that, not as a migration.
    try {
      await sql`SELECT 1`.execute(store.db);
    } catch (err) {
      await store.close().catch(() => {});
      throw new SitrepError('db_unavailable', `PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
    }
  }
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}

