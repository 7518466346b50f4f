import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { z } from 'zod';
import type { AudienceProfile, Briefing, Source, Story, Watch } from '../model/index.js';
import type { Session, Store } from '../store/index.js';
import { parseCatalogue } from '../compose/index.js';
import { errorMessage } from '../errors.js';
import { allowPrivateFromEnv, checkUrlAllowed } from '../ingest/index.js';
import { reshelveStories } from '../pipeline/index.js';
import { LoginThrottle, newToken, sameToken, tokenId, verifyPassword } from './auth.js';
import { layout } from './layout.js';
import { AlertStore, parseWatch } from '../alerts/index.js';
import { describeWatch } from './watch.js';

const SESSION_COOKIE = 'sitrep_session';
const LOGIN_COOKIE = 'sitrep_login';
const FLASH_COOKIE = 'sitrep_flash';
const SESSION_DAYS = 7;

export interface AdminDeps {
  store: Store;
  /** Latest briefings by story id (hidden stories included) for the story table. */
  briefings: () => Promise<Map<string, Briefing>>;
  /** The site's audience profile (config), which breaks ties when shelves are picked. */
  audience?: AudienceProfile;
  /**
   * The site's public address (SITREP_BASE_URL). Behind a TLS proxy the request reaches Sitrep as
   * plain http; this says what the browser sees: the origin forms must come from, and https cookies.
   */
  baseUrl?: string;
}

const urlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000, 'is longer than 2,000 characters');

/**
 * The editors' pages under /admin: a login (scrypt-hashed passwords, sessions kept in the store as
 * token hashes, SameSite=Strict HttpOnly cookies), and forms that each carry the session's CSRF token.
 */
export function registerAdmin(app: Hono, deps: AdminDeps): void {
  const { store } = deps;
  // Five failures for a name from one address block that pair for 15 minutes; one address gets twenty
  // in all (an office shares one). A name failing from many addresses is slowed, not locked: a delay
  // that doubles with each failure past five, so nobody can lock an editor out from elsewhere.
  const byPair = new LoginThrottle(5, store.clock);
  const byName = new LoginThrottle(5, store.clock);
  const byAddress = new LoginThrottle(20, store.clock);
  // The origin the browser sees: the configured public address, else the request's own.
  const publicOrigin = (c: Context) => new URL(deps.baseUrl ?? c.req.url).origin;
  const secure = (c: Context) => publicOrigin(c).startsWith('https:');

  app.use('/admin/*', async (c, next) => {
    c.header('cache-control', 'no-store');
    await next();
  });
  app.use('/admin/*', bodyLimit({ maxSize: 4 * 1024 * 1024, onError: (c) => c.text('request body too large (4 MB at most)', 413) }));

  const session = async (c: Context): Promise<Session | null> => {
    const token = getCookie(c, SESSION_COOKIE);
    return token ? store.getSession(tokenId(token)) : null;
  };

  /** A POST from another site is refused before its form is read (Origin, then the token). */
  const sameOrigin = (c: Context) => {
    const origin = c.req.header('origin');
    return !origin || origin === publicOrigin(c);
  };

  const loginPage = (c: Context, error: string | null, status: 200 | 400 | 401 | 429 = 200) => {
    const existing = getCookie(c, LOGIN_COOKIE);
    const token = existing && /^[\w-]{43}$/.test(existing) ? existing : newToken();
    setCookie(c, LOGIN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/admin', secure: secure(c), maxAge: 3600 });
    const body = html`<h1>Sign in</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/admin/login">
<input type="hidden" name="csrf" value="${token}">
<p><label for="name">User name</label><br><input id="name" name="name" autocomplete="username" required></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>
<p class="meta">Users are created on the server with <code>sitrep users add NAME</code>.</p>`;
    return c.html(layout({ title: 'Sign in · Sitrep admin', noindex: true }, body), status);
  };

  app.get('/admin/login', async (c) => ((await session(c)) ? c.redirect('/admin', 303) : loginPage(c, null)));

  app.post('/admin/login', async (c) => {
    if (!sameOrigin(c)) return c.text('cross-site request refused', 403);
    const form = await c.req.parseBody();
    if (!sameToken(String(form.csrf ?? ''), getCookie(c, LOGIN_COOKIE))) return loginPage(c, 'The form expired. Please sign in again.', 400);
    const name = String(form.name ?? '').trim();
    const password = String(form.password ?? '');
    // The socket's address; X-Forwarded-For is not trusted (a client could send any).
    const addr = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
    const nameKey = [name.toLowerCase()];
    const addrKey = [addr];
    const pairKey = [`${name.toLowerCase()}\u0000${addr}`];
    if (byPair.blocked(pairKey) || byAddress.blocked(addrKey)) return loginPage(c, 'Too many failed sign-ins. Wait 15 minutes and try again.', 429);
    const wait = byName.wait(nameKey[0]!);
    if (wait > 0) {
      c.header('retry-after', String(Math.ceil(wait / 1000)));
      return loginPage(c, `Too many failed sign-ins for this name. Wait ${Math.ceil(wait / 1000)} seconds and try again.`, 429);
    }
    // Counted as a failure before the (slow) check, in the same turn as the tests above: attempts sent
    // in parallel each see the ones before them, so none slips past the limit while others verify.
    byPair.fail(pairKey);
    byName.fail(nameKey);
    byAddress.fail(addrKey);
    const user = name ? await store.getUser(name) : null;
    // Verify against a fixed hash when the user does not exist, so timing does not reveal names.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) return loginPage(c, 'Wrong user name or password.', 401);
    byPair.succeed(pairKey);
    byName.succeed(nameKey);
    byAddress.forgive(addrKey);
    const token = newToken();
    await store.createSession({ id: tokenId(token), userId: user.id, csrf: newToken(), expiresAt: new Date(store.clock().getTime() + SESSION_DAYS * 86_400_000).toISOString() });
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: secure(c), maxAge: SESSION_DAYS * 86_400 });
    deleteCookie(c, LOGIN_COOKIE, { path: '/admin' });
    return c.redirect('/admin', 303);
  });

  /** Routes below need a session; POSTs also need the session's CSRF token. */
  const guarded = (handler: (c: Context, s: Session, form: Record<string, unknown>) => Promise<Response>) => async (c: Context) => {
    const s = await session(c);
    if (!s) return c.req.method === 'GET' ? c.redirect('/admin/login', 303) : c.text('sign in first', 401);
    let form: Record<string, unknown> = {};
    if (c.req.method === 'POST') {
      if (!sameOrigin(c)) return c.text('cross-site request refused', 403);
      form = (await c.req.parseBody()) as Record<string, unknown>;
      if (!sameToken(String(form.csrf ?? ''), s.csrf)) return c.text('missing or wrong CSRF token', 403);
    }
    return handler(c, s, form);
  };

  // The outcome of a form travels to the next page in a short-lived cookie, not in the URL, so a
  // link cannot make the admin show a message of someone else's choosing.
  const done = (c: Context, message: string, ok = true) => {
    setCookie(c, FLASH_COOKIE, Buffer.from(JSON.stringify({ ok, message: message.slice(0, 500) })).toString('base64url'), { httpOnly: true, sameSite: 'Strict', path: '/admin', secure: secure(c), maxAge: 60 });
    return c.redirect('/admin', 303);
  };
  const takeFlash = (c: Context): { ok: string | null; error: string | null } => {
    const raw = getCookie(c, FLASH_COOKIE);
    if (!raw) return { ok: null, error: null };
    deleteCookie(c, FLASH_COOKIE, { path: '/admin' });
    try {
      const f = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { ok?: unknown; message?: unknown };
      const message = typeof f.message === 'string' ? f.message : null;
      return f.ok === true ? { ok: message, error: null } : { ok: null, error: message };
    } catch {
      return { ok: null, error: null };
    }
  };

  app.get(
    '/admin',
    guarded(async (c, s) => {
      const [sources, stories, briefings, catalogue, watches] = await Promise.all([store.listSources(), store.listStories().then((list) => list.filter((st) => st.status !== 'merged')), deps.briefings(), store.listCatalogue(), watchesWithCounts()]);
      const flash = takeFlash(c);
      return c.html(dashboard(s, sources, stories, briefings, catalogue.length, watches, flash.ok, flash.error));
    }),
  );

  app.post(
    '/admin/logout',
    guarded(async (c, s) => {
      await store.deleteSession(s.id);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.redirect('/admin/login', 303);
    }),
  );

  app.post(
    '/admin/sources',
    guarded(async (c, _s, form) => {
      const url = urlSchema.safeParse(String(form.url ?? '').trim());
      if (!url.success) return done(c, `Source not added: the address ${url.error.issues[0]!.message}.`, false);
      const outlet = String(form.outlet ?? '').trim() || null;
      try {
        checkUrlAllowed(new URL(url.data), allowPrivateFromEnv());
      } catch (err) {
        return done(c, `Source not added: ${errorMessage(err)}.`, false);
      }
      await store.addSource(url.data, { outlet });
      return done(c, `Source added: ${url.data}. It is polled on the next ingest.`);
    }),
  );

  app.post(
    '/admin/sources/remove',
    guarded(async (c, _s, form) => {
      const url = String(form.url ?? '');
      const removed = await store.removeSource(url);
      return done(c, removed ? `Source removed: ${url}` : `No such source: ${url}`, removed);
    }),
  );

  const alertStore = new AlertStore(store);
  const watchesWithCounts = async () =>
    Promise.all((await alertStore.listWatches()).map(async (w) => ({ watch: w, alerts: await alertStore.alertCount(w.id), deliveries: await alertStore.deliveryCounts(w.id) })));

  app.post(
    '/admin/watches',
    guarded(async (c, _s, form) => {
      const field = (k: string) => String(form[k] ?? '').trim() || undefined;
      try {
        const input = await parseWatch(
          {
            name: field('name') ?? '',
            entities: (field('entities') ?? '').split(/[,\n;]/).map((e) => e.trim()).filter(Boolean),
            query: field('query'),
            section: field('section'),
            story: field('story'),
            minScore: field('minScore'),
            webhook: field('webhook'),
            email: field('email'),
          },
          store,
          allowPrivateFromEnv(),
        );
        const w = await alertStore.addWatch(input);
        return done(c, `Watchlist added: ${w.name}. Its feed: /watch/${w.token}/atom.xml`);
      } catch (err) {
        return done(c, `Watchlist not added: ${errorMessage(err)}`, false);
      }
    }),
  );

  app.post(
    '/admin/watches/remove',
    guarded(async (c, _s, form) => {
      const id = Number(form.id);
      const removed = Number.isInteger(id) && (await alertStore.removeWatch(id));
      return done(c, removed ? `Watchlist ${id} removed.` : 'No such watchlist.', removed);
    }),
  );

  app.post(
    '/admin/catalogue',
    guarded(async (c, _s, form) => {
      const file = form.file;
      const text = file instanceof File && file.size > 0 ? await file.text() : String(form.text ?? '');
      if (!text.trim()) return done(c, 'Catalogue not imported: choose a CSV or JSON file, or paste one.', false);
      try {
        const products = parseCatalogue(text, file instanceof File && /\.csv$/i.test(file.name) ? 'csv' : 'auto');
        await store.replaceCatalogue(products);
        // Shelves change now, not with each story's next version.
        const reshelved = await reshelveStories(store, { audience: deps.audience });
        return done(c, `Catalogue imported: ${products.length} products; ${reshelved} ${reshelved === 1 ? 'story shelf' : 'story shelves'} updated.`);
      } catch (err) {
        return done(c, `Catalogue not imported: ${errorMessage(err)}`, false);
      }
    }),
  );

  app.post(
    '/admin/stories/:id',
    guarded(async (c, _s, form) => {
      const id = c.req.param('id') ?? '';
      const action = String(form.action ?? '');
      if (action === 'headline') {
        // Saving the written headline unchanged (or an empty field) clears the override.
        const written = (await deps.briefings()).get(id)?.headline;
        const headline = String(form.headline ?? '').trim();
        if (!headline || headline === written) form.headline = '';
      }
      const flags =
        action === 'pin' ? { pinned: true } : action === 'unpin' ? { pinned: false } : action === 'hide' ? { hidden: true } : action === 'show' ? { hidden: false } : action === 'headline' ? { headlineOverride: String(form.headline ?? '').slice(0, 200) } : null;
      if (!flags) return done(c, `Unknown action "${action}"`, false);
      const ok = await store.setStoryFlags(id, flags);
      return done(c, ok ? `Story updated (${action}).` : 'No such story.', ok);
    }),
  );
}

// A valid scrypt hash of a random password: verifying against it costs what a real check costs.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$ZHVtbXlkdW1teWR1bW15ZHVtbXlkdW1teWR1bW15ZHU=';

type WatchRow = { watch: Watch; alerts: number; deliveries: Record<string, number> };

function dashboard(s: Session, sources: Source[], stories: Story[], briefings: Map<string, Briefing>, products: number, watches: WatchRow[], ok: string | null, error: string | null) {
  const csrf = html`<input type="hidden" name="csrf" value="${s.csrf}">`;
  const failing = sources.filter((x) => x.failures > 0);
  const body = html`<h1>Admin</h1>
<div class="meta">Signed in as ${s.userName}. <form class="inline" method="post" action="/admin/logout">${csrf}<button type="submit">Sign out</button></form></div>
${ok ? html`<p class="ok" role="status">${ok}</p>` : ''}${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<section aria-labelledby="h-failing"><h2 id="h-failing">Failing sources (${failing.length})</h2>
${failing.length ? html`<ul>${failing.map((x) => html`<li><strong>${x.outlet ?? x.url}</strong> (${x.failures} failures): ${x.lastError}</li>`)}</ul>` : html`<p>None.</p>`}</section>
<section aria-labelledby="h-sources"><h2 id="h-sources">Sources (${sources.length})</h2>
<form method="post" action="/admin/sources">${csrf}
<p><label for="src-url">Feed or page address</label><br><input id="src-url" name="url" type="url" required size="50"></p>
<p><label for="src-outlet">Outlet name (optional)</label><br><input id="src-outlet" name="outlet"></p>
<p><button type="submit">Add source</button></p></form>
<table><caption class="skip">Sources</caption><thead><tr><th scope="col">Source</th><th scope="col">Status</th><th scope="col"><span class="skip">Actions</span></th></tr></thead><tbody>
${sources.map((x) => html`<tr><td>${x.outlet ?? ''} <small>${x.url}</small></td><td>${x.failures ? `failing (${x.failures})` : 'ok'}</td><td><form method="post" action="/admin/sources/remove">${csrf}<input type="hidden" name="url" value="${x.url}"><button type="submit" aria-label="Remove ${x.url}">Remove</button></form></td></tr>`)}
</tbody></table></section>
<section aria-labelledby="h-catalogue"><h2 id="h-catalogue">Product catalogue</h2>
<p>${products ? `${products} products imported.` : 'No catalogue imported; the configured one (if any) is used.'} CSV columns: id, name, blurb, url, tags (separated by | or ;), disclosure; or JSON.</p>
<form method="post" action="/admin/catalogue" enctype="multipart/form-data">${csrf}
<p><label for="cat-file">File</label><br><input id="cat-file" name="file" type="file" accept=".csv,.json,text/csv,application/json"></p>
<p><label for="cat-text">Or paste it</label><br><textarea id="cat-text" name="text" rows="4" cols="60"></textarea></p>
<p><button type="submit">Import catalogue</button></p></form></section>
<section aria-labelledby="h-watches"><h2 id="h-watches">Watchlists (${watches.length})</h2>
<p>A watchlist follows people, places or organisations, words, a section or a story, and alerts when an update scores at its threshold or more (new developments, statements by a watched person, new outlets, new disagreements, a jump in coverage, escalation or resolution). Alerts go to its Atom feed, and to a webhook or an email address if given.</p>
<form method="post" action="/admin/watches">${csrf}
<p><label for="w-name">Name</label><br><input id="w-name" name="name" required size="40"></p>
<p><label for="w-entities">People, places, organisations (comma-separated; any one matches)</label><br><input id="w-entities" name="entities" size="50"></p>
<p><label for="w-query">Words</label><br><input id="w-query" name="query" size="40"></p>
<p><label for="w-section">Section (e.g. News/Russia)</label><br><input id="w-section" name="section" size="30"> <label for="w-story">or story slug</label> <input id="w-story" name="story" size="30"></p>
<p><label for="w-score">Minimum score</label><br><input id="w-score" name="minScore" type="number" min="0" step="0.5" value="2"></p>
<p><label for="w-webhook">Webhook URL (optional)</label><br><input id="w-webhook" name="webhook" type="url" size="50"></p>
<p><label for="w-email">Email (optional)</label><br><input id="w-email" name="email" type="email" size="40"></p>
<p><button type="submit">Add watchlist</button></p></form>
${watches.length ? html`<table><caption class="skip">Watchlists</caption><thead><tr><th scope="col">Watchlist</th><th scope="col">Alerts</th><th scope="col"><span class="skip">Actions</span></th></tr></thead><tbody>
${watches.map((r) => html`<tr><td><a href="/watch/${r.watch.token}">${r.watch.name}</a><br><small>${describeWatch(r.watch)}; score ≥ ${r.watch.minScore}${r.watch.webhook ? html`; webhook ${r.watch.webhook}` : ''}${r.watch.email ? html`; email ${r.watch.email}` : ''}</small></td>
<td>${r.alerts}${Object.keys(r.deliveries).length ? html`<br><small>${Object.entries(r.deliveries).map(([k, n]) => `${k}: ${n}`).join(', ')}</small>` : ''}</td>
<td><form method="post" action="/admin/watches/remove">${csrf}<input type="hidden" name="id" value="${r.watch.id}"><button type="submit" aria-label="Remove watchlist ${r.watch.name}">Remove</button></form></td></tr>`)}
</tbody></table>` : ''}</section>
<section aria-labelledby="h-stories"><h2 id="h-stories">Stories (${stories.length})</h2>
<table><caption class="skip">Stories</caption><thead><tr><th scope="col">Story</th><th scope="col">State</th><th scope="col">Headline</th></tr></thead><tbody>
${stories.map((st) => {
  const b = briefings.get(st.id);
  return html`<tr><td><a href="/stories/${st.slug}">${st.slug}</a><br><small>${b?.sources.length ?? 0} ${b?.sources.length === 1 ? 'source' : 'sources'}${st.status === 'dormant' ? ', dormant' : ''}</small></td>
<td><form method="post" action="/admin/stories/${st.id}">${csrf}<button type="submit" name="action" value="${st.pinned ? 'unpin' : 'pin'}">${st.pinned ? 'Unpin' : 'Pin'}</button> <button type="submit" name="action" value="${st.hidden ? 'show' : 'hide'}">${st.hidden ? 'Show' : 'Hide'}</button></form>${st.pinned ? ' pinned' : ''}${st.hidden ? ' hidden' : ''}</td>
<td><form method="post" action="/admin/stories/${st.id}">${csrf}<input type="hidden" name="action" value="headline"><label for="hl-${st.id}" class="skip">Headline for ${st.slug}</label><input id="hl-${st.id}" name="headline" size="40" value="${st.headlineOverride ?? b?.headline ?? st.title}"> <button type="submit">Save</button></form>${st.headlineOverride ? html`<small>editor's headline (written: ${b?.headline ?? ''}). Save it empty to go back.</small>` : ''}</td></tr>`;
})}
</tbody></table></section>`;
  return layout({ title: 'Admin · Sitrep', noindex: true, wide: true }, body);
}
