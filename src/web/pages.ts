import { html, raw } from 'hono/html';
import type { Briefing, Cited, Source } from '../model/index.js';
import type { StoryEntityRow } from '../store/index.js';
import { stackedDayChart, timelineChart, type Series } from './charts.js';
import { shownStatus, statesFigure } from '../compose/origins.js';
import { humanDate, timeTag } from './dates.js';
import { layout, type Html } from './layout.js';

export interface SiteContext {
  baseUrl: string;
  notice: string | null;
  slugOf: (storyId: string) => string | undefined;
  /** Whether a tag has a page of its own (enough stories carry it); else it is shown as plain text. */
  tagHasPage?: (tag: string) => boolean;
}

/** Stories a tag needs before it gets a page, a feed and a sitemap entry: one story's tag is a keyword. */
export const MIN_TAG_STORIES = 2;

export const tagSlug = (s: string) => encodeURIComponent(s.toLowerCase().replace(/\s+/g, '-'));
export const sectionSlug = (path: string[]) => path.map((p) => encodeURIComponent(p.toLowerCase().replace(/\s+/g, '-'))).join('/');


export const PER_PAGE = 20;

export interface Paged<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

export function paginate<T>(list: T[], page: number, perPage = PER_PAGE): Paged<T> {
  const pages = Math.max(1, Math.ceil(list.length / perPage));
  const p = Math.min(Math.max(1, page), pages);
  return { items: list.slice((p - 1) * perPage, p * perPage), page: p, pages, total: list.length };
}

/** `path` with `page=N` set in its query (page 1 drops the parameter). */
export function pageUrl(path: string, page: number): string {
  const u = new URL(path, 'http://x');
  if (page <= 1) u.searchParams.delete('page');
  else u.searchParams.set('page', String(page));
  return `${u.pathname}${u.search}`;
}

function pager(p: Paged<unknown>, path: string): Html {
  if (p.pages <= 1) return html``;
  return html`<nav class="pager" aria-label="Pages">${p.page > 1 ? html`<a rel="prev" href="${pageUrl(path, p.page - 1)}">← Newer</a>` : ''}<span>Page ${p.page} of ${p.pages}</span>${p.page < p.pages ? html`<a rel="next" href="${pageUrl(path, p.page + 1)}">Older →</a>` : ''}</nav>`;
}

const pageLinks = (p: Paged<unknown>, path: string) => ({ prev: p.page > 1 ? pageUrl(path, p.page - 1) : null, next: p.page < p.pages ? pageUrl(path, p.page + 1) : null });

const STATUS_TEXT = { confirmed: 'confirmed', 'single-source': 'single source', disputed: 'disputed' } as const;
type Status = keyof typeof STATUS_TEXT;
export { shownStatus, statesFigure };

/** A claim's status as a word (not a colour alone), with its count of independent origins. */
function statusLabel(c: { status?: Status; origins?: number; text: string }, storyOrigins: number): Html {
  const status = shownStatus(c, storyOrigins);
  if (!status) return html``;
  const title = c.origins ? `${c.origins} independent ${c.origins === 1 ? 'origin' : 'origins'}` : '';
  return html` <span class="status status-${status}" title="${title}">${STATUS_TEXT[status]}</span>`;
}

/** "2 new developments, 1 new statement": what a returning reader wants from a new version. */
export function changeLine(c: Briefing['changes']): string | null {
  if (!c || (!c.added.length && !c.removed.length)) return null;
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  const parts: string[] = [];
  if (c.newDevelopments) parts.push(n(c.newDevelopments, 'new development', 'new developments'));
  if (c.newStatements) parts.push(n(c.newStatements, 'new statement', 'new statements'));
  if (!parts.length) parts.push(n(c.added.length + c.removed.length, 'change', 'changes'));
  return parts.join(', ');
}

/** Text with its ISO days ("2026-11-17") shown as readers read them, each in a <time>. */
const withDates = (text: string): Html => html`${text.split(/\b(\d{4}-\d{2}-\d{2})\b/).map((part, i) => (i % 2 ? html`<time datetime="${part}">${humanDate(part)}</time>` : part))}`;

function storyCard(b: Briefing, ctx: SiteContext, extra?: Html): Html {
  const slug = ctx.slugOf(b.storyId);
  return html`<li>
<p class="section-path">${b.section.join(' › ')}</p>
<h3><a href="/stories/${slug}">${b.headline}</a></h3>
${extra ?? html`<p>${b.summary}</p>`}
<p class="meta">Updated ${timeTag(b.updatedAt)} · ${b.sources.length} ${b.sources.length === 1 ? 'source' : 'sources'} · version ${b.version}</p>
</li>`;
}

const cards = (list: Briefing[], ctx: SiteContext) => html`<ul class="cards">${list.map((b) => storyCard(b, ctx))}</ul>`;

export interface HomeData {
  pinned: Briefing[];
  biggest: Briefing[];
  latest: Paged<Briefing>;
}

export function homePage(d: HomeData, ctx: SiteContext): Html {
  const empty = d.latest.total === 0;
  const first = d.latest.page === 1;
  const body = html`<h1>Sitrep: developing stories, cited</h1>
${empty ? html`<p>No stories yet. Add a source with <code>sitrep sources add URL</code> and run <code>sitrep ingest</code>.</p>` : ''}
${first && d.pinned.length ? html`<section aria-labelledby="h-pinned"><h2 id="h-pinned">Pinned</h2>${cards(d.pinned, ctx)}</section>` : ''}
${first && d.biggest.length ? html`<section aria-labelledby="h-biggest"><h2 id="h-biggest">Biggest stories</h2>${cards(d.biggest, ctx)}</section>` : ''}
${empty ? '' : html`<section aria-labelledby="h-latest"><h2 id="h-latest">Latest</h2>${cards(d.latest.items, ctx)}${pager(d.latest, '/')}</section>`}`;
  return layout({ title: 'Sitrep: latest briefings', description: 'Cited briefings on developing stories.', canonical: `${ctx.baseUrl}${pageUrl('/', d.latest.page)}`, notice: ctx.notice, ...pageLinks(d.latest, '/') }, body);
}

/** A section or tag page: its stories, newest first, paged, with its own feeds. */
export function listPage(title: string, list: Paged<Briefing>, ctx: SiteContext, path: string, intro?: Html): Html {
  const body = html`<h1>${title}</h1>${intro ?? ''}
${list.total === 0 ? html`<p>No stories here yet.</p>` : html`${cards(list.items, ctx)}${pager(list, path)}`}
<p class="meta">Follow: <a href="${path}/feed.xml">RSS</a> · <a href="${path}/atom.xml">Atom</a> · <a href="${path}/feed.json">JSON Feed</a></p>`;
  return layout({ title: `${title} · Sitrep`, description: `Sitrep briefings: ${title}.`, canonical: `${ctx.baseUrl}${pageUrl(path, list.page)}`, notice: ctx.notice, feedBase: { title: `Sitrep: ${title}`, path }, ...pageLinks(list, path) }, body);
}

export interface StoryExtras {
  coverage: { day: string; outlet: string; articles: number }[];
  entities: StoryEntityRow[];
}

export function storyPage(b: Briefing, versions: { version: number; createdAt: string }[], latestVersion: number, ctx: SiteContext, extras: StoryExtras = { coverage: [], entities: [] }): Html {
  const slug = ctx.slugOf(b.storyId) ?? b.storyId;
  // Footnotes number the sources the briefing cites; a story of hundreds of articles lists those, not all.
  const citedIds = new Set([
    ...(b.summarySources ?? []),
    ...[...b.background, ...b.analysis, ...b.conclusion, ...b.timeline, ...b.statements].flatMap((c) => c.sources),
    ...b.contradictions.flatMap((c) => c.values.flatMap((v) => v.sources)),
  ]);
  const listed = b.sources.filter((s) => citedIds.has(s.id));
  const uncited = b.sources.length - listed.length;
  const num = new Map(listed.map((s, i) => [s.id, i + 1]));
  const cite = (ids: string[]) => html`${ids.map((id) => html`<sup><a href="#src-${num.get(id) ?? 0}" aria-label="source ${num.get(id) ?? 0}">[${num.get(id) ?? '?'}]</a></sup>`)}`;
  // Figures two sources give differently, and a running tally given at two moments (an update).
  const figureList = (id: string, heading: string, list: Briefing['contradictions'], joiner: string) =>
    list.length
      ? html`<section aria-labelledby="${id}"><h2 id="${id}">${heading}</h2><ul>${list.map((c) => html`<li>${withDates(c.claim)}: ${c.values.map((v, i) => html`${i ? joiner : ''}<strong>${v.value}</strong> ${cite(v.sources)}`)}${c.values.some((v) => v.sentence) ? html`<ul>${c.values.filter((v) => v.sentence).map((v) => html`<li><strong>${v.value}</strong>: “${v.sentence}” ${cite(v.sources)}</li>`)}</ul>` : ''}</li>`)}</ul></section>`
      : '';
  const summarySources = b.summarySources ?? []; // briefings stored before this field lack it
  const url = `${ctx.baseUrl}/stories/${slug}`;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: b.headline,
    alternativeHeadline: b.altHeadline,
    description: b.metaDescription,
    dateModified: b.updatedAt,
    datePublished: versions.at(-1)?.createdAt ?? b.updatedAt,
    author: { '@type': 'Organization', name: 'Sitrep' },
    publisher: { '@type': 'Organization', name: 'Sitrep' },
    keywords: b.keywords.join(', '),
    articleSection: b.section.join(' › '),
    citation: listed.map((s) => ({ '@type': 'CreativeWork', name: s.title, url: s.url })),
    mainEntityOfPage: url,
  };
  const byOutlet = new Map<string, Map<string, number>>();
  for (const c of extras.coverage) {
    const m = byOutlet.get(c.outlet) ?? new Map<string, number>();
    m.set(c.day, (m.get(c.day) ?? 0) + c.articles);
    byOutlet.set(c.outlet, m);
  }
  const series: Series[] = [...byOutlet].map(([label, values]) => ({ label, values }));
  const people = extras.entities.filter((e) => e.mentions >= 2).slice(0, 12);
  const origins = b.origins ?? 0;
  const label = (c: { status?: Status; origins?: number }, text: string) => statusLabel({ ...c, text }, origins);
  const cited = (c: Cited) => html`<p>${c.text} ${cite(c.sources)}${label(c, c.text)}</p>`;
  const changed = changeLine(b.changes);
  const body = html`<article>
<p class="section-path"><a href="/sections/${sectionSlug(b.section)}">${b.section.join(' › ')}</a></p>
<h1>${b.headline}</h1>
<p class="alt">${b.altHeadline}</p>
${b.version !== latestVersion ? html`<p class="notice">You are reading version ${b.version}. <a href="/stories/${slug}">Read the latest version (${latestVersion})</a>.</p>` : ''}
<p class="summary">${b.summary} ${cite(summarySources)}${label({ status: b.summaryStatus }, b.summary)}</p>
<p class="meta">Updated ${timeTag(b.updatedAt, true)} · version ${b.version}${changed ? html` · <a href="#h-changes">what changed: ${changed}</a>` : ''} · ${b.sources.length} ${b.sources.length === 1 ? 'source' : 'sources'}${origins ? html` from ${origins} independent ${origins === 1 ? 'origin' : 'origins'}` : ''}${b.writer?.rewritten ? ` · ${b.writer.rewritten} sentences rewritten by ${b.writer.model}, each checked against its sources` : ''}</p>
<section aria-labelledby="h-background"><h2 id="h-background">Background &amp; Context</h2>
${b.background.length ? b.background.map(cited) : html`<p>No background in the coverage so far.</p>`}</section>
<section aria-labelledby="h-timeline"><h2 id="h-timeline">Key Developments &amp; Timeline</h2>
${timelineChart('tl', 'Timeline of key developments', b.timeline.map((t) => ({ date: t.date, label: t.text })))}
<ol class="timeline">${b.timeline.map((t) => html`<li>${timeTag(t.date)}${t.text} ${cite(t.sources)}${label(t, t.text)}</li>`)}</ol></section>
<section aria-labelledby="h-statements"><h2 id="h-statements">Official Statements &amp; Analysis</h2>
${b.statements.map((s) => html`<blockquote><p>“${s.quote}”</p><footer>— ${s.speaker}${s.role ? `, ${s.role}` : ''} ${cite(s.sources)}${label(s, s.quote)}</footer></blockquote>`)}
${b.analysis.map(cited)}
${b.statements.length === 0 && b.analysis.length === 0 ? html`<p>No attributed statements yet.</p>` : ''}</section>
${figureList('h-disputed', 'Where sources disagree', b.contradictions.filter((c) => !c.update), ' vs ')}
${figureList('h-updated', 'Figures updated the same day', b.contradictions.filter((c) => c.update), ', then ')}
<section aria-labelledby="h-conclusion"><h2 id="h-conclusion">Conclusion</h2>${b.conclusion.map(cited)}</section>
${series.length ? html`<section aria-labelledby="h-coverage"><h2 id="h-coverage">Coverage</h2>${stackedDayChart('cov', 'Articles per day by outlet', series, 'articles')}</section>` : ''}
${people.length ? html`<section aria-labelledby="h-who"><h2 id="h-who">People, places and organisations</h2><p class="tags">${people.map((e) => html`<a href="/entities/${e.slug}">${e.name}</a>`)}</p></section>` : ''}
<section aria-labelledby="h-tags"><h2 id="h-tags">Tags</h2><p class="tags">${b.tags.map((t) => (ctx.tagHasPage?.(t) ?? true ? html`<a href="/tags/${tagSlug(t)}">${t}</a>` : html`<span>${t}</span>`))}</p></section>
${b.related.length ? html`<section aria-labelledby="h-related"><h2 id="h-related">Related</h2><ul>${b.related.map((r) => html`<li><a href="${r.url}">${r.headline}</a>${r.reason ? html` <span class="meta">(${r.reason})</span>` : ''}</li>`)}</ul></section>` : ''}
${b.products.length ? html`<aside class="shelf" aria-labelledby="h-shelf"><h2 id="h-shelf">From our shop <small>(sponsored)</small></h2>
<ul>${b.products.map((p) => html`<li><a href="${p.url}" rel="sponsored nofollow">${p.name}</a>: ${p.blurb}</li>`)}</ul>
<p class="disclosure">Sponsored: Sitrep may earn a commission from these links. They do not affect the briefing.</p></aside>` : ''}
<section aria-labelledby="h-sources"><h2 id="h-sources">Sources</h2>
<ol>${listed.map((s, i) => html`<li id="src-${i + 1}">${s.outlet ?? ''}${s.outlet ? ', ' : ''}<a href="${s.url}" rel="nofollow">${s.title ?? (s.lede ? `untitled report opening “${s.lede}”` : s.url)}</a> <span class="meta">${timeTag(s.published)}</span></li>`)}</ol>
${uncited > 0 ? html`<p class="meta">The story's coverage holds ${uncited} more ${uncited === 1 ? 'article' : 'articles'} that this briefing does not cite.</p>` : ''}
${origins ? html`<p class="meta">${b.sources.length} ${b.sources.length === 1 ? 'article' : 'articles'} from ${origins} independent ${origins === 1 ? 'origin' : 'origins'}: wire copy and reprints count once. A claim is marked <em>confirmed</em> when two or more origins report it and <em>disputed</em> where sources disagree; <em>single source</em> marks a figure that only one origin gives.</p>` : ''}</section>
<section aria-labelledby="h-versions"><h2 id="h-versions">Versions</h2>
<ul>${versions.map((v) => html`<li>${v.version === b.version ? html`<strong>Version ${v.version}</strong>` : html`<a href="/stories/${slug}?v=${v.version}">Version ${v.version}</a>`} <span class="meta">${timeTag(v.createdAt, true)}</span></li>`)}</ul>
${b.changes && (b.changes.added.length || b.changes.removed.length) ? html`<details class="changes"><summary id="h-changes">What changed since version ${b.changes.sinceVersion}${changed ? `: ${changed}` : ''}</summary>
<ul>${b.changes.added.map((a) => html`<li>Added: ${a}</li>`)}${b.changes.removed.map((r) => html`<li>Removed: ${r}</li>`)}</ul></details>` : ''}
<p class="meta">Follow this story: <a href="/stories/${slug}/feed.xml">RSS</a> · <a href="/stories/${slug}/atom.xml">Atom</a> · <a href="/stories/${slug}/feed.json">JSON Feed</a></p></section>
</article>`;
  return layout(
    { title: `${b.headline} · Sitrep`, shareTitle: b.headline, description: b.metaDescription, canonical: b.version === latestVersion ? url : `${url}?v=${b.version}`, jsonLd, ogType: 'article', notice: ctx.notice, feedBase: { title: `Sitrep: ${b.headline}`, path: `/stories/${slug}` } },
    body,
  );
}

/**
 * One line per role, however many ways the coverage words it: "Foreign Minister" and "Karvenia's
 * foreign minister" are the same role as "Karvenian Foreign Minister", which says the most and stays.
 * A role is dropped when, after any leading possessive ("Karvenia's"), it is the tail of a longer
 * one, compared without case.
 */
export function distinctRoles(roles: string[]): string[] {
  const core = (r: string) => r.toLowerCase().replace(/^(?:the\s+)?\S+['’]s\s+/, '').replace(/\s+/g, ' ').trim();
  const full = (r: string) => r.toLowerCase().replace(/['’]s\b/g, '').replace(/\s+/g, ' ').trim();
  const byKey = new Map<string, string>();
  for (const r of roles) if (r.trim() && !byKey.has(r.toLowerCase().trim())) byKey.set(r.toLowerCase().trim(), r.trim());
  const unique = [...byKey.values()];
  return unique.filter((r) => {
    const mine = core(r);
    // Dropped for a longer wording that ends with it, or for another wording of the same core that
    // says more (the first seen wins a tie).
    return !unique.some((o, j) => o !== r && (full(o).endsWith(` ${mine}`) || (core(o) === mine && (o.length > r.length || (o.length === r.length && j < unique.indexOf(r))))));
  });
}

/** An entity across stories: who or what it is, its stories, its quotes over time, mentions per day. */
export function entityPage(rows: StoryEntityRow[], stories: Paged<Briefing>, ctx: SiteContext): Html {
  const main = [...rows].sort((a, b) => b.mentions - a.mentions)[0]!;
  const roles = distinctRoles(rows.flatMap((r) => r.roles));
  const aliases = [...new Set(rows.flatMap((r) => r.aliases))].filter((a) => a !== main.name).slice(0, 12);
  const perDay = new Map<string, number>();
  for (const r of rows) for (const [d, n] of Object.entries(r.days)) perDay.set(d, (perDay.get(d) ?? 0) + n);
  const quotes = rows
    .flatMap((r) => r.quotes.map((q) => ({ ...q, storyId: r.storyId })))
    .sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''))
    .slice(-40);
  const type = { PERSON: 'Person', ORG: 'Organisation', PLACE: 'Place', OTHER: 'Other' }[main.type];
  const path = `/entities/${main.slug}`;
  const body = html`<h1>${main.name}</h1>
<p class="meta">${type}${aliases.length ? html` · also called ${aliases.join(', ')}` : ''}</p>
${roles.length ? html`<section aria-labelledby="h-roles"><h2 id="h-roles">Roles</h2><ul>${roles.map((r) => html`<li>${r}</li>`)}</ul></section>` : ''}
<section aria-labelledby="h-mentions"><h2 id="h-mentions">Mentions over time</h2>${stackedDayChart('ment', `Mentions of ${main.name} per day`, [{ label: main.name, values: perDay }], 'mentions')}</section>
${quotes.length ? html`<section aria-labelledby="h-quotes"><h2 id="h-quotes">Quotes over time</h2><ol class="quotes">${quotes.map((q) => html`<li>${timeTag(q.published)}: “${q.quote}”${q.role ? html` <span class="meta">(${q.role})</span>` : ''} <a href="/stories/${ctx.slugOf(q.storyId)}">story</a></li>`)}</ol></section>` : ''}
<section aria-labelledby="h-stories"><h2 id="h-stories">Stories</h2>${stories.total ? html`${cards(stories.items, ctx)}${pager(stories, path)}` : html`<p>No published stories.</p>`}</section>`;
  return layout({ title: `${main.name} · Sitrep`, description: `${main.name}${roles[0] ? `, ${roles[0]}` : ''}: stories, quotes and mentions on Sitrep.`, canonical: `${ctx.baseUrl}${pageUrl(path, stories.page)}`, notice: ctx.notice, ...pageLinks(stories, path) }, body);
}

export interface SearchView {
  q: string;
  section: string;
  from: string;
  to: string;
  entity: string;
  sections: { slug: string; label: string }[];
  results: Paged<{ briefing: Briefing; snippet: string | null }>;
  error: string | null;
}

/** Escape a snippet, then turn the \u0002…\u0003 match markers into <mark>. */
function highlighted(snippet: string): Html {
  const esc = snippet.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return raw(esc.replace(/\u0002/g, '<mark>').replace(/\u0003/g, '</mark>'));
}

export function searchPage(v: SearchView, ctx: SiteContext, path: string): Html {
  const asked = v.q || v.entity || v.section || v.from || v.to;
  const body = html`<h1>${v.q ? `Search: ${v.q}` : 'Search'}</h1>
<form class="filters" action="/search" method="get" role="search">
<label for="q">Words<input id="q" type="search" name="q" value="${v.q}"></label>
<label for="section">Section<select id="section" name="section"><option value="">All sections</option>${v.sections.map((s) => html`<option value="${s.slug}"${s.slug === v.section ? html` selected` : ''}>${s.label}</option>`)}</select></label>
<label for="from">From<input id="from" type="date" name="from" value="${v.from}"></label>
<label for="to">To<input id="to" type="date" name="to" value="${v.to}"></label>
<label for="entity">Person, place or organisation<input id="entity" type="text" name="entity" value="${v.entity}"></label>
<button type="submit">Search</button>
</form>
${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ''}
${asked && !v.error ? html`<p class="meta" role="status">${v.results.total} ${v.results.total === 1 ? 'story' : 'stories'} found</p>
<ul class="cards">${v.results.items.map((r) => storyCard(r.briefing, ctx, html`<p>${r.snippet ? highlighted(r.snippet) : r.briefing.summary}</p>`))}</ul>${pager(v.results, path)}` : ''}`;
  return layout({ title: `${v.q ? `Search: ${v.q}` : 'Search'} · Sitrep`, notice: ctx.notice, noindex: true, ...pageLinks(v.results, path) }, body);
}

export function sourcesPage(sources: Paged<Source>, ctx: SiteContext): Html {
  const failing = sources.items.filter((s) => s.failures > 0).length;
  const body = html`<h1>Sources</h1>
${sources.total === 0 ? html`<p>No sources yet.</p>` : html`<p class="meta">${sources.total} followed${failing ? html`; ${failing} failing on this page` : ''}.</p><table><caption class="skip">Followed sources</caption><thead><tr><th scope="col">Source</th><th scope="col">Last fetched</th><th scope="col">Status</th></tr></thead><tbody>
${sources.items.map((s) => html`<tr><td><a href="/sources/${s.id}">${s.outlet ?? s.title ?? s.url}</a><br><small class="url">${s.url}</small></td><td>${timeTag(s.lastFetchedAt, true)}</td><td>${s.failures > 0 ? html`<strong>failing (${s.failures})</strong>: ${s.lastError}` : 'ok'}</td></tr>`)}
</tbody></table>${pager(sources, '/sources')}`}`;
  return layout({ title: 'Sources · Sitrep', canonical: `${ctx.baseUrl}${pageUrl('/sources', sources.page)}`, notice: ctx.notice, ...pageLinks(sources, '/sources') }, body);
}

export function sourcePage(s: Source, stories: Paged<Briefing>, ctx: SiteContext): Html {
  const path = `/sources/${s.id}`;
  const body = html`<h1>${s.outlet ?? s.title ?? s.url}</h1>
<dl><dt>Address</dt><dd class="url">${s.url}</dd><dt>Kind</dt><dd>${s.kind}</dd><dt>Followed since</dt><dd>${timeTag(s.createdAt)}</dd><dt>Last fetched</dt><dd>${s.lastFetchedAt ? timeTag(s.lastFetchedAt, true) : 'not yet'}</dd>
<dt>Status</dt><dd>${s.failures > 0 ? html`<strong>failing (${s.failures} in a row)</strong>: ${s.lastError}` : 'ok'}</dd></dl>
<section aria-labelledby="h-stories"><h2 id="h-stories">Stories citing this source</h2>${stories.total ? html`${cards(stories.items, ctx)}${pager(stories, path)}` : html`<p>None yet.</p>`}</section>`;
  return layout({ title: `${s.outlet ?? s.title ?? 'Source'} · Sitrep`, canonical: `${ctx.baseUrl}${pageUrl(path, stories.page)}`, notice: ctx.notice, ...pageLinks(stories, path) }, body);
}

export function notFoundPage(ctx: SiteContext, what = 'Page'): Html {
  return layout({ title: 'Not found · Sitrep', notice: ctx.notice, noindex: true }, html`<h1>${what} not found</h1><p><a href="/">Back to the latest stories</a></p>`);
}
