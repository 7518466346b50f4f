import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SitrepError } from '../errors.js';
import { FeedReaderPool } from './feed-reader-pool.js';
import { readFeed } from './read-feed.js';

const body = (items: string) => `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk</title><link>https://desk.example/</link>${items}</channel></rss>`;
const item = (n: number) =>
  `<item><title>Item ${n}</title><link>/a/${n}</link><description>Short &amp; sweet ${n}</description><content:encoded><![CDATA[<p>The harbour council met on Monday to discuss the ferry timetable for the winter, number ${n}.</p><p>Second paragraph with <b>bold</b> words and an ending that keeps going for a while longer.</p>]]></content:encoded></item>`;

let pool: FeedReaderPool;
beforeAll(() => {
  pool = new FeedReaderPool(2);
});
afterAll(async () => {
  await pool.close();
});

describe('FeedReaderPool', () => {
  it('reads a feed in a worker as it is read inline, less the items’ HTML it has turned into text', async () => {
    const xml = body([1, 2, 3].map(item).join(''));
    const inline = readFeed(xml, 'https://desk.example/feed.xml');
    const pooled = await pool.read(xml, 'https://desk.example/feed.xml');
    expect(pooled.texts).toEqual(inline.texts);
    expect(pooled.texts[0]!.text).toMatch(/^The harbour council met on Monday.*\n\nSecond paragraph with bold words/);
    expect(pooled.texts[0]!.summary).toBe('Short & sweet 1');
    expect(pooled.texts[0]!.simhash).toMatch(/^[0-9a-f]{16}$/);
    expect(pooled.feed.items.map((i) => i.url)).toEqual(['https://desk.example/a/1', 'https://desk.example/a/2', 'https://desk.example/a/3']);
    expect(pooled.feed.items[0]!.contentHtml).toBeNull();
    expect(pooled.feed.title).toBe('Desk');
    expect(pooled.error).toBeNull();
  });

  it('salvages a truncated feed with its error, and rejects a page that is no feed with the same error as inline', async () => {
    const truncated = await pool.read(body(item(1) + item(2)).replace('</channel></rss>', '<item><title>cut'), 'https://desk.example/feed.xml');
    expect(truncated.error).toMatch(/not well-formed XML.*2 items salvaged/);
    expect(truncated.texts).toHaveLength(2);
    const err = await pool.read('<html><body>hello</body></html>', 'https://desk.example/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SitrepError);
    expect((err as SitrepError).code).toBe('not_a_feed');
  });

  it('fails only the reads a dead worker had, and replaces it', async () => {
    const slots = (pool as unknown as { slots: { worker: { terminate(): Promise<number> }; pending: Map<number, unknown> }[] }).slots;
    const victim = slots[0]!;
    const inFlight = pool.read(body(item(7)), 'https://desk.example/feed.xml');
    const onVictim = victim.pending.size > 0;
    await victim.worker.terminate();
    const outcome = await inFlight.then(
      () => 'read',
      (e: SitrepError) => e.code,
    );
    // The read either finished before the worker died or failed with the pool's own error code.
    expect(onVictim ? ['read', 'reader_failed'] : ['read']).toContain(outcome);
    expect(slots[0]).not.toBe(victim);
    const again = await Promise.all([1, 2, 3, 4].map((n) => pool.read(body(item(n)), 'https://desk.example/feed.xml')));
    expect(again.map((r) => r.texts.length)).toEqual([1, 1, 1, 1]);
  });
});
