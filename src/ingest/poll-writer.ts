// Group commit for polls. Each poll used to write its feed in a transaction of its own, and with
// random keys (article ids, URLs, SimHash bands) every small transaction rewrote much the same index
// pages: a thousand feeds cost a thousand commits and most of the ingest time. Here the polls running
// at once hand their new items to one writer, which deduplicates them against the store and against
// each other and writes them, their copies and their sources' schedules in one transaction.
import type { Article, Source } from '../model/index.js';
import type { ArticleCopy, SourcePatch, Store } from '../store/index.js';
import { NEAR_DUPLICATE_BITS, fingerprintBands, hammingDistance } from '../text/simhash.js';
import type { PollResult } from './poll.js';

/**
 * How far apart in time two texts may be and still be one syndicated story. The window is measured
 * between the articles' own dates (published, else fetched), not back from the time of the run: an
 * archive import or a slow backfill finds its copies however old they are when they arrive, and a
 * wire text re-run a year later (an anniversary piece) is a new article.
 */
export const COPY_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/** The instant an article is placed at for the copy window. */
const placedAt = (a: Pick<Article, 'published' | 'fetchedAt'>): number => Date.parse(a.published ?? a.fetchedAt);

/** One poll's output, ready to store. */
export interface PollWrite {
  source: Source;
  /** New items, with their body fingerprints (null when too short to compare). */
  items: { article: Article; simhash: string | null }[];
  /** URLs the store already had when the poll looked (an item whose canonical is among them is old). */
  known: Set<string>;
  /** The source's own update: schedule, validators, error. */
  update: SourcePatch;
  /** Filled in when the write commits: new article ids and the count of syndicated copies. */
  result: Pick<PollResult, 'newArticles' | 'duplicates'>;
}

interface Pending {
  write: PollWrite;
  done: () => void;
  fail: (err: unknown) => void;
}

export interface PollWriterOptions {
  /** Commit once this many items wait (default 2,000). */
  maxItems?: number;
  /** Commit at most this long after the first write arrived (default 50 ms), so one slow feed holds nobody up. */
  maxWaitMs?: number;
}

/** Fingerprints by band, for the near-duplicate test within a batch and against the store. */
class BandIndex {
  private readonly byBand = new Map<number, { id: string; hash: string; at: number }[]>();

  add(id: string, hash: string, at: number): void {
    for (const band of fingerprintBands(hash)) {
      const list = this.byBand.get(band);
      if (list) list.push({ id, hash, at });
      else this.byBand.set(band, [{ id, hash, at }]);
    }
  }

  /** The first indexed text within the near-duplicate distance of `hash` and the copy window of `at`. */
  near(hash: string, at: number): string | null {
    for (const band of fingerprintBands(hash)) {
      for (const c of this.byBand.get(band) ?? []) {
        // An undatable side (NaN) does not rule a copy out.
        if (Math.abs(c.at - at) > COPY_WINDOW_MS) continue;
        if (hammingDistance(c.hash, hash) <= NEAR_DUPLICATE_BITS) return c.id;
      }
    }
    return null;
  }
}

export class PollWriter {
  private queue: Pending[] = [];
  private queuedItems = 0;
  private timer: NodeJS.Timeout | null = null;
  private tail: Promise<void> = Promise.resolve();
  private producers = 1;
  private readonly maxItems: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly store: Store,
    options: PollWriterOptions = {},
  ) {
    this.maxItems = options.maxItems ?? 2000;
    this.maxWaitMs = options.maxWaitMs ?? 50;
  }

  /**
   * How many polls may write at once. When that many are waiting, nothing more can arrive and the
   * batch commits at once; one producer (a single poll) never waits at all.
   */
  setProducers(n: number): void {
    this.producers = Math.max(1, n);
    this.check();
  }

  /** Resolves when this poll's items are committed (its result filled in); rejects if they cannot be. */
  write(write: PollWrite): Promise<void> {
    return new Promise<void>((done, fail) => {
      this.queue.push({ write, done, fail });
      this.queuedItems += write.items.length;
      this.check();
    });
  }

  private check(): void {
    if (this.queue.length === 0) return;
    if (this.queue.length >= this.producers || this.queuedItems >= this.maxItems) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    this.queuedItems = 0;
    this.tail = this.tail.then(() => this.commitBatch(batch));
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    try {
      await this.commit(batch.map((p) => p.write));
      for (const p of batch) p.done();
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.fail(err);
        return;
      }
    }
    // One poll's bad data must not cost the others theirs: write them one by one.
    for (const p of batch) {
      try {
        await this.commit([p.write]);
        p.done();
      } catch (err) {
        p.fail(err);
      }
    }
  }

  private async commit(writes: PollWrite[]): Promise<void> {
    const hashes = writes.flatMap((w) => w.items.map((i) => i.simhash)).filter((h): h is string => !!h);
    const index = new BandIndex();
    if (hashes.length) for (const s of await this.store.nearFingerprints(hashes, NEAR_DUPLICATE_BITS)) index.add(s.id, s.simhash, Date.parse(s.date));
    const articles: { article: Article; simhash: string | null }[] = [];
    const copies: ArticleCopy[] = [];
    const ids = new Set<string>();
    const urls = new Set<string>();
    for (const w of writes) {
      w.result.newArticles = [];
      w.result.duplicates = 0;
      for (const { article: a, simhash: hash } of w.items) {
        if (a.canonical !== a.url && w.known.has(a.canonical!)) continue;
        if (ids.has(a.id) || urls.has(a.url)) continue;
        // Syndicated copies (the same wire story from another outlet) join the article already stored.
        const original = hash ? index.near(hash, placedAt(a)) : null;
        if (original) {
          copies.push({ url: a.url, articleId: original, sourceId: w.source.id, outlet: a.outlet, title: a.title, published: a.published, fetchedAt: a.fetchedAt });
          w.result.duplicates++;
          continue;
        }
        articles.push({ article: a, simhash: hash });
        ids.add(a.id);
        urls.add(a.url);
        if (hash) index.add(a.id, hash, placedAt(a));
        w.result.newArticles.push(a.id);
      }
    }
    await this.store.insertBatch(
      articles,
      copies,
      writes.map((w) => ({ id: w.source.id, patch: w.update })),
    );
  }
}
