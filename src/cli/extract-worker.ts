// One of `sitrep extract --dir`'s worker threads: it is sent file paths one at a time and answers
// each with the page extracted from it, or the reason it could not be.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import { extractArticle } from '../extract/index.js';
import { readPage } from './read-page.js';

const now = new Date((workerData as { now: string }).now);
parentPort!.on('message', (file: string) => {
  try {
    parentPort!.postMessage({ file, page: extractArticle(readPage(file), null, { now }) });
  } catch (err) {
    parentPort!.postMessage({ file, error: errorMessage(err) });
  }
});
