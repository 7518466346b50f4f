// Everything a poll does with a feed body before it needs the store: parse it (salvaging the items of
// a feed that is not well-formed), and turn each item's HTML into text with its SimHash. Pure and
// CPU-bound, so it can run in a worker thread (see FeedReaderPool) as well as inline.
import type { ParsedFeed } from '../model/index.js';
import { SitrepError, errorMessage } from '../errors.js';
import { htmlFragmentToText } from '../extract/index.js';
import { simhash } from '../text/simhash.js';
import { parseFeed, salvageFeed } from './feed-parser.js';

export interface ItemText {
  /** The item's content (or else summary) as plain text. */
  text: string;
  /** The summary as plain text, when the item has one. */
  summary: string | null;
  /** SimHash of `text` (null when too short to compare). */
  simhash: string | null;
}

export interface FeedReading {
  feed: ParsedFeed;
  /** Set when the feed is not well-formed: the items are those that could be salvaged. */
  error: string | null;
  /**
   * One per item of `feed.items`, in the same order. Read in a worker, the items come back without
   * their `contentHtml` and `summary`: these texts are what a poll uses of them.
   */
  texts: ItemText[];
}

/**
 * Parse a feed body and prepare its items' texts; throws a SitrepError when nothing can be read.
 * `now` is the moment it is read as of (the fetch): what a date without a year is placed near.
 */
export function readFeed(body: string, url: string, now: Date = new Date()): FeedReading {
  let feed: ParsedFeed;
  let error: string | null = null;
  try {
    feed = parseFeed(body, url, now);
  } catch (err) {
    // A feed that is not well-formed is failing, but the items that can be read are not thrown away.
    const salvaged = err instanceof SitrepError && err.code === 'malformed_feed' ? salvageFeed(body, url, now) : null;
    if (!salvaged) throw err;
    feed = salvaged;
    error = `${errorMessage(err)} (${salvaged.items.length} items salvaged)`;
  }
  const texts = feed.items.map((item) => {
    const text = htmlFragmentToText(item.contentHtml ?? item.summary ?? '');
    const summary = item.summary ? (item.contentHtml ? htmlFragmentToText(item.summary) : text) : null;
    return { text, summary, simhash: simhash(text) };
  });
  return { feed, error, texts };
}
