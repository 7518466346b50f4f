import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database as Schema } from './schema.js';

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
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
}
