import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import type { Clock } from '../clock.js';
import { SitrepError, errorMessage } from '../errors.js';
import { extractArticle } from '../extract/index.js';
import { progressBar } from './progress.js';
import { readPage } from './read-page.js';

export interface ExtractDeps {
  clock: Clock;
  log: (message: string) => void;
  warn: (message: string) => void;
  out: (value: unknown) => void;
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
    .action((file: string | undefined, o: { url?: string; dir?: string; out?: string }) => {
      if (o.dir) {
        if (!o.out) throw new SitrepError('bad_input', '--dir needs --out OUT.json');
        if (!existsSync(o.dir) || !statSync(o.dir).isDirectory()) throw new SitrepError('bad_input', `--dir ${o.dir}: no such folder`);
        const files = readdirSync(o.dir).filter((f: string) => /\.html?(\.gz)?$/i.test(f)).sort();
        const bar = progressBar();
        const result: Record<string, unknown> = {};
        const now = deps.clock();
        let failed = 0;
        files.forEach((f: string, i: number) => {
          const id = basename(f).split('.')[0]!;
          try {
            const page = extractArticle(readPage(join(o.dir!, f)), null, { now });
            result[id] = { articleBody: page.text, ...page };
          } catch (err) {
            // Recorded with the file and the run goes on: one bad page never costs the folder.
            failed++;
            result[id] = { error: errorMessage(err) };
            deps.warn(`sitrep extract: ${errorMessage(err)}`);
          }
          bar.update('extract', i + 1, files.length);
        });
        bar.stop();
        writeFileSync(o.out, JSON.stringify(result));
        deps.log(`extracted ${files.length - failed} of ${files.length} pages into ${o.out}${failed ? ` (${failed} failed: their entries hold "error")` : ''}`);
        if (failed && failed === files.length) process.exitCode = 1;
        return;
      }
      if (!file) throw new SitrepError('bad_input', 'give an HTML FILE or --dir DIR --out OUT.json');
      deps.out(extractArticle(readPage(file), o.url ?? null, { now: deps.clock() }));
    });
}
