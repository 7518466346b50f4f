import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Command } from 'commander';
import type { Clock } from '../clock.js';
import { SitrepError, errorMessage } from '../errors.js';
import { extractArticle } from '../extract/index.js';
import { progressBar } from './progress.js';
import { extractFile, readPage, type Outcome } from './read-page.js';

export interface ExtractDeps {
  clock: Clock;
  log: (message: string) => void;
  warn: (message: string) => void;
  out: (value: unknown) => void;
}

/**
 * Pages per thread below which threads cost more than they save, unless --jobs asks for them: each
 * thread loads and warms up the extractor anew (measured: 181 pages take 1.2 s on one thread or two,
 * 1,000 pages 7.5 s on one and 5.6 s on two).
 */
const PAGES_PER_WORKER = 200;

/** The default number of threads for a folder: the cores, at most four. */
export const defaultJobs = () => Math.max(1, Math.min(4, availableParallelism()));

/**
 * Every file of a folder extracted by `jobs` worker threads, each sent the next file as it finishes
 * the last (so one slow page holds up one thread, not a share of the folder). A thread that dies
 * (out of memory on a hostile page) costs the page it held, recorded with the reason; another takes
 * its place. With one job, or too few pages to be worth threads, the pages are read here in turn.
 */
async function extractAll(paths: string[], jobs: { n: number; asked: boolean }, now: Date, done: (path: string, outcome: Outcome) => void): Promise<void> {
  const threads = Math.min(jobs.n, jobs.asked ? paths.length : Math.floor(paths.length / PAGES_PER_WORKER));
  if (threads <= 1) {
    for (const path of paths) done(path, extractFile(path, now));
    return;
  }
  const url = new URL(import.meta.url.endsWith('.ts') ? './extract-worker.ts' : './extract-worker.js', import.meta.url);
  let next = 0;
  await new Promise<void>((resolve) => {
    let running = 0;
    const start = () => {
      const worker = new Worker(url, { workerData: { now: now.toISOString() } });
      let held: string | null = null;
      running++;
      const feed = () => {
        if (next < paths.length) worker.postMessage((held = paths[next++]!));
        else {
          held = null;
          void worker.terminate();
        }
      };
      worker.on('message', (m: { file: string } & Outcome) => {
        done(m.file, 'page' in m ? { page: m.page } : { error: m.error });
        feed();
      });
      worker.on('error', (err) => {
        if (held) done(held, { error: `the page stopped its extractor: ${errorMessage(err)}` });
        held = null;
      });
      worker.on('exit', () => {
        if (held) done(held, { error: 'the extractor thread stopped on this page' });
        held = null;
        running--;
        if (next < paths.length) start();
        else if (running === 0) resolve();
      });
      feed();
    };
    for (let i = 0; i < threads; i++) start();
  });
}

/**
 * `sitrep extract`: one page to stdout, or a folder to one JSON file. It lives apart from the rest of
 * the CLI so that `sitrep extract` loads only the extractor (see main.ts): a folder of pages is timed
 * as a whole process, start-up included.
 */
export function addExtractCommand(program: Command, deps: ExtractDeps): Command {
  return program
    .command('extract')
    .description('article text and metadata from an HTML page (.html or .html.gz)')
    .argument('[file]', 'HTML file')
    .option('--url <url>', 'the page URL (resolves relative links)')
    .option('--dir <dir>', 'extract every .html/.html.gz file in DIR')
    .option('--out <file>', 'with --dir: write {"<id>": {...}} to this JSON file')
    .option('--jobs <n>', `with --dir: pages extracted at once, in threads (default: the cores, at most 4, here ${defaultJobs()}, once a folder has ${PAGES_PER_WORKER} pages a thread)`)
    .action(async (file: string | undefined, o: { url?: string; dir?: string; out?: string; jobs?: string }) => {
      if (o.dir) {
        if (!o.out) throw new SitrepError('bad_input', '--dir needs --out OUT.json');
        if (!existsSync(o.dir) || !statSync(o.dir).isDirectory()) throw new SitrepError('bad_input', `--dir ${o.dir}: no such folder`);
        const jobs = o.jobs === undefined ? defaultJobs() : Number(o.jobs);
        if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new SitrepError('bad_input', `--jobs ${o.jobs}: give a whole number from 1 to 64`);
        const files = readdirSync(o.dir).filter((f: string) => /\.html?(\.gz)?$/i.test(f)).sort();
        const bar = progressBar();
        const outcomes = new Map<string, Outcome>();
        const now = deps.clock();
        let failed = 0;
        await extractAll(
          files.map((f) => join(o.dir!, f)),
          { n: jobs, asked: o.jobs !== undefined },
          now,
          (path, outcome) => {
            outcomes.set(path, outcome);
            // Recorded with the file and the run goes on: one bad page never costs the folder.
            if ('error' in outcome) {
              failed++;
              deps.warn(`sitrep extract: ${outcome.error}`);
            }
            bar.update('extract', outcomes.size, files.length);
          },
        );
        bar.stop();
        // In the folder's order, whichever thread finished first.
        const result: Record<string, unknown> = {};
        for (const f of files) {
          const outcome = outcomes.get(join(o.dir, f))!;
          result[basename(f).split('.')[0]!] = 'page' in outcome ? { articleBody: outcome.page.text, ...outcome.page } : { error: outcome.error };
        }
        writeFileSync(o.out, JSON.stringify(result));
        deps.log(`extracted ${files.length - failed} of ${files.length} pages into ${o.out}${failed ? ` (${failed} failed: their entries hold "error")` : ''}`);
        if (failed && failed === files.length) process.exitCode = 1;
        return;
      }
      if (!file) throw new SitrepError('bad_input', 'give an HTML FILE or --dir DIR --out OUT.json');
      deps.out(extractArticle(readPage(file), o.url ?? null, { now: deps.clock() }));
    });
}
