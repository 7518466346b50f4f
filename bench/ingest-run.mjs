// One bench:ingest measurement in a fresh process, as users run Sitrep: plain Node on the compiled
// dist/ (no TypeScript loader in the process whose memory is measured). Prints one JSON line:
// {secs, items, rss, failed}; rss is the process's peak resident set (worker threads included).
// Usage: node bench/ingest-run.mjs sitrep|sitrep-inline|sitrep-parse|rss-parser|rss-parser-pooled|floor, with
// URLS_FILE naming a JSON array of feed URLs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const variant = process.argv[2];
const urls = JSON.parse(readFileSync(process.env.URLS_FILE, 'utf8'));
const { openStore } = await import('../dist/store/index.js');
const { HostLimiter, fetchUrl, parseFeed, pollDueSources } = await import('../dist/ingest/index.js');
const { htmlFragmentToText } = await import('../dist/extract/index.js');
const { simhash } = await import('../dist/text/simhash.js');
const { default: Parser } = await import('rss-parser');

async function loop(parallel, read) {
  let items = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < urls.length) {
        const n = await read(urls[next++]); // read first: `items += await …` would lose concurrent counts
        items += n;
      }
    }),
  );
  return { items, failed: 0 };
}

async function sitrep(readers) {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-'));
  const store = await openStore({ path: join(dir, 'bench.db') });
  for (const u of urls) await store.addSource(u);
  const t0 = performance.now();
  const results = await pollDueSources(store, { fetch: { allowPrivate: true }, fetchPages: false, robots: false, concurrency: 32, limiter: new HostLimiter(8, 0), readers });
  const secs = (performance.now() - t0) / 1000;
  const items = (await store.stats()).articles;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { secs, items, failed: results.filter((r) => !r.ok).length };
}

async function timed(run) {
  const t0 = performance.now();
  const r = await run();
  return { secs: (performance.now() - t0) / 1000, ...r };
}

/**
 * The least CPU any ingester that keeps these articles needs here: each stage Sitrep's must do, one
 * after another, timed by CPU: fetch (32 at a time), parse, item HTML to text, SimHash, and the
 * barest SQLite write (one table, no index, no dedupe, no durability). Divided by the cores, its sum
 * bounds the items/s any design built from these parts can reach on this machine.
 */
async function floor() {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const stage = async (fn) => {
    const c0 = cpu();
    const out = await fn();
    return [out, cpu() - c0];
  };
  const t0 = performance.now();
  const [docs, fetchCpu] = await stage(async () => {
    const out = new Array(urls.length);
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => { while (next < urls.length) { const i = next++; out[i] = await fetchUrl(urls[i], { allowPrivate: true }); } }));
    return out;
  });
  const [items, parseCpu] = await stage(() => docs.flatMap((d) => parseFeed(d.body, d.finalUrl).items));
  const [texts, textCpu] = await stage(() => items.map((it) => htmlFragmentToText(it.contentHtml ?? it.summary ?? '')));
  const [hashes, hashCpu] = await stage(() => texts.map((t) => simhash(t)));
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-floor-'));
  const db = new Database(join(dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.exec('CREATE TABLE articles (url text, title text, published text, text text NOT NULL, simhash text)');
  const insert = db.prepare('INSERT INTO articles VALUES (?, ?, ?, ?, ?)');
  const [, storeCpu] = await stage(() => db.transaction(() => items.forEach((it, i) => insert.run(it.url, it.title, it.published, texts[i], hashes[i])))());
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { secs: (performance.now() - t0) / 1000, items: items.length, failed: 0, stages: { fetch: fetchCpu, parse: parseCpu, text: textCpu, simhash: hashCpu, insert: storeCpu } };
}

const parser = new Parser();
const runs = {
  // readers undefined: the default (SITREP_FEED_READERS, else one reader thread for a large poll).
  sitrep: () => sitrep(undefined),
  'sitrep-inline': () => sitrep(0),
  'sitrep-parse': () => timed(() => loop(1, async (u) => { const doc = await fetchUrl(u, { allowPrivate: true }); return parseFeed(doc.body, doc.finalUrl).items.length; })),
  'rss-parser': () => timed(() => loop(1, async (u) => (await parser.parseURL(u)).items.length)),
  'rss-parser-pooled': () => timed(() => loop(32, async (u) => (await parser.parseURL(u)).items.length)),
  floor,
};
if (!runs[variant]) throw new Error(`unknown variant ${variant}`);
const r = await runs[variant]();
process.stdout.write(`${JSON.stringify({ ...r, rss: process.resourceUsage().maxRSS * 1024 })}\n`);
process.exit(0);
