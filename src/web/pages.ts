import { html } from 'hono/html';
import type { Briefing, Cited, Source } from '../model/index.js';
import { layout, type Html } from './layout.js';

export interface SiteContext {
  baseUrl: string;
  notice: string | null;
  slugOf: (storyId: string) => string | undefined;
}

export const tagSlug = (s: string) => encodeURIComponent(s.toLowerCase().replace(/\s+/g, '-'));
export const sectionSlug = (path: string[]) => path.map((p) => encodeURIComponent(p.toLowerCase().replace(/\s+/g, '-'))).join('/');

const fmtDate = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');

function storyCard(b: Briefing, ctx: SiteContext): Html {
  const slug = ctx.slugOf(b.storyId);
  return html`<li>
<p class="section-path">${b.section.join(' › ')}</p>
<h2><a href="/stories/${slug}">${b.headline}</a></h2>
<p>${b.summary}</p>
<p class="meta">Updated ${fmtDate(b.updatedAt)} · ${b.sources.length} sources · version ${b.version}</p>
</li>`;
}

export function homePage(briefings: Briefing[], ctx: SiteContext): Html {
  const body = html`<h1>Latest stories</h1>
${briefings.length === 0 ? html`<p>No stories yet. Add a source with <code>sitrep sources add URL</code> and run <code>sitrep ingest</code>.</p>` : html`<ul class="cards">${briefings.map((b) => storyCard(b, ctx))}</ul>`}`;
  return layout({ title: 'Sitrep: latest briefings', description: 'Cited briefings on developing stories.', canonical: `${ctx.baseUrl}/`, notice: ctx.notice }, body);
}

export function listPage(title: string, briefings: Briefing[], ctx: SiteContext, canonicalPath: string, intro?: Html): Html {
  const body = html`<h1>${title}</h1>${intro ?? ''}
${briefings.length === 0 ? html`<p>No stories here yet.</p>` : html`<ul class="cards">${briefings.map((b) => storyCard(b, ctx))}</ul>`}`;
  return layout({ title: `${title} · Sitrep`, canonical: `${ctx.baseUrl}${canonicalPath}`, notice: ctx.notice }, body);
}

export function storyPage(b: Briefing, versions: { version: number; createdAt: string }[], latestVersion: number, ctx: SiteContext): Html {
  const slug = ctx.slugOf(b.storyId) ?? b.storyId;
  const num = new Map(b.sources.map((s, i) => [s.id, i + 1]));
  const cite = (ids: string[]) => html`${ids.map((id) => html`<sup><a href="#src-${num.get(id) ?? 0}" aria-label="source ${num.get(id) ?? 0}">[${num.get(id) ?? '?'}]</a></sup>`)}`;
  const cited = (c: Cited) => html`<p>${c.text} ${cite(c.sources)}</p>`;
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
    keywords: b.keywords.join(', '),
    articleSection: b.section.join(' › '),
    citation: b.sources.map((s) => ({ '@type': 'CreativeWork', name: s.title, url: s.url })),
    mainEntityOfPage: url,
  };
  const body = html`<article>
<p class="section-path"><a href="/sections/${sectionSlug(b.section)}">${b.section.join(' › ')}</a></p>
<h1>${b.headline}</h1>
<p class="alt">${b.altHeadline}</p>
${b.version !== latestVersion ? html`<p class="notice">You are reading version ${b.version}. <a href="/stories/${slug}">Read the latest version (${latestVersion})</a>.</p>` : ''}
<p class="meta">Updated ${fmtDate(b.updatedAt)} · version ${b.version} · ${b.sources.length} sources</p>
<p class="summary">${b.summary} ${cite(summarySources)}</p>
${b.changes && (b.changes.added.length || b.changes.removed.length) ? html`<section class="changes" aria-labelledby="h-changes"><h2 id="h-changes">What changed since version ${b.changes.sinceVersion}</h2>
<ul>${b.changes.added.map((a) => html`<li>Added: ${a}</li>`)}${b.changes.removed.map((r) => html`<li>Removed: ${r}</li>`)}</ul></section>` : ''}
<section aria-labelledby="h-background"><h2 id="h-background">Background &amp; Context</h2>
${b.background.length ? b.background.map(cited) : html`<p>No background in the coverage so far.</p>`}</section>
<section aria-labelledby="h-timeline"><h2 id="h-timeline">Key Developments &amp; Timeline</h2>
<ol class="timeline">${b.timeline.map((t) => html`<li><time datetime="${t.date}">${t.date}</time>${t.text} ${cite(t.sources)}</li>`)}</ol></section>
<section aria-labelledby="h-statements"><h2 id="h-statements">Official Statements &amp; Analysis</h2>
${b.statements.map((s) => html`<blockquote><p>“${s.quote}”</p><footer>— ${s.speaker}${s.role ? `, ${s.role}` : ''} ${cite(s.sources)}</footer></blockquote>`)}
${b.analysis.map(cited)}
${b.statements.length === 0 && b.analysis.length === 0 ? html`<p>No attributed statements yet.</p>` : ''}</section>
${b.contradictions.length ? html`<section aria-labelledby="h-disputed"><h2 id="h-disputed">Where sources disagree</h2><ul>${b.contradictions.map((c) => html`<li>${c.claim}: ${c.values.map((v, i) => html`${i ? ' vs ' : ''}<strong>${v.value}</strong> ${cite(v.sources)}`)}</li>`)}</ul></section>` : ''}
<section aria-labelledby="h-conclusion"><h2 id="h-conclusion">Conclusion</h2>${b.conclusion.map(cited)}</section>
<section aria-labelledby="h-tags"><h2 id="h-tags">Tags</h2><p class="tags">${b.tags.map((t) => html`<a href="/tags/${tagSlug(t)}">${t}</a>`)}</p></section>
${b.related.length ? html`<section aria-labelledby="h-related"><h2 id="h-related">Related</h2><ul>${b.related.map((r) => html`<li><a href="${r.url}">${r.headline}</a></li>`)}</ul></section>` : ''}
${b.products.length ? html`<aside class="shelf" aria-labelledby="h-shelf"><h2 id="h-shelf">From our shop <small>(sponsored)</small></h2>
<ul>${b.products.map((p) => html`<li><a href="${p.url}" rel="sponsored nofollow">${p.name}</a>: ${p.blurb}</li>`)}</ul>
<p class="disclosure">Sponsored: Sitrep may earn a commission from these links. They do not affect the briefing.</p></aside>` : ''}
<section aria-labelledby="h-sources"><h2 id="h-sources">Sources</h2>
<ol>${b.sources.map((s, i) => html`<li id="src-${i + 1}">${s.outlet ?? ''}${s.outlet ? ', ' : ''}<a href="${s.url}" rel="nofollow">${s.title ?? s.url}</a> <span class="meta">${fmtDate(s.published)}</span></li>`)}</ol></section>
<section aria-labelledby="h-versions"><h2 id="h-versions">Versions</h2>
<ul>${versions.map((v) => html`<li>${v.version === b.version ? html`<strong>Version ${v.version}</strong>` : html`<a href="/stories/${slug}?v=${v.version}">Version ${v.version}</a>`} <span class="meta">${fmtDate(v.createdAt)}</span></li>`)}</ul></section>
</article>`;
  return layout({ title: `${b.headline} · Sitrep`, description: b.metaDescription, canonical: url, jsonLd, ogType: 'article', notice: ctx.notice }, body);
}

export function sourcesPage(sources: Source[], ctx: SiteContext): Html {
  const body = html`<h1>Sources</h1>
${sources.length === 0 ? html`<p>No sources yet.</p>` : html`<table><caption class="skip">Followed sources</caption><thead><tr><th scope="col">Source</th><th scope="col">Last fetched</th><th scope="col">Status</th></tr></thead><tbody>
${sources.map((s) => html`<tr><td>${s.outlet ?? s.title ?? s.url}<br><small>${s.url}</small></td><td>${fmtDate(s.lastFetchedAt)}</td><td>${s.failures > 0 ? html`<strong>failing (${s.failures})</strong>: ${s.lastError}` : 'ok'}</td></tr>`)}
</tbody></table>`}`;
  return layout({ title: 'Sources · Sitrep', canonical: `${ctx.baseUrl}/sources`, notice: ctx.notice }, body);
}

export function notFoundPage(ctx: SiteContext, what = 'Page'): Html {
  return layout({ title: 'Not found · Sitrep', notice: ctx.notice }, html`<h1>${what} not found</h1><p><a href="/">Back to the latest stories</a></p>`);
}
