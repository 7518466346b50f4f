import type { Article, FeedItem, Source } from '../model/index.js';
import type { Store } from '../store/index.js';
import { errorMessage } from '../errors.js';
import { extractArticle, htmlFragmentToText } from '../extract/index.js';
import { articleId, canonicalizeUrl } from './canonical-url.js';
import { fetchUrl, type FetchOptions } from './fetcher.js';
import { parseFeed } from './feed-parser.js';

export interface PollResult {
  source: Source;
  ok: boolean;
  notModified: boolean;
  newArticles: string[];
  itemErrors: string[];
  error: string | null;
}

export interface PollOptions {
  fetch?: FetchOptions;
  now?: () => Date;
  /** Fetch each item's page for the full text (default true); false keeps the feed's own content. */
  fetchPages?: boolean;
}

const MINUTE = 60_000;

/** When to poll next: about the feed's own publishing rhythm, within 10 minutes and 6 hours. */
function nextPollAfterSuccess(items: FeedItem[], now: Date): Date {
  const times = items.map((i) => (i.published ? Date.parse(i.published) : NaN)).filter((t) => !Number.isNaN(t)).sort((a, b) => b - a);
  let interval = 60 * MINUTE;
  if (times.length >= 2) {
    const gaps = times.slice(1).map((t, i) => times[i]! - t).sort((a, b) => a - b);
    interval = gaps[Math.floor(gaps.length / 2)]!;
  }
  return new Date(now.getTime() + Math.min(Math.max(interval, 10 * MINUTE), 360 * MINUTE));
}

function nextPollAfterFailure(failures: number, now: Date, retryAfter?: string | null): Date {
  if (retryAfter) {
    const secs = Number(retryAfter);
    const at = Number.isFinite(secs) ? now.getTime() + secs * 1000 : Date.parse(retryAfter);
    if (!Number.isNaN(at)) return new Date(Math.max(at, now.getTime() + MINUTE));
  }
  return new Date(now.getTime() + Math.min(2 ** Math.min(failures, 10) * 5 * MINUTE, 24 * 60 * MINUTE));
}

/** Poll one source: fetch its feed, store every new item's article, reschedule. Never throws. */
export async function pollSource(store: Store, source: Source, options: PollOptions = {}): Promise<PollResult> {
  const now = options.now ?? (() => new Date());
  const result: PollResult = { source, ok: false, notModified: false, newArticles: [], itemErrors: [], error: null };
  try {
    const doc = await fetchUrl(source.url, { ...options.fetch, etag: source.etag, lastModified: source.lastModified, accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8' });
    if (doc.status === 304) {
      result.ok = true;
      result.notModified = true;
      await store.updateSource(source.id, { lastFetchedAt: now().toISOString(), failures: 0, lastError: null, nextPollAt: nextPollAfterSuccess([], now()).toISOString() });
      return result;
    }
    const feed = parseFeed(doc.body, doc.finalUrl);
    for (const item of feed.items) {
      try {
        const id = await storeItem(store, source, feed.title, item, options);
        if (id) result.newArticles.push(id);
      } catch (err) {
        result.itemErrors.push(`${item.url ?? item.guid ?? '(item without link)'}: ${errorMessage(err)}`);
      }
    }
    result.ok = true;
    await store.updateSource(source.id, {
      title: source.title ?? feed.title,
      outlet: source.outlet ?? feed.title,
      etag: doc.etag,
      lastModified: doc.lastModified,
      lastFetchedAt: now().toISOString(),
      nextPollAt: nextPollAfterSuccess(feed.items, now()).toISOString(),
      failures: 0,
      lastError: null,
    });
  } catch (err) {
    result.error = errorMessage(err);
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

async function storeItem(store: Store, source: Source, feedTitle: string | null, item: FeedItem, options: PollOptions): Promise<string | null> {
  const link = item.url ?? item.guid;
  if (!link) return null;
  const url = canonicalizeUrl(link);
  if (await store.findArticleByUrl(url)) return null;
  const feedText = htmlFragmentToText(item.contentHtml ?? item.summary ?? '');
  let page = null;
  let pageError: unknown = null;
  if (options.fetchPages !== false && /^https?:/.test(url)) {
    try {
      const doc = await fetchUrl(url, { ...options.fetch, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' });
      page = extractArticle(doc.body, doc.finalUrl);
    } catch (err) {
      pageError = err;
    }
  }
  // The page's text wins when it is at least as full as what the feed carried.
  const text = page && page.text.length >= feedText.length * 0.8 ? page.text : feedText;
  if (!text.trim()) {
    throw new Error(pageError ? `no text: page fetch failed (${errorMessage(pageError)}) and the feed item is empty` : 'no article text found');
  }
  const canonical = page?.canonical ? canonicalizeUrl(page.canonical) : url;
  if (canonical !== url && (await store.findArticleByUrl(canonical))) return null;
  const article: Article = {
    id: articleId(canonical),
    sourceId: source.id,
    url,
    canonical,
    title: page?.title ?? item.title,
    byline: page?.byline ?? item.author,
    published: item.published ?? page?.published ?? null,
    modified: page?.modified ?? null,
    lang: page?.lang ?? null,
    siteName: page?.siteName ?? null,
    description: page?.description ?? item.summary,
    image: page?.image ?? null,
    text,
    outlet: source.outlet ?? page?.siteName ?? feedTitle,
    fetchedAt: new Date().toISOString(),
  };
  await store.insertArticle(article);
  return article.id;
}

/** Poll every due source, a few at a time; one source's failure never stops the others. */
export async function pollDueSources(store: Store, options: PollOptions & { concurrency?: number; onResult?: (r: PollResult) => void } = {}): Promise<PollResult[]> {
  const due = await store.dueSources((options.now ?? (() => new Date()))());
  const results: PollResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const source = due[next++]!;
      const r = await pollSource(store, source, options);
      results.push(r);
      options.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, due.length) }, worker));
  return results;
}
