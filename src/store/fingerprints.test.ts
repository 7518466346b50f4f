import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../model/index.js';
import { migrationProvider } from './migrations.js';
import { sqliteKysely } from './sqlite.js';
import { openStore } from './index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sitrep-fp-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HASH = '0123456789abcdef';
/** HASH with its lowest `n` bits flipped. */
const flipped = (n: number) => (BigInt(`0x${HASH}`) ^ ((1n << BigInt(n)) - 1n)).toString(16).padStart(16, '0');

function article(n: number, published: string | null): Article {
  const url = `http://outlet.example/a/${n}`;
  return { id: `id-${n}`, sourceId: null, url, canonical: url, title: `Item ${n}`, byline: null, published, modified: null, lang: null, siteName: null, description: null, image: null, text: 'text', outlet: 'Outlet', fetchedAt: '2026-11-20T10:05:00Z' };
}

describe('near-duplicate fingerprints', () => {
  it('finds stored articles within the distance, each with the date it is placed at, and no others', async () => {
    const store = await openStore({ path: join(dir, 'a.db') });
    await store.insertBatch(
      [
        { article: article(1, '2026-11-20T10:00:00Z'), simhash: flipped(4) },
        { article: article(2, '2026-11-20T10:00:00Z'), simhash: flipped(12) },
        { article: article(3, '2026-01-01T10:00:00Z'), simhash: flipped(2) },
        { article: article(4, null), simhash: flipped(5) },
      ],
      [],
    );
    const near = await store.nearFingerprints([HASH], 6);
    expect(near.map((n) => n.id).sort()).toEqual(['id-1', 'id-3', 'id-4']);
    expect(near.find((n) => n.id === 'id-1')).toEqual({ id: 'id-1', simhash: flipped(4), date: '2026-11-20T10:00:00Z' });
    expect(near.find((n) => n.id === 'id-3')!.date).toBe('2026-01-01T10:00:00Z');
    // Undated: placed at when it was fetched.
    expect(near.find((n) => n.id === 'id-4')!.date).toBe('2026-11-20T10:05:00Z');
    expect(await store.nearFingerprints([HASH], 1)).toEqual([]);
    await store.close();
  });

  it('carries the fingerprints of a store made before the fingerprint table', async () => {
    const path = join(dir, 'old.db');
    const db = sqliteKysely(path);
    const { error } = await new Migrator({ db, provider: migrationProvider('sqlite') }).migrateTo('0003_publishing');
    expect(error).toBeUndefined();
    // More articles than one page of the migration's copy, one of them near HASH.
    for (let n = 0; n < 2500; n++) {
      const hash = n === 1234 ? flipped(3) : (BigInt(`0x${HASH}`) ^ (0xffffn << 40n) ^ BigInt(n)).toString(16).padStart(16, '0');
      await sql`INSERT INTO articles (id, url, canonical, text, fetched_at, published, simhash) VALUES (${`old-${n}`}, ${`http://o.example/${n}`}, ${`http://o.example/${n}`}, 'text', '2026-11-20T10:05:00Z', '2026-11-20T10:00:00Z', ${hash})`.execute(db);
      for (let i = 0; i < 4; i++) await sql`INSERT INTO article_bands (band, article_id) VALUES (${`${i}${hash.slice(i * 4, i * 4 + 4)}`}, ${`old-${n}`})`.execute(db);
    }
    await db.destroy();
    const store = await openStore({ path });
    expect(await store.nearFingerprints([HASH], 6)).toEqual([{ id: 'old-1234', simhash: flipped(3), date: '2026-11-20T10:00:00Z' }]);
    const copied = await sql<{ n: number }>`SELECT count(*) AS n FROM article_fingerprints`.execute(store.db);
    expect(copied.rows[0]!.n).toBe(2500 * 4);
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'article_bands'`.execute(store.db);
    expect(tables.rows).toEqual([]);
    await store.close();
  });
});
