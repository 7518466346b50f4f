import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article, Source } from '../model/index.js';
import { openStore, type Store } from '../store/index.js';
import { simhash } from '../text/simhash.js';
import { PollWriter, type PollWrite } from './poll-writer.js';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitrep-writer-'));
  store = await openStore({ path: join(dir, 'w.db') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const wire =
  'Rescue teams reached the flooded valley on Tuesday after the river burst its banks overnight, officials said, and began moving families from the lowest villages to schools on higher ground while engineers checked the dam upstream for damage.';

function article(source: Source, n: number, text: string, published: string | null = '2026-11-20T10:00:00Z', fetchedAt = '2026-11-20T10:05:00Z'): Article {
  const url = `http://outlet${source.id}.example/a/${n}`;
  return { id: `id-${source.id}-${n}`, sourceId: source.id, url, canonical: url, title: `Item ${n}`, byline: null, published, modified: null, lang: null, siteName: null, description: null, image: null, text, outlet: `Outlet ${source.id}`, fetchedAt };
}

function pollWrite(source: Source, articles: Article[]): PollWrite {
  return { source, items: articles.map((a) => ({ article: a, simhash: simhash(a.text) })), known: new Set(), update: { lastFetchedAt: '2026-11-20T10:05:00Z', failures: 0, lastError: null }, result: { newArticles: [], duplicates: 0 } };
}

describe('PollWriter (group commit)', () => {
  it('commits polls that wait together in one batch, deduplicating copies across them', async () => {
    const a = await store.addSource('http://outlet-a.example/feed');
    const b = await store.addSource('http://outlet-b.example/feed');
    const writer = new PollWriter(store, { maxWaitMs: 10_000 });
    writer.setProducers(2);
    const wa = pollWrite(a, [article(a, 1, wire), article(a, 2, 'A different report entirely, about a budget vote in the regional parliament that passed late on Monday after a long debate over school funding and road repairs.')]);
    // The same wire story from a second outlet, with another closing line.
    const wb = pollWrite(b, [article(b, 1, `${wire} More updates will follow.`)]);
    const first = writer.write(wa);
    let settled = false;
    void first.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 30));
    // One of two producers waiting: nothing is written until the other arrives (or the wait runs out).
    expect(settled).toBe(false);
    expect((await store.stats()).articles).toBe(0);
    await Promise.all([first, writer.write(wb)]);
    expect(wa.result.newArticles).toHaveLength(2);
    expect(wb.result.newArticles).toHaveLength(0);
    expect(wb.result.duplicates).toBe(1);
    expect((await store.stats()).articles).toBe(2);
    expect((await store.copiesOf(wa.result.newArticles[0]!)).map((c) => c.sourceId)).toEqual([b.id]);
    expect((await store.getSource(b.id))?.lastFetchedAt).toBe('2026-11-20T10:05:00Z');
  });

  it('finds copies by the articles\' own dates, however long after publication they arrive', async () => {
    const a = await store.addSource('http://outlet-a.example/feed');
    const b = await store.addSource('http://outlet-b.example/feed');
    const c = await store.addSource('http://outlet-c.example/feed');
    const d = await store.addSource('http://outlet-d.example/feed');
    const writer = new PollWriter(store);
    // An archive import: the wire story was published years before anyone polls it, and its copies
    // arrive in later batches. The store's clock (today, whatever day that is) plays no part.
    const original = pollWrite(a, [article(a, 1, wire, '2019-03-04T08:00:00Z', '2026-11-20T10:05:00Z')]);
    await writer.write(original);
    const copy = pollWrite(b, [article(b, 1, `${wire} More updates will follow.`, '2019-03-05T12:00:00Z', '2026-11-21T09:00:00Z')]);
    await writer.write(copy);
    expect(copy.result.duplicates).toBe(1);
    // Undated: placed at its fetch, years later than the original, so not a copy of it.
    const undated = pollWrite(c, [article(c, 1, `${wire} Updated.`, null, '2026-11-22T09:00:00Z')]);
    await writer.write(undated);
    expect(undated.result.newArticles).toHaveLength(1);
    // The same text again a month after the original: an anniversary re-run is a new article.
    const rerun = pollWrite(d, [article(d, 1, wire, '2019-04-10T08:00:00Z')]);
    await writer.write(rerun);
    expect(rerun.result.newArticles).toHaveLength(1);
    expect(rerun.result.duplicates).toBe(0);
  });

  it('does not hold a poll longer than the wait when others are slow', async () => {
    const a = await store.addSource('http://outlet-a.example/feed');
    const writer = new PollWriter(store, { maxWaitMs: 20 });
    writer.setProducers(8);
    const w = pollWrite(a, [article(a, 1, wire)]);
    await writer.write(w);
    expect(w.result.newArticles).toHaveLength(1);
    expect((await store.stats()).articles).toBe(1);
  });

  it("one poll's bad write does not cost the rest of its batch their articles", async () => {
    const a = await store.addSource('http://outlet-a.example/feed');
    const ghost: Source = { ...a, id: 9999 }; // no such source: the foreign key refuses its rows
    const writer = new PollWriter(store, { maxWaitMs: 10_000 });
    writer.setProducers(2);
    const good = pollWrite(a, [article(a, 1, wire)]);
    const bad = pollWrite(ghost, [article(ghost, 1, 'Another story altogether, long enough to fingerprint: a court ruled on Friday that the port expansion may go ahead once the harbour authority files a new noise study.')]);
    const results = await Promise.allSettled([writer.write(good), writer.write(bad)]);
    expect(results[0]!.status).toBe('fulfilled');
    expect(results[1]!.status).toBe('rejected');
    expect(good.result.newArticles).toHaveLength(1);
    expect((await store.stats()).articles).toBe(1);
  });
});
