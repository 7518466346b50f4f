import type { Article, FeedItem, ParsedFeed, Source } from '../model/index.js';
import type { SourcePatch, Store } from '../store/index.js';
import { SitrepError, errorMessage } from '../errors.js';
import { extractArticle } from '../extract/index.js';
import { simhash } from '../text/simhash.js';
import { articleId, canonicalizeUrl } from './canonical-url.js';
import { fetchUrl, type FetchOptions } from './fetcher.js';
import { FeedReaderPool, feedReadersFromEnv } from './feed-reader-pool.js';
import { readFeed, type ItemText } from './read-feed.js';
import { HostLimiter } from './host-limiter.js';
import { PollWriter, type PollWrite } from './poll-writer.js';
import { RobotsCache } from './robots.js';
import { systemClock, type Clock } from '../clock.js';
import { plainText } from '../text/xml-safe.js';

export interface PollResult {
  source: Source;
  /** The poll fetched and read the feed (a salvaged, not well-formed feed is not ok). */
  ok: boolean;
  notModified: boolean;
  newArticles: string[];
  /** Items that joined an existing article as another outlet's copy. */
  duplicates: number;
  itemErrors: string[];
  error: string | null;
  /** Abandoned because the desk was stopping: nothing of it was written, and the source stays due. */
  stopped?: boolean;
}

export interface PollOptions {
  fetch?: FetchOptions;
  /** Default: the store's clock, the desk's one. */
  clock?: Clock;
  /** Fetch each item's page for the full text (default true); false keeps the feed's own content. */
  fetchPages?: boolean;
  /** Shared politeness limits across sources (default: 2 requests in flight per host). */
  limiter?: HostLimiter;
  /** Page fetches honour robots.txt (default on); false skips the check (feeds are always fetched). */
  robots?: RobotsCache | false;
  /** Retries for 502/503/504 within one poll (default 1); 429 is never retried, it reschedules. */
  retries?: number;
  retryDelayMs?: number;
  /** Polls that share a writer commit together (see PollWriter); by default each poll commits alone. */
  writer?: PollWriter;
  /** Worker threads that read feed bodies (see FeedReaderPool); by default they are read inline. */
  reader?: FeedReaderPool;
  /** Called when the poll has handed its items to the writer, before they commit. */
  onHandedOff?: () => void;
  /**
   * Once aborted, a poll not yet handed to the writer is abandoned whole: none of its items is
   * written and its source is not rescheduled, so the next run polls it again. (Writing only the
   * items fetched so far, with the feed's ETag, would lose the rest to the next 304.)
   */
  signal?: AbortSignal;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** When to poll next: about the feed's own rhythm (10 minutes to 6 hours), never sooner than its ttl or max-age, outside skipHours and skipDays. */
export function nextPollAfterSuccess(feed: Pick<ParsedFeed, 'items' | 'ttlMinutes' | 'skipHours' | 'skipDays'> | null, now: Date, maxAgeSeconds: number | null = null): Date {
  const times = (feed?.items ?? []).map((i) => (i.published ? Date.parse(i.published) : NaN)).filter((t) => !Number.isNaN(t)).sort((a, b) => b - a);
  let interval = 60 * MINUTE;
  if (times.length >= 2) {
    const gaps = times.slice(1).map((t, i) => times[i]! - t).sort((a, b) => a - b);
    interval = gaps[Math.floor(gaps.length / 2)]!;
  }
  interval = Math.min(Math.max(interval, 10 * MINUTE), 360 * MINUTE);
  if (feed?.ttlMinutes) interval = Math.max(interval, Math.min(feed.ttlMinutes, 24 * 60) * MINUTE);
  if (maxAgeSeconds) interval = Math.max(interval, Math.min(maxAgeSeconds * 1000, DAY));
  let next = new Date(now.getTime() + interval);
  const hours = new Set(feed?.skipHours ?? []);
  const days = new Set(feed?.skipDays ?? []);
  // Hour by hour (a skipped day from its midnight) to the first time the publisher allows; a feed
  // that skips every hour of every day is polled a week on, not never.
  const limit = next.getTime() + 7 * DAY;
  while (next.getTime() < limit) {
    if (days.has(next.getUTCDay())) next = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate() + 1));
    else if (hours.has(next.getUTCHours())) next = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate(), next.getUTCHours() + 1));
    else return next;
  }
  return new Date(limit);
}

export function nextPollAfterFailure(failures: number, now: Date, retryAfter?: string | null): Date {
  if (retryAfter) {
    const secs = Number(retryAfter);
    const at = Number.isFinite(secs) ? now.getTime() + secs * 1000 : Date.parse(retryAfter);
    if (!Number.isNaN(at)) return new Date(Math.min(Math.max(at, now.getTime() + MINUTE), now.getTime() + 7 * DAY));
  }
  return new Date(now.getTime() + Math.min(2 ** Math.min(failures, 10) * 5 * MINUTE, DAY));
}

async function fetchWithRetry(url: string, opts: FetchOptions, retries: number, delayMs: number) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchUrl(url, opts);
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (attempt >= retries || !status || ![502, 503, 504].includes(status)) throw err;
      await new Promise((r) => setTimeout(r, delayMs * 2 ** attempt));
    }
  }
}

/** `raw` as a canonical http(s) URL, or null when the URL parser does not read it as one. */
function httpUrl(raw: string): string | null {
  try {
    const u = new URL(raw.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? canonicalizeUrl(u.href) : null;
  } catch {
    return null;
  }
}

const siteOf = (url: string) => new URL(url).hostname.replace(/^www\./, '');
const sameSite = (a: string, b: string) => siteOf(a) === siteOf(b);

/** A feed read in the pool; if its worker dies (out of memory on a huge feed, say), read here instead. */
async function readInWorker(pool: FeedReaderPool, body: string, url: string, now: Date) {
  try {
    return await pool.read(body, url, now);
  } catch (err) {
    if (err instanceof SitrepError && (err.code === 'reader_failed' || err.code === 'reader_closed')) return readFeed(body, url, now);
    throw err;
  }
}

interface Candidate {
  item: FeedItem;
  url: string;
  /** The item's text as the feed carries it, prepared with the feed. */
  feedText: ItemText;
}

/** Poll one source: fetch its feed, store every new item (or record it as a copy), reschedule. Never throws. */
export async function pollSource(store: Store, source: Source, pollOptions: PollOptions = {}): Promise<PollResult> {
  const now = pollOptions.clock ?? store.clock;
  const options = { ...pollOptions, clock: now };
  const limiter = options.limiter ?? new HostLimiter();
  const result: PollResult = { source, ok: false, notModified: false, newArticles: [], duplicates: 0, itemErrors: [], error: null };
  const stopped = (): PollResult => ({ ...result, newArticles: [], duplicates: 0, itemErrors: [], error: 'stopped before the poll finished; it runs again next time', stopped: true });
  if (options.signal) options.fetch = { ...options.fetch, signal: options.signal };
  try {
    if (options.signal?.aborted) return stopped();
    const doc = await limiter.run(source.url, () =>
      fetchWithRetry(source.url, { ...options.fetch, clock: now, etag: source.etag, lastModified: source.lastModified, accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8' }, options.retries ?? 1, options.retryDelayMs ?? 1000),
    );
    if (doc.status === 304) {
      result.ok = true;
      result.notModified = true;
      await store.updateSource(source.id, { lastFetchedAt: now().toISOString(), failures: 0, lastError: null, nextPollAt: nextPollAfterSuccess(null, now(), doc.maxAge ?? null).toISOString() });
      return result;
    }
    // The body is read once and let go: nothing after this line refers to `doc`, so a poll waiting for
    // its items to commit does not keep the whole feed alive.
    const { etag, lastModified, maxAge } = doc;
    const readAt = new Date(doc.fetchedAt);
    const reading = options.reader ? await readInWorker(options.reader, doc.body, doc.finalUrl, readAt) : readFeed(doc.body, doc.finalUrl, readAt);
    const { feed, error: feedError } = reading;
    const failures = feedError ? source.failures + 1 : 0;
    const update: SourcePatch = {
      title: source.title ?? (feed.title === null ? null : plainText(feed.title)),
      outlet: source.outlet ?? (feed.title === null ? null : plainText(feed.title)),
      etag: feedError ? null : etag,
      lastModified: feedError ? null : lastModified,
      lastFetchedAt: now().toISOString(),
      nextPollAt: (feedError ? nextPollAfterFailure(failures, now()) : nextPollAfterSuccess(feed, now(), maxAge ?? null)).toISOString(),
      failures,
      lastError: feedError,
    };
    const write = await prepareItems(store, source, feed, reading.texts, options, limiter, result);
    if (options.signal?.aborted) return stopped();
    const committed = (options.writer ?? new PollWriter(store)).write({ ...write, update, result });
    options.onHandedOff?.();
    await committed;
    result.ok = feedError === null;
    result.error = feedError;
  } catch (err) {
    if (options.signal?.aborted) return stopped();
    result.error = errorMessage(err);
    result.newArticles = [];
    result.duplicates = 0;
    const failures = source.failures + 1;
    await store.updateSource(source.id, {
      lastFetchedAt: now().toISOString(),
      failures,
      lastError: result.error,
      nextPollAt: nextPollAfterFailure(failures, now(), (err as { retryAfter?: string | null }).retryAfter).toISOString(),
    });
  }
  return result;
}

/** The feed's items that are new to the store, built into articles (page fetched where asked) and fingerprinted. */
async function prepareItems(store: Store, source: Source, feed: ParsedFeed, texts: ItemText[], options: PollOptions, limiter: HostLimiter, result: PollResult): Promise<Pick<PollWrite, 'source' | 'items' | 'known'>> {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const [i, item] of feed.items.entries()) {
    // Without a link, the guid is the item's identity, when the URL parser reads it as http(s): a
    // guid in any other scheme ("java\tscript:…" included, which the parser cleans into javascript:)
    // is no address to store, fetch or render.
    const link = item.url ?? item.guid;
    const url = link ? httpUrl(link) : null;
    if (!url) {
      result.itemErrors.push(`(item "${item.title ?? 'untitled'}"): ${link ? 'no http(s) link or guid' : 'no link or guid'}`);
      continue;
    }
    if (seen.has(url)) continue;
    seen.add(url);
    candidates.push({ item, url, feedText: texts[i]! });
  }
  const known = await store.knownUrls(candidates.map((c) => c.url));
  const fresh = candidates.filter((c) => !known.has(c.url));
  const robots = options.robots === false ? null : (options.robots ?? new RobotsCache(options.fetch));
  const built = await Promise.all(
    fresh.map(async (c) => {
      try {
        const article = await buildArticle(source, feed.title, c, options, limiter, robots);
        // The feed's text was fingerprinted with the feed; a page's text is fingerprinted here.
        return { article, simhash: article.text === c.feedText.text ? c.feedText.simhash : simhash(article.text) };
      } catch (err) {
        result.itemErrors.push(`${c.url}: ${errorMessage(err)}`);
        return null;
      }
    }),
  );
  const items = built.filter((a) => a !== null);
  return { source, items, known };
}

async function buildArticle(source: Source, feedTitle: string | null, c: Candidate, options: PollOptions, limiter: HostLimiter, robots: RobotsCache | null): Promise<Article> {
  const { item, url } = c;
  const feedText = c.feedText.text;
  let page = null;
  let pageError: unknown = null;
  if (options.fetchPages !== false && /^https?:/.test(url)) {
    try {
      if (robots && !(await robots.allowed(url))) throw new SitrepError('robots', 'robots.txt disallows fetching this page');
      const doc = await limiter.run(url, () => fetchUrl(url, { ...options.fetch, clock: options.clock, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' }));
      page = extractArticle(doc.body, doc.finalUrl, { now: doc.fetchedAt });
    } catch (err) {
      pageError = err;
    }
  }
  // The page's text wins when it is at least as full as what the feed carried.
  const text = page && page.text.length >= feedText.length * 0.8 ? page.text : feedText;
  if (!text.trim()) {
    throw new Error(pageError ? `no text: page fetch failed (${errorMessage(pageError)}) and the feed item is empty` : `no article text found${page?.reason ? ` (${page.reason})` : ''}`);
  }
  // A page's canonical names the article only when it is http(s) on the page's own site: any other
  // would let a page claim another outlet's address, or a script's.
  const claimed = page?.canonical ? httpUrl(page.canonical) : null;
  const canonical = claimed && sameSite(claimed, url) ? claimed : url;
  // Control characters a feed or page carried are nobody's text, and would break every XML output.
  const clean = (s: string | null | undefined) => (s == null ? null : plainText(s));
  return {
    id: articleId(canonical),
    sourceId: source.id,
    url,
    canonical,
    title: clean(page?.title ?? item.title),
    byline: clean(page?.byline ?? item.author),
    published: item.published ?? page?.published ?? null,
    modified: page?.modified ?? null,
    lang: page?.lang ?? null,
    siteName: page?.siteName ?? null,
    description: clean(page?.description ?? c.feedText.summary?.slice(0, 500) ?? null),
    image: page?.image ?? item.image ?? null,
    text: plainText(text),
    outlet: clean(source.outlet ?? page?.siteName ?? feedTitle),
    fetchedAt: (options.clock ?? systemClock)().toISOString(),
  };
}

/**
 * Feed readers for a poll of `due` sources when none are configured: one worker thread from 50
 * sources up, else none. One reader takes parsing off the event loop, which on two cores polls about
 * 40% faster (bench:ingest, 1,000 feeds, compiled build, 5 rounds: 12,111 against 8,511 items/s, peak
 * RSS 274 MB against 228 MB inline); a small poll does not repay a worker's start-up.
 */
export function defaultReaders(due: number): number {
  return due >= 50 ? 1 : 0;
}

/** Poll every due source, many at a time within per-host limits; one source's failure never stops the others. */
export async function pollDueSources(
  store: Store,
  options: PollOptions & {
    concurrency?: number;
    onResult?: (r: PollResult) => void;
    /** Stop taking sources once aborted; polls under way finish and commit (a service shutting down). */
    signal?: AbortSignal;
    /**
     * Worker threads that read feeds (parse, item text, fingerprints), started for this call and
     * stopped at its end; default SITREP_FEED_READERS, else `defaultReaders` (one for a large poll).
     */
    readers?: number;
  } = {},
): Promise<PollResult[]> {
  const due = await store.dueSources((options.clock ?? store.clock)());
  const readers = options.reader ? 0 : (options.readers ?? feedReadersFromEnv() ?? defaultReaders(due.length));
  const pool = readers === 0 || due.length === 0 ? null : new FeedReaderPool(readers);
  const shared: PollOptions = {
    ...options,
    limiter: options.limiter ?? new HostLimiter(2, 0),
    robots: options.robots === false ? false : (options.robots ?? new RobotsCache(options.fetch)),
    reader: options.reader ?? pool ?? undefined,
  };
  const results: PollResult[] = [];
  let next = 0;
  const workers = Math.min(options.concurrency ?? 16, due.length);
  // Each worker fetches and reads one source at a time. Once a poll has handed its items to the
  // writer, its worker moves on to the next source while the items wait to commit, so fetching and
  // reading go on during a commit instead of stalling behind it. The writer commits a batch when as
  // many polls wait as there are workers still fetching (when one runs out of sources, fewer can be
  // waited for).
  const writer = options.writer ?? new PollWriter(store);
  let active = workers;
  writer.setProducers(active);
  const worker = async () => {
    const committing: Promise<void>[] = [];
    while (next < due.length && !options.signal?.aborted) {
      const source = due[next++]!;
      let handedOff!: () => void;
      const handed = new Promise<void>((resolve) => (handedOff = resolve));
      const done = pollSource(store, source, { ...shared, writer, onHandedOff: handedOff }).then((r) => {
        results.push(r);
        options.onResult?.(r);
      });
      committing.push(done);
      await Promise.race([handed, done]);
    }
    writer.setProducers(--active);
    await Promise.all(committing);
  };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    await pool?.close();
  }
  return results;
}
