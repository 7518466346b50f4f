import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Store } from '../store/index.js';
import { FeedReaderPool, HostLimiter, feedReadersFromEnv, PollWriter, pollSource, RobotsCache, type PollOptions } from '../ingest/index.js';
import { analyzePending, clusterPending, composeChanged, runAlerts, type PipelineOptions } from '../pipeline/index.js';
import { SitrepError, errorMessage, redactUrl } from '../errors.js';

// Scale-out on Redis (BullMQ). Two queues:
// - poll: one job per due source (fetch, parse, store new articles); many run at once, on any worker;
// - process: analyse, cluster and compose what is new. Clustering needs every story in view, so these
//   jobs run one at a time across all workers (the queue's global concurrency is 1). A poll that stored
//   something asks for one within the next few seconds; several such requests fold into one job.
// Workers share the store: PostgreSQL across machines (DATABASE_URL), or one SQLite file on one machine.

const POLL = 'poll';
const PROCESS = 'process';
/** Requests for a process job within this window share one job. */
const PROCESS_WINDOW_MS = 2000;

/** A Redis client for REDIS_URL (redis:// or rediss://), as BullMQ needs it: no retry limit per request. */
export function redisClient(url: string): Redis {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SitrepError('bad_config', `REDIS_URL is not a URL: ${url}`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new SitrepError('bad_config', 'REDIS_URL must be a redis:// or rediss:// URL');
  // Workers block on Redis; requests must wait out a busy or restarting server, not fail.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** A BullMQ job id from any text (ids may not contain ':'). */
const jobId = (...parts: (string | number)[]) => parts.join('-').replace(/[^\w-]+/g, '_');

export interface JobsOptions {
  redisUrl: string;
  /** Key prefix in Redis (default "sitrep"); tests use their own. */
  prefix?: string;
}

export interface WorkerOptions {
  pipeline?: PipelineOptions;
  /** Poll jobs run at once in this worker (default 8). */
  concurrency?: number;
  onEvent?: (message: string) => void;
}

export class Jobs {
  private readonly redisUrl: string;
  private readonly prefix: string;
  /** Every client this object opened (BullMQ leaves clients it was given open). */
  private readonly clients: Redis[] = [];
  readonly poll: Queue;
  readonly process: Queue;
  /** The last connection error seen, for messages. */
  private lastError: string | null = null;

  constructor(opts: JobsOptions) {
    this.redisUrl = opts.redisUrl;
    this.prefix = opts.prefix ?? 'sitrep';
    this.poll = new Queue(POLL, { connection: this.client(), prefix: this.prefix, defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 } });
    this.process = new Queue(PROCESS, { connection: this.client(), prefix: this.prefix, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 1000, attempts: 3, backoff: { type: 'exponential', delay: 5000 } } });
    // Connection errors are retried by the clients and reported by ready(); without a listener,
    // BullMQ would print each retry's stack.
    for (const q of [this.poll, this.process]) q.on('error', (err) => (this.lastError = err.message));
  }

  /**
   * Resolve once Redis answers, or fail with a clear error after `timeoutMs` (the clients themselves
   * retry forever, which is right for a long-running worker but not for a command that should report).
   */
  async ready(timeoutMs = Number(process.env.SITREP_REDIS_TIMEOUT_MS ?? 10_000)): Promise<void> {
    const probe = this.clients[0]!;
    await Promise.race([
      probe.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new SitrepError('redis_unavailable', `Redis at ${redactUrl(this.redisUrl)} did not answer within ${timeoutMs} ms (${this.lastError ?? 'no answer'})`)), timeoutMs).unref()),
    ]);
  }

  /** Queue a poll job for every due source (once per source and due time). Returns how many are due. */
  async enqueueDue(store: Store, now = store.clock()): Promise<number> {
    await this.process.setGlobalConcurrency(1);
    const due = await store.dueSources(now);
    if (due.length) await this.poll.addBulk(due.map((s) => ({ name: POLL, data: { sourceId: s.id }, opts: { jobId: jobId('poll', s.id, s.nextPollAt ?? 'now') } })));
    return due.length;
  }

  /**
   * Ask for a process job (analyse, cluster, compose). Requests in one window share one job, which
   * runs in the next window: so a request never lands on the job already running, whose window is past.
   */
  async requestProcess(): Promise<void> {
    // BullMQ times delayed jobs on the system clock (in Redis and in every worker), so the window is
    // counted on that clock too: this is job timing, not a decision about the news.
    const now = Date.now();
    const window = Math.floor(now / PROCESS_WINDOW_MS) + 1;
    await this.process.add(PROCESS, {}, { jobId: jobId('process', window), delay: window * PROCESS_WINDOW_MS - now });
  }

  /** Jobs waiting, running or scheduled, in both queues. */
  async pending(): Promise<number> {
    const [a, b] = await Promise.all([this.poll.getJobCounts('waiting', 'active', 'delayed', 'prioritized'), this.process.getJobCounts('waiting', 'active', 'delayed', 'prioritized')]);
    return [...Object.values(a), ...Object.values(b)].reduce((n, x) => n + x, 0);
  }

  /** Resolve when no job is pending (checked every `everyMs`), or reject after `timeoutMs`. */
  async drained(timeoutMs = 120_000, everyMs = 100): Promise<void> {
    const end = performance.now() + timeoutMs;
    while ((await this.pending()) > 0) {
      if (performance.now() > end) throw new SitrepError('timeout', `jobs still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  /** Run poll and process jobs against this store until closed. */
  startWorker(store: Store, opts: WorkerOptions = {}): { close: () => Promise<void> } {
    const pipeline = opts.pipeline ?? {};
    const concurrency = opts.concurrency ?? 8;
    // The poll jobs this worker runs at once commit together (within 50 ms of the first).
    const writer = new PollWriter(store);
    writer.setProducers(concurrency);
    // With SITREP_FEED_READERS=N, feeds are read in N worker threads, off the event loop that runs the jobs.
    const readers = feedReadersFromEnv() ?? 0;
    const reader = pipeline.poll?.reader ?? (readers > 0 ? new FeedReaderPool(readers) : undefined);
    const shared: PollOptions = { ...pipeline.poll, limiter: pipeline.poll?.limiter ?? new HostLimiter(2, 0), robots: pipeline.poll?.robots ?? new RobotsCache(pipeline.poll?.fetch), writer, reader };
    const log = opts.onEvent ?? (() => {});
    void this.process.setGlobalConcurrency(1).catch((err: unknown) => log(`process queue: ${errorMessage(err)}`));
    const poller = new Worker(
      POLL,
      async (job: Job<{ sourceId: number }>) => {
        const source = await store.getSource(job.data.sourceId);
        if (!source) return { skipped: 'source removed' };
        const r = await pollSource(store, source, shared);
        // Analysis is per article: each worker analyses what its own poll stored, so workers analyse
        // in parallel; only clustering and composing (the process job) run one at a time.
        if (r.newArticles.length) {
          await analyzePending(store, pipeline, r.newArticles);
          await this.requestProcess();
        }
        log(`poll ${source.url}: ${r.ok ? `${r.newArticles.length} new` : `failing: ${r.error}`}`);
        return { ok: r.ok, newArticles: r.newArticles.length };
      },
      { connection: this.client(), prefix: this.prefix, concurrency },
    );
    const processor = new Worker(
      PROCESS,
      async () => {
        const analysed = await analyzePending(store, pipeline);
        const clustered = await clusterPending(store, pipeline);
        const written = await composeChanged(store, pipeline);
        const alerts = await runAlerts(store, pipeline);
        log(`process: ${analysed.analyzed} analysed, ${clustered.clustered} clustered (${clustered.created} new stories, ${clustered.merged} merged, ${clustered.dormant} gone dormant), ${written} briefings written${alerts.alertsRaised || alerts.alertsSent ? `, ${alerts.alertsRaised} alerts raised, ${alerts.alertsSent} sent` : ''}`);
        return { analysed: analysed.analyzed, clustered: clustered.clustered, briefings: written };
      },
      { connection: this.client(), prefix: this.prefix, concurrency: 1 },
    );
    for (const w of [poller, processor]) {
      w.on('failed', (job, err) => log(`${w.name} job ${job?.id ?? '?'} failed: ${errorMessage(err)}`));
      w.on('error', (err) => log(`${w.name} worker: ${errorMessage(err)}`));
    }
    return {
      close: async () => {
        await Promise.all([poller.close(), processor.close()]);
        if (reader !== pipeline.poll?.reader) await reader?.close();
      },
    };
  }

  private client(): Redis {
    const c = redisClient(this.redisUrl);
    this.clients.push(c);
    return c;
  }

  /** Close the queues and their clients; clients that never connected are dropped, not waited for. */
  async close(): Promise<void> {
    if (this.clients.every((c) => c.status === 'ready')) {
      await Promise.all([this.poll.close(), this.process.close()]);
      await Promise.all(this.clients.map((c) => c.quit().catch(() => c.disconnect())));
    } else {
      for (const c of this.clients) c.disconnect();
      await Promise.allSettled([this.poll.close(), this.process.close()]);
    }
  }
}
