// Worker thread for FeedReaderPool: reads feed bodies (parse, item texts, SimHash) off the main thread.
import { parentPort } from 'node:worker_threads';
import { SitrepError, errorMessage } from '../errors.js';
import { readFeed } from './read-feed.js';

parentPort!.on('message', ({ id, body, url, now }: { id: number; body: string; url: string; now: string }) => {
  try {
    const reading = readFeed(body, url, new Date(now));
    // The items' HTML is already text (reading.texts): not sending it back halves the message.
    for (const item of reading.feed.items) {
      item.contentHtml = null;
      item.summary = null;
    }
    parentPort!.postMessage({ id, reading });
  } catch (err) {
    parentPort!.postMessage({ id, error: { code: err instanceof SitrepError ? err.code : 'feed_unreadable', message: errorMessage(err) } });
  }
});
