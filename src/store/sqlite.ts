import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database as Schema } from './schema.js';
import { SQLITE_ID_HASH, sqliteIdHash } from './digest.js';

/** The better-sqlite3 handle and file behind each SQLite Kysely instance (for backups and health checks). */
const handles = new WeakMap<object, { sqlite: Database.Database; path: string; ino: number | null }>();
export const sqliteHandle = (db: Kysely<Schema>) => handles.get(db) ?? null;

/** A Kysely instance over a SQLite file in WAL mode (or ':memory:'). */
export function sqliteKysely(path: string): Kysely<Schema> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // A page cache of 16 MB (SQLite's default is 2 MB): ingestion writes many pages per poll. 32 MB
  // measured no faster in bench:ingest and cost 15 MB more resident memory. Memory-mapped reads are
  // off by default: they add the touched part of the file to the process's resident memory (about
  // 75 MB in bench:ingest) for no measured gain; SITREP_SQLITE_MMAP_MB turns them on.
  sqlite.pragma('cache_size = -16384');
  sqlite.pragma(`mmap_size = ${Number(process.env.SITREP_SQLITE_MMAP_MB ?? 0) * 1048576}`);
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoint the write-ahead log every 40 MB rather than every 4 MB: an ingest batch dirties index
  // pages all over the file (article ids, URLs and fingerprint bands are random keys), and a page
  // written by several batches between checkpoints is copied back once (bench:ingest's 50,000
  // articles store in about 15% less time).
  sqlite.pragma('wal_autocheckpoint = 10000');
  // The hash a story's article-set digest sums (digest.ts).
  sqlite.function(SQLITE_ID_HASH, { deterministic: true }, sqliteIdHash);
  // Kysely prepares every query it runs; keeping the prepared statements by SQL text saves that work on
  // the hot paths (the site's per-request queries). Statements run synchronously, so reuse is safe.
  const statements = new Map<string, Database.Statement>();
  const database = {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let st = statements.get(sql);
      if (!st) {
        st = sqlite.prepare(sql);
        // Very long statements are IN lists whose length varies: rarely reused, kept out. Batch inserts
        // of full chunks (40 articles, 100 copies) repeat exactly and are kept.
        if (sql.length > 20_000) return st;
        if (statements.size >= 500) statements.clear();
        statements.set(sql, st);
      }
      return st;
    },
  };
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
  handles.set(db, { sqlite, path, ino: path === ':memory:' ? null : statSync(path).ino });
  return db;
}

/**
 * Check a SQLite file before it is restored: that it is a SQLite database, passes
 * `PRAGMA integrity_check`, and is a Sitrep store this version can open (its migrations are ones
 * this version knows). Opened read-only; nothing is written.
 */
export function checkSqliteStore(path: string, knownMigrations: string[]): { problems: string[]; articles: number; migrations: number } {
  const problems: string[] = [];
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') problems.push(`integrity check failed: ${integrity.slice(0, 3).map((r) => r.integrity_check).join('; ')}`);
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    for (const t of ['kysely_migration', 'articles', 'stories', 'briefings', 'sources', 'site_state']) if (!tables.has(t)) problems.push(`not a Sitrep store: no ${t} table`);
    if (problems.length) return { problems, articles: 0, migrations: 0 };
    const applied = (db.prepare('SELECT name FROM kysely_migration').all() as { name: string }[]).map((r) => r.name);
    const unknown = applied.filter((m) => !knownMigrations.includes(m));
    if (unknown.length) problems.push(`written by a newer Sitrep (migrations ${unknown.join(', ')}); upgrade before restoring it`);
    const articles = (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    return { problems, articles, migrations: applied.length };
  } catch (err) {
    problems.push(`cannot be read as a SQLite database: ${(err as Error).message}`);
    return { problems, articles: 0, migrations: 0 };
  } finally {
    db?.close();
  }
}
