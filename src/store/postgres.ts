import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database as Schema } from './schema.js';

/** A Kysely instance over a PostgreSQL pool (DATABASE_URL=postgres://user:pass@host:5432/db). */
export function postgresKysely(url: string): Kysely<Schema> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.SITREP_PG_POOL ?? 10), connectionTimeoutMillis: 10_000 });
  // An idle client's error (a server restart) must not crash the process; the next query reconnects.
  pool.on('error', (err) => process.stderr.write(`sitrep: PostgreSQL pool: ${err.message}\n`));
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}
