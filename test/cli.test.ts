import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSample } from '../src/demo/sample.js';

// The CLI as users run it: the built bin/sitrep.js in a child process (npm test builds first).
const root = join(import.meta.dirname, '..');
let tmp: string;

// Not a terminal here, so the CLI logs JSON lines on stderr (SITREP_LOG_FORMAT=text asks for lines for people).
function sitrep(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'sitrep.js'), ...args], { input, encoding: 'utf8', env: { ...process.env, SITREP_DB: join(tmp, 'cli.db'), ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sitrep-cli-'));
  // A DIR of the contract's layout: DIR/<YYYY-MM-DD>/<name>.txt, from the sample reports.
  for (const r of loadSample().reports) {
    const d = join(tmp, 'articles', r.published.slice(0, 10));
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `${r.id}.txt`), `${r.title}\n\n${r.paragraphs.join('\n\n')}`);
  }
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Cyrillic text in windows-1251, as a latin1 string of its bytes (Node has no encoder for it). */
function cp1251(text: string): string {
  return [...text].map((ch) => {
    const c = ch.charCodeAt(0);
    if (c < 0x80) return ch;
    if (c >= 0x410 && c <= 0x44f) return String.fromCharCode(c - 0x410 + 0xc0);
    if (c === 0x401) return '\xa8';
    if (c === 0x451) return '\xb8';
    return '?';
  }).join('');
}

describe('sitrep CLI', () => {
  it('--help lists the contract commands', () => {
    const r = sitrep(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['extract', 'analyze', 'timeline', 'cluster', 'brief', 'serve', 'ingest', 'sources', 'worker', 'stats', 'watch', 'run', 'backup', 'restore']) expect(r.stdout).toContain(cmd);
  });

  it('extract prints the contract fields', () => {
    const r = sitrep(['extract', join(root, 'test/fixtures/pages/news-with-furniture/source.html'), '--url', 'https://courier.example/x']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['url', 'canonical', 'title', 'byline', 'published', 'modified', 'lang', 'siteName', 'description', 'image', 'text']));
    expect(doc.html).toContain('<p>The old stone bridge');
    expect(doc.reason).toBeNull();
    expect(doc.title).toBe('Bridge reopens after repairs');
  });

  it('extract --dir writes one entry per page keyed by file id', () => {
    const out = join(tmp, 'out.json');
    const r = sitrep(['extract', '--dir', join(root, 'test/fixtures/pages/news-with-furniture'), '--out', out]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as Record<string, { articleBody: string }>;
    expect(Object.keys(doc)).toEqual(['source']);
    expect(doc.source!.articleBody).toContain('old stone bridge');
  });

  it('analyze reads stdin and resolves dates against --published', () => {
    const r = sitrep(['analyze', '-', '--published', '2026-11-18'], '"We will rebuild higher than before," Prime Minister Erik Halvorsen said on Saturday.');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as { quotes: { speaker: string }[]; dates: { value: string }[] };
    expect(a.quotes[0]!.speaker).toBe('Erik Halvorsen');
    expect(a.dates[0]!.value).toBe('2026-11-14');
  });

  it('cluster puts every article in exactly one story', () => {
    const r = sitrep(['cluster', join(tmp, 'articles')]);
    expect(r.code).toBe(0);
    const groups = JSON.parse(r.stdout) as { story: string; articles: string[] }[];
    const all = groups.flatMap((g) => g.articles);
    const reports = loadSample().reports;
    expect(all).toHaveLength(reports.length);
    expect(new Set(all).size).toBe(reports.length);
    expect(groups).toHaveLength(new Set(reports.map((x) => x.story)).size);
  });

  it('timeline honours --dates, --per-date and the date range', () => {
    const r = sitrep(['timeline', join(tmp, 'articles'), '--dates', '3', '--per-date', '2', '--start', '2026-11-14', '--end', '2026-11-20']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as { date: string; sentences: string[] }[];
    expect(t).toHaveLength(3);
    for (const d of t) {
      expect(d.date >= '2026-11-14' && d.date <= '2026-11-20').toBe(true);
      expect(d.sentences.length).toBeGreaterThanOrEqual(1);
      expect(d.sentences.length).toBeLessThanOrEqual(2);
    }
  });

  it('brief renders JSON, Markdown and HTML', () => {
    const files = loadSample().reports.filter((r) => r.story === 'fever').map((r) => join(tmp, 'articles', r.published.slice(0, 10), `${r.id}.txt`));
    const json = JSON.parse(sitrep(['brief', ...files]).stdout) as { headline: string; sources: unknown[] };
    expect(json.sources).toHaveLength(8);
    const md = sitrep(['brief', ...files, '--format', 'md']).stdout;
    expect(md).toContain('## Key Developments & Timeline');
    // Days as a reader reads them, in the timeline and the source list; the JSON keeps ISO days.
    expect(md).toMatch(/^- \*\*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}\*\*: /m);
    expect(md).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(sitrep(['brief', ...files, '--format', 'html']).stdout).toContain('<h1>');
  });

  it('brief follows the main subject of mixed inputs, and --no-focus takes them all', () => {
    const sample = loadSample().reports;
    const fever = sample.filter((r) => r.story === 'fever').map((r) => join(tmp, 'articles', r.published.slice(0, 10), `${r.id}.txt`));
    const other = sample.filter((r) => r.story === 'budget').slice(0, 2).map((r) => join(tmp, 'articles', r.published.slice(0, 10), `${r.id}.txt`));
    const focused = JSON.parse(sitrep(['brief', ...fever, ...other]).stdout) as { sources: { title: string | null }[] };
    expect(focused.sources).toHaveLength(fever.length);
    const all = JSON.parse(sitrep(['brief', ...fever, ...other, '--no-focus']).stdout) as { sources: unknown[] };
    expect(all.sources).toHaveLength(fever.length + other.length);
  });

  it('sources add/list/remove and stats work on the SQLite store', () => {
    expect(sitrep(['sources', 'add', 'https://feeds.example/world.xml', '--outlet', 'Example', '--no-discover']).code).toBe(0);
    expect(JSON.parse(sitrep(['sources', 'list']).stdout)).toHaveLength(1);
    expect(JSON.parse(sitrep(['stats', '--json']).stdout)).toEqual({ sources: 1, failingSources: 0, articles: 0, stories: 0 });
    expect(sitrep(['sources', 'remove', 'https://feeds.example/world.xml']).code).toBe(0);
    expect(JSON.parse(sitrep(['sources', 'list']).stdout)).toHaveLength(0);
  });

  it('refuses a source the fetcher would refuse, with the reason, unless private addresses are allowed', () => {
    const env = { SITREP_DB: join(tmp, 'guarded.db'), SITREP_ALLOW_PRIVATE: '' };
    for (const url of ['http://127.0.0.1:9/feed.xml', 'http://169.254.169.254/latest/meta-data/', 'http://localhost/feed.xml', 'http://[::1]/feed.xml']) {
      const r = sitrep(['sources', 'add', url], undefined, env);
      expect(r.code, url).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/refusing to fetch .*SITREP_ALLOW_PRIVATE=1/);
    }
    expect(JSON.parse(sitrep(['sources', 'list'], undefined, env).stdout)).toEqual([]);
    expect(sitrep(['sources', 'add', 'http://127.0.0.1:9/feed.xml', '--no-discover'], undefined, { ...env, SITREP_ALLOW_PRIVATE: '1' }).code).toBe(0);
  });

  it('watch add prints the watchlist with its private feed URL; list, alerts and remove manage it', () => {
    const env = { SITREP_DB: join(tmp, 'watch.db'), SITREP_BASE_URL: 'https://desk.example', SITREP_ALLOW_PRIVATE: '' };
    const r = sitrep(['watch', 'add', '--name', 'Talks', '--entity', 'Karvenia', '--entity', 'Morland', '--query', 'ceasefire talks', '--min-score', '3', '--webhook', 'https://hooks.example/sitrep', '--email', 'desk@example.org'], undefined, env);
    expect(r.code, r.stderr).toBe(0);
    const w = JSON.parse(r.stdout) as { id: number; feed: string; entities: string[]; minScore: number };
    expect(w.id).toBe(1);
    expect(w.feed).toMatch(/^https:\/\/desk\.example\/watch\/[\w-]{32}\/atom\.xml$/);
    expect(w.entities).toEqual(['Karvenia', 'Morland']);
    expect(w.minScore).toBe(3);
    // Another watchlist gets another token.
    const other = JSON.parse(sitrep(['watch', 'add', '--name', 'Politics', '--section', 'News/Politics'], undefined, env).stdout) as { feed: string };
    expect(other.feed).not.toBe(w.feed);
    const list = JSON.parse(sitrep(['watch', 'list'], undefined, env).stdout) as { id: number; alerts: number }[];
    expect(list.map((x) => [x.id, x.alerts])).toEqual([[1, 0], [2, 0]]);
    expect(sitrep(['watch', 'alerts', '1'], undefined, env).stdout).toMatch(/no updates scored yet/);
    expect(sitrep(['watch', 'remove', '1'], undefined, env).code).toBe(0);
    const gone = sitrep(['watch', 'remove', '1'], undefined, env);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/no watchlist 1/);
  });

  it('watch add refuses what it cannot use, with the reason', () => {
    const env = { SITREP_DB: join(tmp, 'watch-bad.db'), SITREP_ALLOW_PRIVATE: '' };
    const cases: [string[], RegExp][] = [
      [['--name', 'Empty'], /follows something/],
      [['--name', 'Local', '--entity', 'X', '--webhook', 'http://127.0.0.1:9/hook'], /private, loopback|SITREP_ALLOW_PRIVATE/],
      [['--name', 'Scheme', '--entity', 'X', '--webhook', 'javascript:alert(1)'], /only http and https/],
      [['--name', 'Mail', '--entity', 'X', '--email', 'not-an-address'], /not an email address/],
      [['--name', 'Story', '--story', 'no-such-story'], /no story \\?"no-such-story/],
      [['--name', 'Score', '--entity', 'X', '--min-score', '-1'], /0 or more/],
    ];
    for (const [args, message] of cases) {
      const r = sitrep(['watch', 'add', ...args], undefined, env);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(JSON.parse(sitrep(['watch', 'list'], undefined, env).stdout)).toEqual([]);
  });

  it('extract refuses empty, binary, non-HTML and broken gzip files with the reason; --dir records them and goes on', () => {
    const dir = join(tmp, 'bad-pages');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'empty.html'), ' \n');
    writeFileSync(join(dir, 'binary.html'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(join(dir, 'data.html'), '{"title": "not a page"}\n');
    writeFileSync(join(dir, 'broken.html.gz'), 'not gzip at all');
    // A page in windows-1251 that says so: read in its own encoding, not as UTF-8.
    const cyrillic = 'Новости дня: переговоры продолжаются, стороны обсуждают обмен пленными и гуманитарные коридоры. ';
    writeFileSync(join(dir, 'good.html'), Buffer.concat([Buffer.from('<html><head><meta charset="windows-1251"><title>t</title></head><body><article><p>'), Buffer.from(cp1251(cyrillic.repeat(6)), 'latin1'), Buffer.from('</p></article></body></html>')]));
    const cases: [string, RegExp][] = [
      ['empty.html', /is empty/],
      ['binary.html', /not HTML \(it looks like a binary file\)/],
      ['data.html', /not HTML: it has no markup/],
      ['broken.html.gz', /not gzip data/],
    ];
    for (const [f, message] of cases) {
      const r = sitrep(['extract', join(dir, f)]);
      expect(r.code, f).not.toBe(0);
      expect(r.stderr, f).toMatch(message);
      expect(r.stdout, f).toBe('');
    }
    const good = JSON.parse(sitrep(['extract', join(dir, 'good.html')]).stdout) as { text: string };
    expect(good.text).toContain('переговоры продолжаются');
    const out = join(tmp, 'bad-pages.json');
    const r = sitrep(['extract', '--dir', dir, '--out', out]);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as Record<string, { error?: string; articleBody?: string }>;
    expect(Object.keys(result).sort()).toEqual(['binary', 'broken', 'data', 'empty', 'good']);
    expect(result.good!.articleBody).toContain('обмен пленными');
    for (const id of ['binary', 'broken', 'data', 'empty']) expect(result[id]!.error, id).toMatch(/empty|not HTML|gzip/);
    expect(r.stderr).toMatch(/extracted 1 of 5 pages .*4 failed/);
    // In threads, the same entries in the same order.
    const threaded = join(tmp, 'bad-pages-threads.json');
    expect(sitrep(['extract', '--dir', dir, '--out', threaded, '--jobs', '3']).code).toBe(0);
    expect(readFileSync(threaded, 'utf8')).toBe(readFileSync(out, 'utf8'));
    expect(sitrep(['extract', '--dir', dir, '--out', threaded, '--jobs', '0']).stderr).toMatch(/--jobs 0: give a whole number/);
  });

  it('users add/passwd/list/remove keep scrypt hashes, never the password', async () => {
    const env = { SITREP_DB: join(tmp, 'users.db') };
    expect(sitrep(['users', 'add', 'editor'], 'short\n', env).stderr).toContain('at least 10 characters');
    const added = sitrep(['users', 'add', 'editor'], 'a long enough secret\n', env);
    expect(added.code, added.stderr).toBe(0);
    expect(sitrep(['users', 'add', 'editor'], 'a long enough secret\n', env).stderr).toContain('exists');
    expect(JSON.parse(sitrep(['users', 'list'], undefined, env).stdout)).toEqual([{ name: 'editor', createdAt: expect.any(String) }]);
    const { openStore } = await import('../src/store/index.js');
    const { verifyPassword } = await import('../src/web/index.js');
    const store = await openStore({ path: env.SITREP_DB });
    const hash = (await store.getUser('editor'))!.passwordHash;
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain('secret');
    expect(await verifyPassword('a long enough secret', hash)).toBe(true);
    expect(await verifyPassword('a long enough secreT', hash)).toBe(false);
    expect(sitrep(['users', 'passwd', 'editor'], 'another long secret\n', env).code).toBe(0);
    expect(await verifyPassword('another long secret', (await store.getUser('editor'))!.passwordHash)).toBe(true);
    await store.close();
    expect(sitrep(['users', 'remove', 'editor'], undefined, env).code).toBe(0);
    expect(sitrep(['users', 'remove', 'editor'], undefined, env).code).toBe(1);
  });

  it('imports and exports OPML', () => {
    const opml = join(tmp, 'subs.opml');
    writeFileSync(opml, '<?xml version="1.0"?><opml version="2.0"><body><outline text="News"><outline text="A" xmlUrl="https://a.example/rss"/><outline text="B" xmlUrl="https://b.example/atom"/></outline><outline text="Bad" xmlUrl="javascript:alert(1)"/></body></opml>');
    const env = { SITREP_DB: join(tmp, 'opml.db') };
    const r = sitrep(['sources', 'import-opml', opml], undefined, env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ inOpml: 3, added: 2 });
    expect(r.stderr).toContain('skipped javascript:alert(1)');
    const exported = sitrep(['sources', 'export-opml'], undefined, env).stdout;
    expect(exported).toContain('xmlUrl="https://a.example/rss"');
    expect(exported).toContain('xmlUrl="https://b.example/atom"');
  });

  it('adds a page by following the feed it advertises (a real server on 127.0.0.1)', async () => {
    const http = await import('node:http');
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Home</body></html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const env = { SITREP_DB: join(tmp, 'discover.db'), SITREP_ALLOW_PRIVATE: '1' };
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(root, 'bin', 'sitrep.js'), 'sources', 'add', `http://127.0.0.1:${port}/`], { env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    server.close();
    expect(code).toBe(0);
    expect(JSON.parse(stdout).url).toBe(`http://127.0.0.1:${port}/feed.xml`);
  });

  it('bad input exits non-zero with one line on stderr', () => {
    for (const args of [['extract', join(tmp, 'nope.html')], ['analyze', '-', '--published', 'yesterday'], ['sources', 'add', 'ftp://x'], ['cluster', join(tmp, 'empty-dir-that-does-not-exist')], ['brief', join(tmp, 'articles'), '--format', 'pdf']]) {
      const r = sitrep(args, '');
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')[0]).toMatch(/error|sitrep:/i);
    }
  });

  it('uses DATABASE_URL for PostgreSQL, with a one-line error that hides the password when it is unreachable', () => {
    const down = sitrep(['stats', '--json'], undefined, { DATABASE_URL: 'postgres://sitrep:secret@127.0.0.1:9/none' });
    expect(down.code).toBe(1);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toContain('PostgreSQL at postgres://sitrep:***@127.0.0.1:9/none');
    expect(down.stderr).not.toContain('secret');
    const wrong = sitrep(['stats', '--json'], undefined, { DATABASE_URL: 'mysql://x@127.0.0.1/db' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('DATABASE_URL must be a postgres:// URL');
  });

  it('reports an unreachable Redis in one line instead of waiting for it', () => {
    for (const cmd of [['ingest'], ['worker']]) {
      const r = sitrep(cmd, undefined, { SITREP_DB: join(tmp, 'redis-down.db'), REDIS_URL: 'redis://user:secret@127.0.0.1:9', SITREP_REDIS_TIMEOUT_MS: '1500' });
      expect(r.code, cmd[0]).toBe(1);
      const last = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as { level: string; msg: string };
      expect(last.level).toBe('error');
      expect(last.msg).toMatch(/^Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:9 did not answer within 1500 ms/);
      expect(r.stderr).not.toContain('secret');
    }
  });

  it('says what the worker needs when REDIS_URL is not set', () => {
    const r = sitrep(['worker'], undefined, { REDIS_URL: '' });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stderr.trim()) as { msg: string }).msg).toMatch(/^sitrep worker needs REDIS_URL=redis:\/\//);
    // On a terminal, or when asked, the same as a line for people.
    const text = sitrep(['worker'], undefined, { REDIS_URL: '', SITREP_LOG_FORMAT: 'text' });
    expect(text.stderr.trim()).toMatch(/^sitrep: sitrep worker needs REDIS_URL=redis:\/\//);
  });

  it.skipIf(!process.env.SITREP_TEST_REDIS_URL)('scales out: `sitrep ingest` queues on Redis and a separate `sitrep worker` process does the work', async () => {
    const { startFixtureServer } = await import('../src/demo/fixture-server.js');
    const { spawn } = await import('node:child_process');
    const fixtures = await startFixtureServer();
    const env = { SITREP_DB: join(tmp, 'worker.db'), REDIS_URL: process.env.SITREP_TEST_REDIS_URL!, SITREP_REDIS_PREFIX: `sitrep-cli-${process.pid}-${Date.now()}`, SITREP_ALLOW_PRIVATE: '1' };
    for (const f of fixtures.feedUrls) expect(sitrep(['sources', 'add', f.url, '--outlet', f.outlet, '--no-discover'], undefined, env).code).toBe(0);
    const worker = spawn(process.execPath, [join(root, 'bin', 'sitrep.js'), 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    worker.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    try {
      const queued = sitrep(['ingest'], undefined, env);
      expect(queued.code, queued.stderr).toBe(0);
      expect(queued.stderr).toContain('queued 3 due sources on Redis');
      let stats = { articles: 0, stories: 0 };
      const sample = loadSample().reports;
      const storyCount = new Set(sample.map((r) => r.story)).size;
      // The worker takes the three sources' jobs one by one: wait for all of them, not the first
      // that brings the story count up.
      for (let i = 0; i < 120 && (stats.stories < storyCount || stats.articles < sample.length); i++) {
        await new Promise((r) => setTimeout(r, 500));
        stats = JSON.parse(sitrep(['stats', '--json'], undefined, env).stdout) as typeof stats;
      }
      expect(stats).toMatchObject({ articles: sample.length, stories: storyCount });
    } finally {
      const exited = new Promise<number | null>((r) => worker.once('exit', (code) => r(code)));
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
      await fixtures.close();
    }
    expect(log).toMatch(/"msg":"process: \d+ analysed/);
  });
});

describe('first steps with the CLI', () => {
  // As a newcomer runs it: in a checkout of their own, with no SITREP_DB or DATABASE_URL set.
  function inDir(cwd: string, args: string[], input?: string | Buffer) {
    const env = { ...process.env };
    delete env.SITREP_DB;
    delete env.DATABASE_URL;
    const r = spawnSync(process.execPath, [join(root, 'bin', 'sitrep.js'), ...args], { cwd, input, encoding: 'utf8', env });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it("says which store it uses when that store is new or empty, and points at the demo's", () => {
    const cwd = mkdtempSync(join(tmp, 'desk-'));
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'demo.db'), '');
    const r = inDir(cwd, ['stats', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ sources: 0, failingSources: 0, articles: 0, stories: 0 });
    expect(r.stderr).toMatch(/using SQLite \.\/data\/sitrep\.db \(new;/);
    expect(r.stderr).toContain('SITREP_DB=./data/demo.db');
    // Once the store holds a source, the commands are quiet about it.
    expect(inDir(cwd, ['sources', 'add', 'https://feeds.example/a.xml', '--no-discover']).code).toBe(0);
    expect(inDir(cwd, ['sources', 'list']).stderr).toBe('');
  });

  it('stats prints words for people and JSON when asked', () => {
    const r = sitrep(['stats']);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).toThrow();
    expect(r.stdout).toMatch(/sources\s+\d+/);
    expect(r.stdout).toMatch(/stories\s+\d+/);
    expect(Object.keys(JSON.parse(sitrep(['stats', '--json']).stdout) as object)).toEqual(['sources', 'failingSources', 'articles', 'stories']);
  });

  it('extract on a directory suggests --dir instead of failing with EISDIR', () => {
    const r = sitrep(['extract', join(root, 'test/fixtures/pages')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).not.toContain('EISDIR');
    expect(r.stderr).toContain('is a directory');
    expect(r.stderr).toContain('--dir');
  });

  it('analyze refuses empty input and binary files with a clear error and a non-zero exit', () => {
    const empty = sitrep(['analyze', '-'], '   \n');
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toContain('standard input is empty');
    expect(empty.stdout).toBe('');
    const png = join(tmp, 'image.png');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe, 0x00, 0x10]));
    const bin = sitrep(['analyze', png]);
    expect(bin.code).not.toBe(0);
    expect(bin.stderr).toContain('is not text');
    expect(bin.stdout).toBe('');
    const dir = sitrep(['analyze', tmp]);
    expect(dir.code).not.toBe(0);
    expect(dir.stderr).toContain('is a directory');
    // Text in any language is still text.
    const ok = sitrep(['analyze', '-'], 'Президент Олена Коваль заявила в понеділок, що переговори тривають.');
    expect(ok.code).toBe(0);
  });

  it('sources add and remove explain themselves', () => {
    for (const cmd of ['add', 'remove']) {
      const r = sitrep(['sources', cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').slice(0, 4).join(' ')).toMatch(/follow/);
      expect(r.stdout).toMatch(/<url>\s+\S/);
    }
  });
});
