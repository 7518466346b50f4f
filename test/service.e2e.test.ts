import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../src/demo/fixture-server.js';
import { loadSample } from '../src/demo/sample.js';
import { checkSqliteStore, knownMigrations, openStore } from '../src/store/index.js';
import { fixedClock } from '../src/clock.js';

// `sitrep run` as a supervisor runs it: a real process on a real SQLite file, polling the sample's
// feeds from a feed server on 127.0.0.1, answering health checks and metrics, logging JSON lines,
// stopped by SIGTERM; and `sitrep backup` / `sitrep restore` beside it.
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'sitrep.js');
const reports = loadSample().reports;
// The desk's clock: after the last sample report, so every report is there to poll.
const NOW = '2026-11-23T08:00:00Z';
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sitrep-service-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  url: string;
  exited: Promise<number | null>;
}

function envFor(db: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SITREP_DB: db, SITREP_ALLOW_PRIVATE: '1', SITREP_NOW: NOW, SITREP_LOG_FORMAT: 'json', ...extra };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  return env;
}

/** A desk's store with the sample's three feeds as its sources. */
async function deskWithSources(fixtures: FixtureServer): Promise<string> {
  const db = join(mkdtempSync(join(tmp, 'desk-')), 'sitrep.db');
  const store = await openStore({ path: db, clock: fixedClock(NOW) });
  for (const f of fixtures.feedUrls) await store.addSource(f.url, { outlet: f.outlet });
  await store.close();
  return db;
}

async function startRun(db: string, extra: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [bin, 'run', '--port', '0'], { env: envFor(db, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let buffer = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const entry = JSON.parse(line) as Record<string, unknown>; // every line is JSON
        logs.push(entry);
        if (typeof entry.url === 'string') resolve(entry.url);
      }
    });
    void exited.then((code) => reject(new Error(`sitrep run exited (${code}) before serving: ${JSON.stringify(logs)}`)));
  });
  return { child, logs, url, exited };
}

/** A one-shot command, run without blocking this process (whose feed server the command may poll). */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Prometheus text format, checked line by line; the value of each series by its full name. */
function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][\w:]* /.test(line)) continue;
    const m = /^([a-zA-Z_:][\w:]*(?:\{(?:[a-zA-Z_]\w*="(?:[^"\\]|\\.)*",?)*\})?) (-?[\d.e+-]+|NaN|[+-]Inf)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    values.set(m[1]!, Number(m[2]));
  }
  return values;
}

describe('sitrep run', () => {
  it('serves health, readiness, metrics and a request log, and stops on SIGTERM', async () => {
    // Article pages answer slowly, so the first round takes a while and can be watched from outside.
    const fixtures = await startFixtureServer({ pageDelayMs: 150 });
    const db = await deskWithSources(fixtures);
    const run = await startRun(db, { SITREP_METRICS: '1', SITREP_METRICS_TOKEN: 'm3trics-t0ken', SITREP_LOG_LEVEL: 'debug' });
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${run.url}${path}`, { headers });
    const auth = { authorization: 'Bearer m3trics-t0ken' };
    try {
      expect((await get('/healthz')).status).toBe(200);
      // Before the first round is in: not ready, with the reason, and nothing that names the store's path.
      const early = await get('/readyz');
      if (early.status === 503) {
        const body = await early.text();
        expect(JSON.parse(body).problems.join(' ')).toMatch(/poll/);
        expect(body).not.toContain(tmp);
      }
      expect(early.headers.get('cache-control')).toBe('no-store');
      const first = parseMetrics(await (await get('/metrics', auth)).text());
      // Once the first round is in, ready.
      await until('/readyz 200', async () => (await get('/readyz')).status === 200, 30_000);
      expect(await (await get('/readyz')).json()).toEqual({ status: 'ready' });

      // Metrics: off limits without the token, Prometheus text with it, and the counters moved.
      expect((await get('/metrics')).status).toBe(401);
      expect((await get('/metrics', { authorization: 'Bearer wrong' })).status).toBe(401);
      await get('/');
      await get('/search?q=secret-query-words');
      const after = parseMetrics(await (await get('/metrics', auth)).text());
      expect(after.get('sitrep_polls_total{outcome="ok"}')).toBe(3);
      expect(after.get('sitrep_polls_total{outcome="ok"}')).toBeGreaterThan(first.get('sitrep_polls_total{outcome="ok"}') ?? 0);
      expect(after.get('sitrep_items_total{kind="new"}')).toBe(reports.length);
      expect(after.get('sitrep_briefings_written_total')).toBeGreaterThan(0);
      expect(after.get('sitrep_pipeline_stage_seconds_count{stage="compose"}')).toBeGreaterThanOrEqual(1);
      expect(after.get('sitrep_sources_failing')).toBe(0);
      expect(after.get('sitrep_http_requests_total{route="/",status="200"}')).toBeGreaterThanOrEqual(1);
      expect(after.get('sitrep_http_requests_total{route="/search",status="200"}')).toBe(1);
      expect([...after.keys()].some((k) => k.startsWith('sitrep_page_cache_total{result="miss"}'))).toBe(true);
      expect(after.get('process_resident_memory_bytes')).toBeGreaterThan(0);

      // The request log: method, route template and status; never the query.
      const requests = run.logs.filter((l) => l.msg === 'request');
      expect(requests.some((l) => l.route === '/search' && l.status === 200 && l.method === 'GET' && typeof l.ms === 'number')).toBe(true);
      expect(JSON.stringify(run.logs)).not.toContain('secret-query-words');
      expect(JSON.stringify(run.logs)).not.toContain('m3trics-t0ken');
      for (const l of run.logs) {
        expect(typeof l.level).toBe('string');
        expect(Date.parse(String(l.time))).not.toBeNaN();
      }

      // The store made unreadable (its file moved away): not ready, saying so; back: ready again.
      renameSync(db, `${db}.away`);
      const down = await get('/readyz');
      expect(down.status).toBe(503);
      const body = await down.text();
      expect(JSON.parse(body).problems).toContain('store: the database file is gone');
      expect(body).not.toContain(tmp);
      expect((await get('/healthz')).status).toBe(200);
      renameSync(`${db}.away`, db);
      expect((await get('/readyz')).status).toBe(200);

      run.child.kill('SIGTERM');
      const t0 = performance.now();
      expect(await run.exited).toBe(0);
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(run.logs.at(-1)?.msg).toMatch(/^stopped/);
    } finally {
      run.child.kill('SIGKILL');
      await fixtures.close();
    }
  });

  it('stopped by SIGTERM mid-round, leaves a whole store that the next run finishes without duplicates', async () => {
    const fixtures = await startFixtureServer({ pageDelayMs: 400 });
    const db = await deskWithSources(fixtures);
    const run = await startRun(db);
    try {
      const reader = new Database(db, { readonly: true });
      const count = () => (reader.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
      await until('the first articles of the round', async () => count() > 0);
      const mid = count();
      run.child.kill('SIGTERM');
      const t0 = performance.now();
      expect(await run.exited).toBe(0);
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(mid).toBeLessThan(reports.length); // it really was stopped mid-round
      reader.close();
      expect(checkSqliteStore(db, await knownMigrations()).problems).toEqual([]);

      // The next run (here `sitrep ingest`, the same pipeline) finishes the work.
      const next = await cli(['ingest'], envFor(db));
      expect(next.status, next.stderr).toBe(0);
      const store = await openStore({ path: db });
      try {
        const stats = await store.stats();
        expect(stats.articles).toBe(reports.length);
        expect(stats.stories).toBe(new Set(reports.map((r) => r.story)).size);
        const urls = (await store.listArticles({})).map((a) => a.url);
        expect(new Set(urls).size).toBe(urls.length);
        expect(await store.unanalyzedArticleIds()).toEqual([]);
        expect(await store.unclusteredArticleIds()).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      run.child.kill('SIGKILL');
      await fixtures.close();
    }
  });
});

describe('sitrep backup and restore', () => {
  it('copies a live store while run writes, and puts it back after checking it', async () => {
    const fixtures = await startFixtureServer({ pageDelayMs: 250 });
    const db = await deskWithSources(fixtures);
    const run = await startRun(db);
    try {
      const reader = new Database(db, { readonly: true });
      const ids = () => (reader.prepare('SELECT id FROM articles').all() as { id: string }[]).map((r) => r.id);
      await until('articles being written', async () => ids().length >= 2);
      const committed = ids(); // committed before the backup began
      const file = join(tmp, 'backup.db');
      const r = await cli(['backup', file], envFor(db));
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { file: string; integrity: string; articles: number };
      expect(report.integrity).toBe('ok');
      reader.close();
      const copy = new Database(file, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const inCopy = new Set((copy.prepare('SELECT id FROM articles').all() as { id: string }[]).map((x) => x.id));
      copy.close();
      for (const id of committed) expect(inCopy.has(id)).toBe(true);
      expect(inCopy.size).toBe(report.articles);
      // A second backup onto the same file needs --force.
      expect((await cli(['backup', file], envFor(db))).status).not.toBe(0);

      // Restore: refuses what is not a store, then puts the copy in place and keeps the store it replaces.
      const target = join(mkdtempSync(join(tmp, 'restored-')), 'sitrep.db');
      const junk = join(tmp, 'junk.db');
      writeFileSync(junk, randomBytes(8192));
      const refused = await cli(['restore', junk], envFor(target));
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('cannot be restored');
      expect(existsSync(target)).toBe(false);
      const restored = await cli(['restore', file], envFor(target));
      expect(restored.status, restored.stderr).toBe(0);
      expect((JSON.parse(restored.stdout) as { articles: number }).articles).toBe(inCopy.size);
      const again = await cli(['restore', file], envFor(target));
      expect(again.status).not.toBe(0);
      const forced = await cli(['restore', file, '--force'], envFor(target));
      expect(forced.status, forced.stderr).toBe(0);
      const kept = (JSON.parse(forced.stdout) as { replacedStoreKeptAt: string }).replacedStoreKeptAt;
      expect(existsSync(kept)).toBe(true);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
      await fixtures.close();
    }
  });
});
