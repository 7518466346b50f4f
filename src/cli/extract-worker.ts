// One of `sitrep extract --dir`'s worker threads: it is sent file paths one at a time and answers
// each with the page extracted from it, or the reason it could not be.
import { parentPort, workerData } from 'node:worker_threads';
import { extractFile } from './read-page.js';

const now = new Date((workerData as { now: string }).now);
parentPort!.on('message', (file: string) => parentPort!.postMessage({ file, ...extractFile(file, now) }));
