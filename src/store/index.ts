import { SitrepError } from '../errors.js';
import { sqliteKysely } from './sqlite.js';
import { Store } from './store.js';

export { Store } from './store.js';
export type { Stats, StoredArticle, SourcePatch, ArticleCopy, StoryEntityRow, StorySearchDoc, User, Session } from './store.js';
export { ftsQuery } from './store.js';

export const DEFAULT_DB = './data/sitrep.db';

/**
 * Open the store the environment names: DATABASE_URL=postgres://… selects PostgreSQL (not built yet),
 * otherwise SITREP_DB (default ./data/sitrep.db) is a SQLite file. Migrations run on open.
 */
export async function openStore(opts: { path?: string } = {}): Promise<Store> {
  const url = process.env.DATABASE_URL;
  if (!opts.path && url && /^postgres(ql)?:/.test(url)) {
    throw new SitrepError('not_built', 'PostgreSQL storage is not built yet; unset DATABASE_URL to use SQLite (SITREP_DB)');
  }
  const store = new Store(sqliteKysely(opts.path ?? process.env.SITREP_DB ?? DEFAULT_DB));
  await store.migrate();
  return store;
}
