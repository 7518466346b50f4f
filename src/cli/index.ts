import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { Product, Watch } from '../model/index.js';
import { SitrepError, errorMessage, redactUrl } from '../errors.js';
import { analyzeText } from '../analyze/index.js';
import { buildTimeline, clusterArticles, clusterNames, mainSubject } from '../stories/index.js';
import { composeBriefing, parseCatalogue, renderMarkdown, rewriteBriefing, writerFromEnv } from '../compose/index.js';
import { DEFAULT_DB, checkSqliteStore, knownMigrations, openStore, type Store } from '../store/index.js';
import { allowPrivateFromEnv, buildOpml, checkUrlAllowed, discoverFeeds, fetchUrl, HostLimiter, parseOpml } from '../ingest/index.js';
import { loadConfig, type Config } from '../config.js';
import { runAlerts, runPipeline, type PipelineOptions } from '../pipeline/index.js';
import { AlertStore, deliverAlerts, deliveryOptionsFromEnv, evaluateAlerts, parseWatch } from '../alerts/index.js';
import { hashPassword, startServer } from '../web/index.js';
import { storyPage } from '../web/pages.js';
import { watchView } from '../web/watch.js';
import { startFixtureServer } from '../demo/fixture-server.js';
import { jobsFromEnv } from '../jobs/from-env.js';
import { loadSample, loadSampleCatalogue } from '../demo/sample.js';
import { clockFromEnv } from '../clock.js';
import { SAMPLE_ROUNDS, ingestSample, sampleClock } from '../demo/replay.js';
import { readArticles } from './read-articles.js';
import { addExtractCommand } from './extract-command.js';
import { lowerPriority } from './priority.js';
import { runProgram } from './run-program.js';
import { createLogger, type LogFields, type Logger } from '../log.js';
import { Metrics } from '../service/metrics.js';
import { progressBar } from './progress.js';

const out = (v: unknown): void => {
  process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
};
let logger: Logger | null = null;
/** The CLI's logger: lines for people on a terminal, JSON lines elsewhere (see src/log.ts). */
const getLogger = (): Logger => (logger ??= createLogger());
const log = (msg: string, fields?: LogFields) => getLogger().info(msg, fields);

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function isoDay(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('must be a date as YYYY-MM-DD');
  return v;
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

/**
 * The text of an article given on the command line, or a clear error: nothing to read, or not text at
 * all (NUL bytes, or bytes that are not UTF-8 and not printable), as from an image or a PDF.
 */
export function plainTextInput(raw: Buffer, what: string): string {
  if (raw.length === 0 || raw.toString('utf8').trim() === '') throw new SitrepError('bad_input', `${what} is empty: give the text of an article`);
  const head = raw.subarray(0, 64 * 1024);
  const text = head.toString('utf8');
  const bad = (text.match(/[\uFFFD\u0000-\u0008\u000E-\u001F]/g) ?? []).length;
  if (head.includes(0) || bad / Math.max(1, text.length) > 0.02) throw new SitrepError('bad_input', `${what} is not text (it looks like a binary file); analyze reads plain UTF-8 text`);
  return raw.toString('utf8');
}

function loadCatalogue(config: Config = loadConfig()): Product[] {
  const source = process.env.SITREP_CATALOGUE ?? config.catalogue;
  if (!source) return [];
  if (Array.isArray(source)) return source as Product[];
  try {
    const raw = readFileSync(source, 'utf8');
    return parseCatalogue(raw, /\.csv$/i.test(source) ? 'csv' : 'json');
  } catch (err) {
    throw new SitrepError('bad_config', `catalogue ${source}: ${errorMessage(err)}`);
  }
}

/** A file-name-safe stamp of the desk's time, for the store a restore replaces. */
const restoreStamp = () => clockFromEnv()().toISOString().replace(/[:.]/g, '-');

/** Where the demo keeps its store (`sitrep demo`, `npm start`). */
const DEMO_DB = './data/demo.db';

/** The store the commands use, in words (a PostgreSQL URL without its password). */
function storeName(): { name: string; file: string | null } {
  if (process.env.DATABASE_URL) return { name: `PostgreSQL ${redactUrl(process.env.DATABASE_URL)}`, file: null };
  const file = process.env.SITREP_DB ?? DEFAULT_DB;
  return { name: `SQLite ${file}`, file };
}

/**
 * Open the desk's store. When it is new or holds nothing, say which one it is on stderr, and point at
 * the demo's: after `npm start`, `sitrep stats` would otherwise print zeros from a store made that
 * moment, with no hint why.
 */
async function openDeskStore(): Promise<Store> {
  const where = storeName();
  const isNew = where.file !== null && !existsSync(where.file);
  const store = await openStore();
  const stats = await store.stats();
  if (isNew || (stats.sources === 0 && stats.articles === 0)) {
    const demo = where.file !== DEMO_DB && existsSync(DEMO_DB) ? ` The demo's store is ${DEMO_DB}: set SITREP_DB=${DEMO_DB} to use it.` : '';
    log(`sitrep: using ${where.name} (${isNew ? 'new' : 'empty'}; set SITREP_DB or DATABASE_URL for another).${demo}`);
  }
  return store;
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openDeskStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function pipelineOptions(extra: Partial<PipelineOptions> = {}): PipelineOptions & { stopProgress: () => void } {
  const bar = progressBar();
  const config = loadConfig();
  return {
    poll: {
      fetch: { allowPrivate: allowPrivateFromEnv() },
      fetchPages: config.fetch?.fetchPages,
      limiter: new HostLimiter(config.fetch?.perHostConcurrency ?? 2, config.fetch?.perHostDelayMs ?? 0),
    },
    catalogue: loadCatalogue(config),
    audience: config.audience,
    taxonomy: config.taxonomy,
    writer: writerFromEnv(),
    alerts: deliveryOptionsFromEnv(),
    onWarning: (message) => getLogger().warn(`sitrep: ${message}`),
    onProgress: (stage, done, total) => bar.update(stage, done, total),
    stopProgress: () => bar.stop(),
    ...extra,
  };
}

function reportRun(r: Awaited<ReturnType<typeof runPipeline>>): void {
  const failed = r.polled.filter((p) => !p.ok && !p.stopped);
  const stopped = r.polled.filter((p) => p.stopped).length;
  const json = getLogger().format === 'json';
  const newArticles = r.polled.reduce((n, p) => n + p.newArticles.length, 0);
  const fields = json ? { polled: r.polled.length, failing: failed.length, newArticles, analysed: r.analyzed, storiesCreated: r.storiesCreated, storiesMerged: r.storiesMerged, storiesDormant: r.storiesDormant, briefingsWritten: r.briefingsWritten, alertsRaised: r.alertsRaised, alertsSent: r.alertsSent, alertsFailed: r.alertsFailed } : undefined;
  // A round with nothing due is the normal state of a running desk between polls: no line for people.
  const quiet = r.polled.length === 0 && r.analyzed === 0 && r.briefingsWritten === 0 && r.alertsSent === 0;
  const alerts = r.alertsRaised || r.alertsSent || r.alertsFailed ? `; ${r.alertsRaised} alerts raised, ${r.alertsSent} sent${r.alertsFailed ? `, ${r.alertsFailed} failed (retried later)` : ''}` : '';
  (quiet ? getLogger().debug : log)(`polled ${r.polled.length} sources (${failed.length} failing), ${newArticles} new articles, ${r.analyzed} analysed, ${r.storiesCreated} new stories${r.storiesMerged ? ` (${r.storiesMerged} merged into older ones)` : ''}${r.storiesDormant ? `, ${r.storiesDormant} gone dormant` : ''}, ${r.briefingsWritten} briefings written${alerts}${stopped ? `; ${stopped} polls stopped before they finished (polled again next run)` : ''}`, fields);
  for (const p of failed) getLogger().warn(`  failing: ${p.source.url}: ${p.error}`, json ? { source: p.source.url } : undefined);
  for (const p of r.polled) for (const e of p.itemErrors.slice(0, 5)) getLogger().warn(`  item skipped: ${e}`, json ? { source: p.source.url } : undefined);
}

/** The site's options from the environment, for `serve` and `run` alike. */
function siteOptions(o: { port?: number; host: string }, extra: Partial<NonNullable<Parameters<typeof startServer>[1]>> = {}): NonNullable<Parameters<typeof startServer>[1]> {
  return {
    port: o.port ?? Number(process.env.PORT ?? 8080),
    host: o.host,
    baseUrl: process.env.SITREP_BASE_URL?.replace(/\/+$/, '') || undefined,
    audience: loadConfig().audience,
    metrics: process.env.SITREP_METRICS === '1' ? new Metrics() : null,
    metricsToken: process.env.SITREP_METRICS_TOKEN || null,
    logger: getLogger(),
    ...extra,
  };
}

/** How long to rest before the next poll round: until the next source is due, at least a second, at most a minute. */
async function restBeforeNextRound(store: Store): Promise<number> {
  const now = store.clock().getTime();
  const due = (await store.listSources()).map((s) => (s.nextPollAt ? Date.parse(s.nextPollAt) : now)).sort((a, b) => a - b)[0];
  return Math.min(Math.max((due ?? now + 60_000) - now, 1000), 60_000);
}

export function buildProgram(): Command {
  // The desk's clock for commands that read files rather than a store (SITREP_NOW, else the system's);
  // commands on a store use the store's, which is the same one.
  const clock = clockFromEnv();
  const program = new Command();
  program
    .name('sitrep')
    .description('Self-hosted news desk: follows sources, groups articles into stories, writes cited briefings.\nJSON goes to stdout; progress and errors to stderr.')
    .version('0.1.0')
    .showHelpAfterError('(run sitrep --help for usage)');

  addExtractCommand(program, { clock, log, warn: (m) => getLogger().warn(m), out });

  program
    .command('analyze')
    .description('sentences, entities, quotes and dates of a plain-text article')
    .argument('<file>', "text file, or '-' for stdin")
    .option('--published <date>', 'publication date (YYYY-MM-DD) that relative dates resolve against', isoDay)
    .action((file: string, o: { published?: string }) => {
      let raw: Buffer;
      if (file === '-') raw = readFileSync(0);
      else if (!existsSync(file)) throw new SitrepError('bad_input', `no such file: ${file}`);
      else if (statSync(file).isDirectory()) throw new SitrepError('bad_input', `${file} is a directory; analyze reads one text file (or '-' for stdin)`);
      else raw = readFileSync(file);
      out(analyzeText(plainTextInput(raw, file === '-' ? 'standard input' : file), { published: o.published ?? null, now: clock() }));
    });

  program
    .command('timeline')
    .description('dated key developments of the articles in DIR (DIR/<YYYY-MM-DD>/<name>.txt, or .html/.json), oldest first')
    .argument('<dir>')
    .option('--dates <n>', 'number of dates', positiveInt)
    .option('--per-date <k>', 'sentences per date', positiveInt)
    .option('--start <date>', 'earliest date (YYYY-MM-DD)', isoDay)
    .option('--end <date>', 'latest date (YYYY-MM-DD)', isoDay)
    .option('--query <words>', 'topic words to focus on')
    .option('--no-focus', 'use every article, even when DIR mixes several subjects (by default the timeline follows the main one)')
    .action((dir: string, o: { dates?: number; perDate?: number; start?: string; end?: string; query?: string; focus: boolean }) => {
      const articles = readArticles([dir], clock);
      const bar = progressBar();
      const analysed = articles.map((a, i) => {
        bar.update('analyze', i + 1, articles.length);
        return { id: a.path, published: a.published, analysis: analyzeText(a.text, { published: a.published, now: new Date(a.fetchedAt) }) };
      });
      bar.stop();
      const days = buildTimeline(analysed, { dates: o.dates, perDate: o.perDate, start: o.start, end: o.end, query: o.query, focus: o.focus });
      out(days.map((d) => ({ date: d.date, sentences: d.sentences.map((s) => s.text) })));
    });

  program
    .command('cluster')
    .description('group the articles in DIR into stories: [{story, articles}]')
    .argument('<dir>')
    .action((dir: string) => {
      const articles = readArticles([dir], clock);
      // As the pipeline does: each article is analysed, and its main names weigh in the clustering.
      const bar = progressBar();
      const inputs = articles.map((a, i) => {
        bar.update('analyze', i + 1, articles.length);
        return { id: a.path, title: a.title, text: a.text, published: a.published, entities: clusterNames(analyzeText(a.text, { published: a.published, now: new Date(a.fetchedAt) }).entities) };
      });
      bar.stop();
      out(clusterArticles(inputs));
    });

  program
    .command('brief')
    .description('the briefing of the story that the given articles form')
    .argument('<inputs...>', 'a directory of articles, or article files')
    .option('--format <format>', 'json, md or html', 'json')
    .option('--no-focus', 'use every article, even when the inputs mix several subjects (by default the briefing follows the main one)')
    .action(async (inputs: string[], o: { format: string; focus: boolean }) => {
      if (!['json', 'md', 'html'].includes(o.format)) throw new SitrepError('bad_input', `--format must be json, md or html, not ${o.format}`);
      const articles = readArticles(inputs, clock);
      const bar = progressBar();
      const analysed = articles.map((a, i) => {
        bar.update('analyze', i + 1, articles.length);
        return { ...a, analysis: analyzeText(a.text, { published: a.published, now: new Date(a.fetchedAt) }) };
      });
      bar.stop();
      // A folder of wire copy holds the wire's other news too: the briefing is of its main subject.
      const main = o.focus ? new Set(mainSubject(analysed).map((a) => a.id)) : null;
      const story = main ? analysed.filter((a) => main.has(a.id)) : analysed;
      if (main && story.length < analysed.length) log(`sitrep: the briefing follows the main subject: ${story.length} of ${analysed.length} articles (--no-focus for all)`);
      const storyId = `st_${createHash('sha1').update(story.map((a) => a.id).join(',')).digest('hex').slice(0, 10)}`;
      let b = composeBriefing({ storyId, articles: story, catalogue: loadCatalogue(), now: clock() });
      const writer = writerFromEnv();
      if (writer) {
        const { briefing, report } = await rewriteBriefing(b, story, writer);
        log(report.error ? `sitrep: writer: ${report.error}; the briefing stays extractive` : `sitrep: writer ${writer.model}: ${report.rewritten} sentences rewritten, ${report.kept} kept as extracted`);
        b = briefing;
      }
      if (o.format === 'md') process.stdout.write(renderMarkdown(b));
      else if (o.format === 'html') process.stdout.write(`${String(storyPage(b, [{ version: 1, createdAt: b.updatedAt }], 1, { baseUrl: '', notice: null, slugOf: () => storyId }))}\n`);
      else out(b);
    });

  program
    .command('serve')
    .description('serve the site, feeds and API from the store (SITREP_DB or DATABASE_URL)')
    .option('--port <port>', 'port (default: PORT or 8080)', port)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (o: { port?: number; host: string }) => {
      const store = await openStore();
      const server = await startServer(store, siteOptions(o));
      log(`sitrep: serving ${server.url}`, { url: server.url });
      await untilSignal();
      await server.close();
      await store.close();
    });

  program
    .command('run')
    .description('the desk in one process: serve the site and poll sources as they come due (SIGTERM or SIGINT stops it cleanly)')
    .option('--port <port>', 'port (default: PORT or 8080)', port)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (o: { port?: number; host: string }) => {
      const log = getLogger();
      const store = await openDeskStore();
      for (const src of loadConfig().sources) await store.addSource(src.url, { outlet: src.outlet ?? null });
      // With REDIS_URL the due sources go to the queue and `sitrep worker` processes (a second unit) do the work.
      const jobs = await jobsFromEnv();
      if (jobs) await jobs.ready();
      const readiness = jobs
        ? async () => {
            try {
              await jobs.ready(1000);
              return [];
            } catch {
              return ['redis: does not answer'];
            }
          }
        : undefined;
      const site = siteOptions(o, { readiness });
      const metrics = site.metrics ?? null;
      const server = await startServer(store, site);
      log.info(`sitrep: serving ${server.url}${metrics ? ` (metrics at ${server.url}/metrics${process.env.SITREP_METRICS_TOKEN ? ', bearer token required' : ''})` : ''}`, { url: server.url });

      const abort = new AbortController();
      // Every fetch of a round listens for the stop (and lets go when it settles).
      setMaxListeners(0, abort.signal);
      const stopped = new Promise<string>((resolve) => {
        const on = (signal: string) => () => {
          if (abort.signal.aborted) return;
          log.info(`sitrep: ${signal}: finishing the write in progress, then stopping`, { signal });
          abort.abort();
          resolve(signal);
        };
        process.once('SIGTERM', on('SIGTERM'));
        process.once('SIGINT', on('SIGINT'));
      });
      // Alerts link to this site: SITREP_BASE_URL, else the address it serves on.
      const { stopProgress, onProgress: _progress, ...opts } = pipelineOptions({ signal: abort.signal, onStage: (stage, seconds) => metrics?.stageSeconds.observe({ stage }, seconds), alerts: deliveryOptionsFromEnv(process.env, server.url) });
      stopProgress();
      const rest = (ms: number) =>
        new Promise<void>((resolve) => {
          const t = setTimeout(resolve, ms);
          abort.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
        });
      const rounds = (async () => {
        while (!abort.signal.aborted) {
          try {
            if (jobs) {
              log.info(`sitrep: queued ${await jobs.enqueueDue(store)} due sources on Redis; ${await jobs.pending()} jobs pending for the workers`);
              await store.markPollRound();
              // The workers raise and send alerts after each batch; retries and digests held back by the rate limit go out from here too.
              await runAlerts(store, opts);
            } else {
              const r = await runPipeline(store, opts);
              reportRun(r);
              metrics?.recordRun(r, (await store.stats()).failingSources, store.clock());
            }
          } catch (err) {
            metrics?.runs.inc({ outcome: 'failed' });
            log.error(`sitrep: poll round failed: ${errorMessage(err)}`);
          }
          // Until the next source is due, or until stopped.
          await rest(await restBeforeNextRound(store));
        }
      })();
      await stopped;
      // Stop taking requests and new work; give the write in progress time to commit. A round still
      // running after that is cut off: its open transaction rolls back when the store closes, and the
      // next run does that work again (nothing half-written stays).
      const closing = server.close();
      const finished = await Promise.race([rounds.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 7000).unref())]);
      await closing;
      try {
        await jobs?.close();
        await store.close();
      } catch (err) {
        log.warn(`sitrep: closing the store: ${errorMessage(err)}`);
      }
      log.info(`sitrep: stopped${finished ? '' : ' (the round in progress was cut off; the next run redoes it)'}`);
      process.exit(0);
    });

  program
    .command('backup')
    .description('write a consistent copy of the SQLite store to FILE, while `sitrep run` goes on writing (PostgreSQL: pg_dump, see the README)')
    .argument('<file>', 'where to write the copy (a new file)')
    .option('--force', 'replace FILE if it exists')
    .action(async (file: string, o: { force?: boolean }) => {
      if (existsSync(file) && !o.force) throw new SitrepError('bad_input', `${file} exists; pass --force to replace it`);
      await withStore(async (store) => {
        const tmp = `${file}.partial-${process.pid}`;
        try {
          const { pages } = await store.backupTo(tmp);
          const check = checkSqliteStore(tmp, await knownMigrations());
          if (check.problems.length) throw new SitrepError('backup_failed', `the copy does not check out: ${check.problems.join('; ')}`);
          renameSync(tmp, file);
          out({ file, bytes: statSync(file).size, pages, articles: check.articles, integrity: 'ok' });
        } finally {
          rmSync(tmp, { force: true });
        }
      });
    });

  program
    .command('restore')
    .description("put a backup back as the store (SITREP_DB), after checking it; the store it replaces is kept beside it. Stop `sitrep run` first")
    .argument('<file>', 'a copy written by `sitrep backup`')
    .option('--force', 'replace an existing store')
    .action(async (file: string, o: { force?: boolean }) => {
      if (process.env.DATABASE_URL) throw new SitrepError('bad_input', 'DATABASE_URL is set: restore PostgreSQL with pg_restore (see the README)');
      if (!existsSync(file)) throw new SitrepError('bad_input', `no such file: ${file}`);
      const check = checkSqliteStore(file, await knownMigrations());
      if (check.problems.length) throw new SitrepError('bad_input', `${file} cannot be restored: ${check.problems.join('; ')}`);
      const target = process.env.SITREP_DB ?? DEFAULT_DB;
      let kept: string | null = null;
      if (existsSync(target)) {
        if (!o.force) throw new SitrepError('bad_input', `a store exists at ${target}; stop \`sitrep run\` and pass --force to replace it (it is kept beside it)`);
        kept = `${target}.before-restore-${restoreStamp()}`;
      }
      mkdirSync(dirname(target), { recursive: true });
      const tmp = `${target}.restoring-${process.pid}`;
      copyFileSync(file, tmp);
      if (kept) {
        renameSync(target, kept);
        for (const side of ['-wal', '-shm']) rmSync(`${target}${side}`, { force: true });
      }
      renameSync(tmp, target);
      // Opening runs any migration the backup predates.
      const store = await openStore({ path: target });
      const stats = await store.stats();
      await store.close();
      out({ restored: file, store: target, replacedStoreKeptAt: kept, ...stats });
    });

  program
    .command('ingest')
    .description('poll the sources that are due, then analyse, cluster and write briefings (at a lower CPU priority: SITREP_NICE)')
    .option('--watch', 'keep polling as sources come due (Ctrl-C stops)')
    .action(async (o: { watch?: boolean }) => {
      lowerPriority();
      await withStore(async (store) => {
        for (const src of loadConfig().sources) await store.addSource(src.url, { outlet: src.outlet ?? null });
        const opts = pipelineOptions();
        let stop = false;
        const onSignal = () => {
          stop = true;
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        // With REDIS_URL the due sources go to the queue and `sitrep worker` processes do the work.
        const jobs = await jobsFromEnv();
        try {
          await jobs?.ready();
          do {
            if (jobs) log(`sitrep: queued ${await jobs.enqueueDue(store)} due sources on Redis; ${await jobs.pending()} jobs pending for the workers`);
            else {
              const r = await runPipeline(store, opts);
              opts.stopProgress();
              reportRun(r);
            }
            if (!o.watch) break;
            const waitMs = await restBeforeNextRound(store);
            for (let waited = 0; waited < waitMs && !stop; waited += 250) await new Promise((r2) => setTimeout(r2, 250));
          } while (!stop);
        } finally {
          opts.stopProgress();
          await jobs?.close();
        }
      });
    });

  const sources = program.command('sources').description('manage followed sources');
  sources
    .command('add')
    .description('follow a feed; a web page is followed through the feed it advertises. Prints the source as JSON')
    .argument('<url>', 'feed URL (RSS, Atom, JSON Feed) or the page that links to it')
    .option('--outlet <name>', 'outlet name shown in citations')
    .option('--no-discover', 'add the URL as given, without checking it or discovering its feed')
    .action(async (url: string, o: { outlet?: string; discover?: boolean; noDiscover?: boolean }) => {
      o.noDiscover = o.discover === false;
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        throw new SitrepError('bad_input', `not a valid URL: ${url}`);
      }
      if (!/^https?:$/.test(u.protocol)) throw new SitrepError('bad_input', `only http and https sources are supported: ${url}`);
      // A source the fetcher would refuse (loopback, private, link-local) is refused here, with the reason.
      checkUrlAllowed(u, allowPrivateFromEnv());
      let feedUrl = u.href;
      if (!o.noDiscover) {
        // A web page instead of a feed: follow the feed it advertises.
        try {
          const doc = await fetchUrl(u.href, { allowPrivate: allowPrivateFromEnv(), totalTimeoutMs: 15_000 });
          if (/html/i.test(doc.contentType ?? '') || /^\s*<(!doctype html|html)/i.test(doc.body)) {
            const found = discoverFeeds(doc.body, doc.finalUrl);
            if (found.length === 0) throw new SitrepError('bad_input', `${url} is a web page that advertises no feed; give the feed's URL`);
            feedUrl = found[0]!.url;
            log(`sitrep: ${url} is a page; following its feed ${feedUrl}`);
          }
        } catch (err) {
          if (err instanceof SitrepError && (err.code === 'bad_input' || err.code === 'blocked_address')) throw err;
          if (/private, loopback or link-local/.test(errorMessage(err))) throw new SitrepError('blocked_address', errorMessage(err));
          log(`sitrep: could not check ${url} now (${errorMessage(err)}); adding it as given`);
        }
      }
      await withStore(async (store) => out(await store.addSource(feedUrl, { outlet: o.outlet ?? null })));
    });
  sources.command('list').description('list sources (JSON)').action(async () => withStore(async (store) => out(await store.listSources())));
  sources
    .command('remove')
    .description('stop following a source (its articles and stories stay)')
    .argument('<url>', 'the URL the source was added with, as `sources list` shows it')
    .action(async (url: string) =>
      withStore(async (store) => {
        if (!(await store.removeSource(url))) throw new SitrepError('not_found', `no source with URL ${url}`);
        out({ removed: url });
      }),
    );
  sources
    .command('import-opml')
    .description('follow every feed of an OPML subscription list')
    .argument('<file>')
    .action(async (file: string) => {
      if (!existsSync(file)) throw new SitrepError('bad_input', `no such file: ${file}`);
      const feeds = parseOpml(readFileSync(file, 'utf8'));
      await withStore(async (store) => {
        const before = (await store.listSources()).length;
        for (const f of feeds) {
          try {
            const u = new URL(f.url);
            if (!/^https?:$/.test(u.protocol)) throw new Error('not http(s)');
            await store.addSource(u.href, { outlet: f.title });
          } catch {
            log(`sitrep: skipped ${f.url}: not an http(s) URL`);
          }
        }
        const after = (await store.listSources()).length;
        out({ inOpml: feeds.length, added: after - before });
      });
    });
  sources
    .command('export-opml')
    .description('print the followed sources as OPML')
    .action(async () =>
      withStore(async (store) => {
        process.stdout.write(buildOpml((await store.listSources()).map((s) => ({ url: s.url, title: s.outlet ?? s.title, siteUrl: null, category: null })), store.clock()));
      }),
    );

  const users = program.command('users').description('manage admin users (passwords hashed with scrypt)');
  users
    .command('add')
    .argument('<name>', 'user name')
    .description('add an admin user; the password is read from stdin (or prompted for on a terminal)')
    .action(async (name: string) => {
      if (!/^[\w.@-]{1,64}$/.test(name)) throw new SitrepError('bad_input', 'user name: 1-64 letters, digits, or . _ @ -');
      const password = await readPassword();
      await withStore(async (store) => {
        if (await store.getUser(name)) throw new SitrepError('bad_input', `user ${name} exists; use "sitrep users passwd ${name}"`);
        await store.addUser(name, await hashPassword(password));
      });
      log(`sitrep: user ${name} added; sign in at /admin/login`);
    });
  users
    .command('passwd')
    .argument('<name>', 'user name')
    .description("set a user's password (stdin or prompt); signs the user out everywhere")
    .action(async (name: string) => {
      const password = await readPassword();
      const ok = await withStore(async (store) => store.setUserPassword(name, await hashPassword(password)));
      if (!ok) throw new SitrepError('bad_input', `no such user: ${name}`);
      log(`sitrep: password of ${name} changed`);
    });
  users.command('list').description('list users (JSON)').action(async () => withStore(async (store) => out(await store.listUsers())));
  users
    .command('remove')
    .argument('<name>', 'user name')
    .action(async (name: string) => {
      if (!(await withStore((store) => store.removeUser(name)))) throw new SitrepError('bad_input', `no such user: ${name}`);
      log(`sitrep: user ${name} removed`);
    });

  const watch = program.command('watch').description('watchlists: follow people, places, words, a section or a story, and be told when it moves');
  const baseUrl = () => deliveryOptionsFromEnv().baseUrl;
  const watchJson = (w: Watch) => watchView(w, baseUrl());
  const watchId = (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a watchlist id (a whole number, from `sitrep watch list`)');
    return n;
  };
  watch
    .command('add')
    .description('add a watchlist; prints it as JSON, with its Atom feed (the URL carries an unguessable token)')
    .requiredOption('--name <name>', 'what to call it')
    .option('--entity <name>', 'a person, place or organisation (repeat for more; any one matches)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--query <words>', 'words, found as the site search finds them')
    .option('--section <path>', 'a section, e.g. "News/Russia"')
    .option('--story <slug>', 'one story, by its slug')
    .option('--min-score <s>', 'importance an update needs to alert (default 2; see the README)', (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number, 0 or more');
      return n;
    })
    .option('--webhook <url>', 'POST each alert here as signed JSON (SITREP_WEBHOOK_SECRET)')
    .option('--email <address>', 'email each alert here (SITREP_SMTP_URL)')
    .action(async (o: { name: string; entity: string[]; query?: string; section?: string; story?: string; minScore?: number; webhook?: string; email?: string }) =>
      withStore(async (store) => {
        const input = await parseWatch({ name: o.name, entities: o.entity, query: o.query, section: o.section, story: o.story, minScore: o.minScore, webhook: o.webhook, email: o.email }, store, allowPrivateFromEnv());
        out(watchJson(await new AlertStore(store).addWatch(input)));
      }),
    );
  watch
    .command('list')
    .description('list watchlists (JSON), with their alerts and deliveries so far')
    .action(async () =>
      withStore(async (store) => {
        const alerts = new AlertStore(store);
        const list = [];
        for (const w of await alerts.listWatches()) {
          list.push({ ...watchJson(w), alerts: await alerts.alertCount(w.id), deliveries: await alerts.deliveryCounts(w.id) });
        }
        out(list);
      }),
    );
  watch
    .command('remove')
    .description('remove a watchlist, its alerts and its pending deliveries')
    .argument('<id>', 'watchlist id', watchId)
    .action(async (id: number) =>
      withStore(async (store) => {
        if (!(await new AlertStore(store).removeWatch(id))) throw new SitrepError('not_found', `no watchlist ${id} (see sitrep watch list)`);
        out({ removed: id });
      }),
    );
  watch
    .command('alerts')
    .description("a watchlist's scored updates, newest first: score, whether it alerted, and why")
    .argument('<id>', 'watchlist id', watchId)
    .option('--all', 'include the updates that matched but stayed below the threshold')
    .option('--json', 'print JSON')
    .action(async (id: number, o: { all?: boolean; json?: boolean }) =>
      withStore(async (store) => {
        const alerts = new AlertStore(store);
        const w = await alerts.getWatch(id);
        if (!w) throw new SitrepError('not_found', `no watchlist ${id} (see sitrep watch list)`);
        const list = await alerts.alerts(id, { passedOnly: !o.all, limit: 500 });
        if (o.json) return out(list.map((a) => ({ id: a.id, story: a.body.story, version: a.version, headline: a.body.headline, score: a.score, alerted: a.passed, reasons: a.body.reasons, createdAt: a.createdAt })));
        process.stdout.write(`${w.name} (alerts at score ${w.minScore} or more)\n`);
        if (!list.length) process.stdout.write('  no updates scored yet\n');
        for (const a of list) process.stdout.write(`  ${a.passed ? 'ALERT' : 'below'} ${a.score.toFixed(1).padStart(4)}  ${a.body.story} v${a.version}: ${a.body.reasons.join('; ') || 'nothing new'}\n`);
      }),
    );
  watch
    .command('send')
    .description('send the alerts that are due now (the pipeline does this after every run; this is for cron or a retry by hand)')
    .action(async () =>
      withStore(async (store) => {
        // Score what was written since the last run first (idempotent), then send.
        const { raised } = await evaluateAlerts(store);
        out({ raised, ...(await deliverAlerts(store, { ...deliveryOptionsFromEnv(), onWarning: (m) => getLogger().warn(`sitrep: ${m}`) })) });
      }),
    );

  program
    .command('worker')
    .description('scale-out worker: runs the poll and process jobs that `sitrep ingest` queues on Redis (REDIS_URL)')
    .option('--concurrency <n>', 'poll jobs at once in this worker (default 8)', positiveInt)
    .action(async (o: { concurrency?: number }) => {
      lowerPriority();
      const jobs = await jobsFromEnv();
      if (!jobs) throw new SitrepError('bad_config', 'sitrep worker needs REDIS_URL=redis://host:6379 (and every worker the same store: DATABASE_URL, or one SITREP_DB on one machine)');
      try {
        await jobs.ready();
      } catch (err) {
        await jobs.close();
        throw err;
      }
      await withStore(async (store) => {
        const { stopProgress, onProgress: _progress, ...opts } = pipelineOptions();
        stopProgress();
        const worker = jobs.startWorker(store, { pipeline: opts, concurrency: o.concurrency, onEvent: (e) => log(`sitrep worker: ${e}`) });
        log(`sitrep worker: waiting for jobs on ${redactUrl(process.env.REDIS_URL!)} (Ctrl-C stops)`);
        await untilSignal();
        await worker.close();
        await jobs.close();
      });
    });

  program
    .command('stats')
    .description('counts of sources, failing sources, articles and stories')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) =>
      withStore(async (store) => {
        const st = await store.stats();
        if (o.json) return out(st);
        process.stdout.write(`${storeName().name}\n  sources          ${st.sources}${st.failingSources ? ` (${st.failingSources} failing)` : ''}\n  articles         ${st.articles}\n  stories          ${st.stories}\n`);
      }),
    );

  program
    .command('demo')
    .description('the whole pipeline on the bundled sample (served by a local fixture feed server), then the site')
    .option('--port <port>', 'site port (default: PORT or 8080)', port)
    .option('--once', 'build the demo database and exit without serving')
    .action(async (o: { port?: number; once?: boolean }) => {
      await runDemo({ port: o.port ?? Number(process.env.PORT ?? 8080), once: !!o.once });
    });

  return program;
}

/** A password from stdin's first line, or typed at a terminal without echo. At least 10 characters. */
async function readPassword(): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    process.stderr.write('Password: ');
    process.stdin.setRawMode(true);
    password = await new Promise<string>((resolve, reject) => {
      let buf = '';
      const onData = (d: Buffer) => {
        for (const ch of d.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return finish();
          if (ch === '\u0003') return finish(new SitrepError('bad_input', 'cancelled'));
          if (ch === '\u007f') buf = buf.slice(0, -1);
          else buf += ch;
        }
      };
      const finish = (err?: Error) => {
        process.stdin.off('data', onData);
        process.stdin.setRawMode(false);
        process.stdin.pause();
        process.stderr.write('\n');
        if (err) reject(err);
        else resolve(buf);
      };
      process.stdin.on('data', onData);
      process.stdin.resume();
    });
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  if (password.length < 10) throw new SitrepError('bad_input', 'password: at least 10 characters');
  return password;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * The demo: a fixture server publishes the sample reports as three outlets' feeds; Sitrep ingests them
 * in two rounds (the first days, then the rest) so every story has two briefing versions and a
 * "what changed" section; then the site is served.
 */
export async function runDemo(opts: { port: number; once: boolean; dbPath?: string }): Promise<void> {
  const sample = loadSample();
  const dbPath = opts.dbPath ?? process.env.SITREP_DB ?? './data/demo.db';
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const clock = sampleClock();
  const fixtures = await startFixtureServer({ sample, upTo: () => clock().toISOString() });
  log(`sitrep demo: sample feeds at ${fixtures.url} (fictional outlets; sample data, replayed as of ${SAMPLE_ROUNDS.join(' and ')})`);
  const store = await openStore({ path: dbPath, clock });
  try {
    for (const f of fixtures.feedUrls) await store.addSource(f.url, { outlet: f.outlet });
    const opts2 = { ...pipelineOptions(), poll: { fetch: { allowPrivate: true } }, catalogue: loadSampleCatalogue() };
    await ingestSample(store, clock, opts2, reportRun);
    opts2.stopProgress();
    log(`sitrep demo: ${JSON.stringify(await store.stats())}`);
    if (opts.once) return;
    const server = await startServer(store, { port: opts.port, notice: sample.notice });
    log(`sitrep demo: site at ${server.url}  (Ctrl-C stops)`);
    await untilSignal();
    await server.close();
  } finally {
    await store.close();
    await fixtures.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  await runProgram(buildProgram(), argv, getLogger);
}
