// Feed bodies read in worker threads. Parsing XML, turning item HTML into text and fingerprinting it
// is most of a poll's CPU; on the main thread it competes with the fetcher and the store's writes
// (and, under `sitrep run`, with the site). A pool of workers takes it off that thread, so the two
// halves run on separate cores. A worker that dies fails only the reads it had in hand and is replaced.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SitrepError } from '../errors.js';
import type { FeedReading } from './read-feed.js';

interface Pending {
  resolve: (r: FeedReading) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Run from TypeScript sources (tests, benchmarks), a worker must load the TypeScript loader first. */
function spawn(): Worker {
  const here = import.meta.url;
  // A small young generation: the worker's garbage is short-lived parse trees, collected often and
  // cheaply, which keeps the thread's resident memory about 30 MB lower at the same speed.
  const resourceLimits = { maxYoungGenerationSizeMb: 8 };
  if (here.endsWith('.ts')) {
    const entry = new URL('./feed-reader-worker.ts', here).href;
    return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, resourceLimits });
  }
  return new Worker(new URL('./feed-reader-worker.js', here), { resourceLimits });
}

/** SITREP_FEED_READERS as a worker count (0: read inline), or undefined when unset or not a count. */
export function feedReadersFromEnv(): number | undefined {
  const raw = process.env.SITREP_FEED_READERS;
  const n = Number(raw);
  return raw && Number.isInteger(n) && n >= 0 ? n : undefined;
}

export class FeedReaderPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  readonly size: number;

  /** `size` workers (default: one per core but one, at least one, at most four). */
  constructor(size?: number) {
    this.size = size !== undefined && Number.isInteger(size) && size > 0 ? size : Math.min(4, Math.max(1, availableParallelism() - 1));
    for (let i = 0; i < this.size; i++) this.slots.push(this.start());
  }

  private start(): Slot {
    const slot: Slot = { worker: spawn(), pending: new Map() };
    slot.worker.on('message', (m: { id: number; reading?: FeedReading; error?: { code: string; message: string } }) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (m.error) p.reject(new SitrepError(m.error.code, m.error.message));
      else p.resolve(m.reading!);
    });
    const fail = (err: Error) => {
      for (const p of slot.pending.values()) p.reject(new SitrepError('reader_failed', `feed reader worker failed: ${err.message}`));
      slot.pending.clear();
      const i = this.slots.indexOf(slot);
      if (i >= 0 && !this.closed) this.slots[i] = this.start();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) fail(new Error(`exited with code ${code}`));
    });
    return slot;
  }

  /** Read one feed body on the least busy worker, as of `now` (see readFeed). */
  read(body: string, url: string, now: Date = new Date()): Promise<FeedReading> {
    if (this.closed) return Promise.reject(new SitrepError('reader_closed', 'feed reader pool is closed'));
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise<FeedReading>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, body, url, now: now.toISOString() });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
