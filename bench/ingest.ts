// npm run bench:ingest — poll 1,000 feeds of 50 items from local servers (a separate process) with
// Sitrep's ingester (fetch, parse, canonicalise, dedupe, store in SQLite), by default and with feeds
// read inline, and in the same run with a plain loop of rss-parser over the same feeds; report feeds/s,
// items/s, medians and peak RSS. Each measurement runs in a fresh plain-Node process on the compiled
// dist/, as users run Sitrep (the script builds first), so no TypeScript loader and no earlier
// variant's heap counts against anyone's memory.
// Options: FEEDS, ITEMS, HOSTS (environment), --rounds N (default 3).
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist', 'ingest', 'index.js'))) {
  console.log('bench:ingest: dist/ not built; run `npm run build` first (`npm run bench:ingest` does)');
  process.exit(1);
}
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? 3) || 3;
const server = fork(join(import.meta.dirname, 'ingest-server.ts'), [], { execArgv: ['--import', 'tsx'], env: process.env });
const urls = await new Promise<string[]>((resolve) => server.once('message', (m: { urls: string[] }) => resolve(m.urls)));
const itemsPerFeed = Number(process.env.ITEMS ?? 50);
const tmp = mkdtempSync(join(tmpdir(), 'sitrep-bench-urls-'));
const urlsFile = join(tmp, 'urls.json');
writeFileSync(urlsFile, JSON.stringify(urls));

interface Run {
  secs: number;
  items: number;
  rss: number;
  failed: number;
  /** The floor variant: CPU seconds by stage. */
  stages?: Record<string, number>;
}
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One measurement in a fresh plain-Node process on dist/ (bench/ingest-run.mjs). */
function measure(variant: string): Run {
  const out = execFileSync(process.execPath, [join(import.meta.dirname, 'ingest-run.mjs'), variant], { env: { ...process.env, URLS_FILE: urlsFile }, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

const variants = ['sitrep', 'sitrep-inline', 'sitrep-parse', 'rss-parser', 'rss-parser-pooled', 'floor'] as const;
const runs = new Map<string, Run[]>(variants.map((v) => [v, []]));
// Interleaved rounds, so a slow spell on this machine touches every variant alike.
for (let r = 0; r < rounds; r++) for (const v of variants) runs.get(v)!.push(measure(v));
server.send('stop');
rmSync(tmp, { recursive: true, force: true });

const line = (name: string, rs: Run[], extra = '') => {
  const s = median(rs.map((r) => r.secs));
  const items = rs[0]!.items;
  console.log(`  ${name.padEnd(40)} ${(urls.length / s).toFixed(0).padStart(6)} feeds/s ${(items / s).toFixed(0).padStart(7)} items/s  median ${s.toFixed(2)} s over ${rs.length} rounds  peak RSS ${mb(median(rs.map((r) => r.rss)))} (median, max ${mb(Math.max(...rs.map((r) => r.rss)))})${extra}`);
  return items / s;
};
console.log(`\ningest: ${urls.length} feeds × ${itemsPerFeed} items from ${process.env.HOSTS ?? 10} local hosts (server in its own process; each measurement a fresh Node process on dist/)`);
const a = line('sitrep (fetch+parse+dedupe+SQLite)', runs.get('sitrep')!, `  stored ${runs.get('sitrep')![0]!.items}, failing ${runs.get('sitrep')![0]!.failed}`);
const i = line('sitrep, feeds read inline (readers 0)', runs.get('sitrep-inline')!);
const p = line('sitrep fetch+parse only, plain loop', runs.get('sitrep-parse')!);
const b = line('rss-parser, plain loop', runs.get('rss-parser')!);
const c = line('rss-parser, 32 at a time (no store)', runs.get('rss-parser-pooled')!);
// The floor: each stage's CPU (median over rounds), summed, spread over every core with nothing else
// running (the feed server's own CPU not even counted): the most items/s these parts allow here.
const floorRuns = runs.get('floor')!;
const stageNames = Object.keys(floorRuns[0]!.stages!);
const stageCpu = stageNames.map((k) => median(floorRuns.map((r) => r.stages![k]!)));
const cpuTotal = stageCpu.reduce((x, y) => x + y, 0);
const cores = availableParallelism();
const best = floorRuns[0]!.items / (cpuTotal / cores);
console.log(`  floor, CPU by stage (median): ${stageNames.map((k, j) => `${k} ${stageCpu[j]!.toFixed(2)} s`).join(', ')} = ${cpuTotal.toFixed(2)} s → at most ${best.toFixed(0)} items/s on ${cores} cores (${(best / b).toFixed(2)}x the rss-parser loop)`);
console.log(`ingest ${a.toFixed(0)} items/s | rss-parser loop ${b.toFixed(0)} (${(a / b).toFixed(2)}x) | rss-parser pooled ${c.toFixed(0)} (${(a / c).toFixed(2)}x) | inline ${i.toFixed(0)} (${(i / b).toFixed(2)}x) | parse only: sitrep ${p.toFixed(0)} vs rss-parser ${b.toFixed(0)} (${(p / b).toFixed(2)}x)`);
process.exit(0);
