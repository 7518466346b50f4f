import { timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { Alert, Watch } from '../model/index.js';
import type { Store } from '../store/index.js';
import { AlertStore, parseWatch, watchAtomFeed } from '../alerts/index.js';
import { SitrepError } from '../errors.js';
import { allowPrivateFromEnv } from '../ingest/index.js';
import { humanDate, humanDateTime, timeTag } from './dates.js';
import { layout } from './layout.js';

/** The headers of a page or feed whose address is a secret: never cached by others, never sent on as a referrer, never indexed. */
const PRIVATE_HEADERS = { 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex, nofollow' };

/** What a watchlist follows, in words. */
export function describeWatch(w: Watch, storySlug?: string | null): string {
  const parts: string[] = [];
  if (w.criteria.entities.length) parts.push(w.criteria.entities.join(' or '));
  if (w.criteria.query) parts.push(`“${w.criteria.query}”`);
  if (w.criteria.section) parts.push(`section ${w.criteria.section.join(' › ')}`);
  if (w.criteria.story) parts.push(`story ${storySlug ?? w.criteria.story}`);
  return parts.join(', ');
}

/** A watchlist as the API and the CLI show it. */
export function watchView(w: Watch, base: string) {
  return { id: w.id, name: w.name, feed: `${base}/watch/${w.token}/atom.xml`, page: `${base}/watch/${w.token}`, ...w.criteria, minScore: w.minScore, webhook: w.webhook, email: w.email, createdAt: w.createdAt };
}

/**
 * A watchlist's own pages, reached by its token: "since you last looked" (the developments in the
 * alerts raised since this browser's last visit, or the watchlist's last visit from anywhere), and
 * its Atom feed.
 */
export function registerWatchPages(app: Hono, store: Store, baseOf: (c: Context) => string, notice: string | null): void {
  const alerts = new AlertStore(store);
  const byToken = async (c: Context) => {
    const token = c.req.param('token') ?? '';
    return /^[\w-]{16,64}$/.test(token) ? alerts.watchByToken(token) : null;
  };
  const missing = (c: Context) => c.html(layout({ title: 'No such watchlist · Sitrep', noindex: true, notice }, html`<h1>No such watchlist</h1><p>The address is wrong, or the watchlist was removed.</p>`), 404, PRIVATE_HEADERS);

  app.get('/watch/:token/atom.xml', async (c) => {
    const w = await byToken(c);
    if (!w) return c.text('no such watchlist\n', 404, PRIVATE_HEADERS);
    const list = await alerts.alerts(w.id, { passedOnly: true, limit: 50 });
    return c.body(watchAtomFeed(w, list, baseOf(c)), 200, { 'content-type': 'application/atom+xml; charset=utf-8', ...PRIVATE_HEADERS });
  });

  app.get('/watch/:token', async (c) => {
    const w = await byToken(c);
    if (!w) return missing(c);
    // The mark is this browser's own (a cookie: the newest alert it was shown, and when): a feed
    // address shared by a team gives each reader their own "since you last looked".
    const cookieName = `sitrep_seen_${w.id}`;
    const mark = /^(\d+):(\d+)$/.exec(getCookie(c, cookieName) ?? '');
    const since = mark ? Number(mark[1]) : 0;
    const lastVisit = mark ? new Date(Number(mark[2])).toISOString() : null;
    const recent = await alerts.alerts(w.id, { passedOnly: true, limit: 200 });
    const fresh = recent.filter((a) => a.id > since).slice(0, 50);
    const earlier = recent.filter((a) => a.id <= since).slice(0, 10);
    setCookie(c, cookieName, `${recent[0]?.id ?? since}:${store.clock().getTime()}`, { path: `/watch/${w.token}`, httpOnly: true, sameSite: 'Lax', secure: baseOf(c).startsWith('https:'), maxAge: 365 * 86_400 });
    const story = w.criteria.story ? await store.getStory(w.criteria.story) : null;
    const body = html`<h1>${w.name}</h1>
<p class="meta">Follows ${describeWatch(w, story?.slug)}. Alerts at a score of ${w.minScore} or more. <a href="/watch/${w.token}/atom.xml">Atom feed</a> (keep its address private: it needs no password).</p>
<section aria-labelledby="h-new"><h2 id="h-new">Since you last looked</h2>
${lastVisit ? html`<p class="meta">Your last visit: ${timeTag(lastVisit, true)}.</p>` : ''}
${fresh.length ? byStory(fresh) : html`<p>Nothing new${mark ? ' since your last visit' : ' yet'}. ${recent.length ? '' : 'Alerts appear here when a story this watchlist follows moves.'}</p>`}</section>
${earlier.length ? html`<section aria-labelledby="h-earlier"><h2 id="h-earlier">Earlier alerts</h2><details><summary>${earlier.length} earlier ${earlier.length === 1 ? 'alert' : 'alerts'}</summary><ul>${earlier.map((a) => html`<li><a href="${a.body.path}">${a.body.headline}</a>, version ${a.version}: ${a.body.reasons.join('; ')}</li>`)}</ul></details></section>` : ''}`;
    return c.html(layout({ title: `${w.name} · watchlist · Sitrep`, noindex: true, notice }, body), 200, PRIVATE_HEADERS);
  });
}

/** The alerts since a visit, by story: each story's newest headline, why it alerted, and its new developments oldest first. */
function byStory(list: Alert[]) {
  const stories = new Map<string, Alert[]>();
  for (const a of list) stories.set(a.storyId, [...(stories.get(a.storyId) ?? []), a]);
  return html`${[...stories.values()].map((as) => {
    const top = as[0]!;
    const seen = new Set<string>();
    const developments = as
      .flatMap((a) => a.body.developments)
      .filter((d) => !seen.has(d.text) && seen.add(d.text))
      .sort((x, y) => x.date.localeCompare(y.date));
    const statements = as.flatMap((a) => a.body.statements).slice(0, 5);
    return html`<article class="alert"><h3><a href="${top.body.path}">${top.body.headline}</a></h3>
<p class="meta">${as.map((a) => html`<span>Version ${a.version}: ${a.body.reasons.join('; ')}.</span> `)}</p>
${developments.length ? html`<ul>${developments.map((d) => html`<li>${timeTag(d.date)}: ${d.text}</li>`)}</ul>` : ''}
${statements.length ? html`<ul>${statements.map((q) => html`<li>${q.speaker}${q.role ? `, ${q.role}` : ''}: “${q.quote}”</li>`)}</ul>` : ''}</article>`;
  })}`;
}

/**
 * Watchlists in the JSON API: list, add, remove, and each one's alerts. They hold webhook and email
 * addresses and feed tokens, so every route needs `Authorization: Bearer $SITREP_API_TOKEN`, and is
 * off when no token is set.
 */
export function registerWatchApi(app: Hono, store: Store, baseOf: (c: Context) => string): void {
  const alerts = new AlertStore(store);
  const apiError = (c: Context, status: 400 | 401 | 403 | 404, code: string, message: string) => c.json({ error: { code, message } }, status, { 'cache-control': 'no-store' });
  app.use('/api/v1/watches', authorise);
  app.use('/api/v1/watches/*', authorise);
  async function authorise(c: Context, next: () => Promise<void>) {
    const token = process.env.SITREP_API_TOKEN;
    if (!token) return apiError(c, 403, 'api_token_unset', 'watchlists over the API need SITREP_API_TOKEN set on the server, and that token as a bearer token');
    const want = Buffer.from(`Bearer ${token}`);
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      c.header('www-authenticate', 'Bearer');
      return apiError(c, 401, 'unauthorized', 'give the API token: Authorization: Bearer <SITREP_API_TOKEN>');
    }
    c.header('cache-control', 'no-store');
    await next();
  }
  const idOf = (c: Context) => {
    const n = Number(c.req.param('id'));
    return Number.isInteger(n) && n > 0 ? n : null;
  };

  app.get('/api/v1/watches', async (c) => c.json({ watches: (await alerts.listWatches()).map((w) => watchView(w, baseOf(c))) }));
  app.post('/api/v1/watches', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return apiError(c, 400, 'bad_json', 'the body must be a JSON object');
    }
    try {
      const input = await parseWatch(raw, store, allowPrivateFromEnv());
      return c.json(watchView(await alerts.addWatch(input), baseOf(c)), 201);
    } catch (err) {
      if (err instanceof SitrepError) return apiError(c, 400, err.code, err.message);
      throw err;
    }
  });
  app.delete('/api/v1/watches/:id', async (c) => {
    const id = idOf(c);
    if (!id || !(await alerts.removeWatch(id))) return apiError(c, 404, 'not_found', 'no such watchlist');
    return c.body(null, 204);
  });
  app.get('/api/v1/watches/:id/alerts', async (c) => {
    const id = idOf(c);
    const w = id ? await alerts.getWatch(id) : null;
    if (!w) return apiError(c, 404, 'not_found', 'no such watchlist');
    const list = await alerts.alerts(w.id, { passedOnly: c.req.query('all') !== '1', limit: 200 });
    return c.json({
      alerts: list.map((a) => ({ id: a.id, story: a.body.story, storyId: a.storyId, version: a.version, headline: a.body.headline, score: a.score, alerted: a.passed, reasons: a.body.reasons, url: `${baseOf(c)}${a.body.path}`, createdAt: a.createdAt })),
    });
  });
}
