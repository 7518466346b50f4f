import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageMeta {
  title: string;
  description?: string;
  canonical?: string;
  jsonLd?: unknown;
  ogType?: string;
  notice?: string | null;
  /** Feeds for this page (default: the site's); each offered as RSS, Atom and JSON Feed under `base`. */
  feedBase?: { title: string; path: string };
  /** Paging links for <link rel=prev/next>. */
  prev?: string | null;
  next?: string | null;
  noindex?: boolean;
  /** Text for og:title and twitter:title when it differs from <title>. */
  shareTitle?: string;
  /** A wider main column (tables of the admin). */
  wide?: boolean;
}

export const SITE_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--accent:#0b5cad;--bg:#fff;--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}body{margin:0;font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
header.site{border-bottom:1px solid var(--line);padding:12px 20px;display:flex;gap:20px;align-items:center;flex-wrap:wrap}
header.site .brand{font-weight:700;font-size:1.25rem;text-decoration:none;color:var(--fg)}
header.site nav a{margin-right:14px}
header.site form{margin-left:auto}
input[type=search]{font:inherit;padding:4px 8px;border:1px solid var(--muted);border-radius:4px}
button{font:inherit;padding:4px 10px}
main{max-width:46rem;margin:0 auto;padding:20px}
h1{font-size:clamp(1.5rem,5.5vw,2.1rem);line-height:1.2}
main.wide{max-width:72rem}
.notice{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;font-size:.9rem}
.section-path{color:var(--muted);font-size:.9rem}
.alt{color:var(--muted);font-size:1.1rem;margin-top:-8px}
.summary{font-size:1.1rem}
sup a{text-decoration:none;font-size:.75rem}
ol.timeline{list-style:none;padding-left:0;border-left:3px solid var(--line)}
ol.timeline li{padding:0 0 12px 14px}
ol.timeline time{font-weight:600;display:block}
blockquote{margin:0 0 14px;padding:6px 14px;border-left:4px solid var(--accent);background:var(--soft)}
blockquote footer{color:var(--muted);font-size:.95rem}
.cards{list-style:none;padding:0}.cards li{border-bottom:1px solid var(--line);padding:12px 0}
.cards h2,.cards h3{margin:4px 0;font-size:1.2rem}
.meta{color:var(--muted);font-size:.9rem}
.tags a{display:inline-block;margin:0 6px 6px 0;padding:1px 8px;border:1px solid var(--line);border-radius:12px;text-decoration:none}
.shelf{border:1px solid var(--line);padding:10px 14px;background:var(--soft)}
.shelf .disclosure{color:var(--muted);font-size:.85rem}
.changes{border:1px solid var(--line);padding:8px 14px;margin:8px 0}.changes summary{cursor:pointer;font-weight:600}
.chart{margin:12px 0}.chart svg{max-width:100%;height:auto;font:12px system-ui,sans-serif;fill:#1b1f24}.chart figcaption{font-size:.9rem;color:var(--muted)}.chart details{overflow-x:auto}
time,time.dt span{white-space:nowrap}time.dt{white-space:normal}main code{overflow-wrap:anywhere}.url{overflow-wrap:anywhere}td{overflow-wrap:anywhere}
.key{margin-right:10px;white-space:nowrap}
.pager{display:flex;gap:16px;margin:16px 0}
mark{background:#fff3b0;color:inherit;padding:0 1px}
.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:end;margin-bottom:12px}.filters label{display:flex;flex-direction:column;font-size:.9rem}
input,select,textarea{font:inherit;padding:4px 6px;border:1px solid var(--muted);border-radius:4px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
.quotes li{margin-bottom:10px}
.status{font-size:.75rem;border:1px solid currentColor;border-radius:8px;padding:0 6px;white-space:nowrap;color:var(--muted)}.status-confirmed{color:#1a7f37}.status-disputed{color:#cf222e}
.error{border:1px solid #cf222e;padding:8px 12px;color:#a40e26}
.ok{border:1px solid #1a7f37;padding:8px 12px}
.inline{display:inline}
footer.site{border-top:1px solid var(--line);color:var(--muted);padding:16px 20px;font-size:.9rem}
.api-op{border-top:1px solid var(--line);padding:6px 0}.api-op code{overflow-wrap:anywhere}.method{font-weight:700;margin-right:6px}
@media (max-width:40rem){
header.site{padding:8px 12px;gap:4px 14px}header.site form{display:none}header.site nav a{margin-right:10px}
main{padding:12px 14px}
.chart svg{font-size:17px}
}
@media (max-width:30rem){.chart svg{font-size:21px}}
`;

export function layout(meta: PageMeta, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title}</title>
${meta.description ? html`<meta name="description" content="${meta.description}">` : ''}
${meta.canonical ? html`<link rel="canonical" href="${meta.canonical}">` : ''}
${meta.noindex ? html`<meta name="robots" content="noindex">` : ''}
${meta.prev ? html`<link rel="prev" href="${meta.prev}">` : ''}${meta.next ? html`<link rel="next" href="${meta.next}">` : ''}
<meta property="og:title" content="${meta.shareTitle ?? meta.title}">
<meta property="og:site_name" content="Sitrep">
${meta.canonical ? html`<meta property="og:url" content="${meta.canonical}">` : ''}
<meta property="og:type" content="${meta.ogType ?? 'website'}">
${meta.description ? html`<meta property="og:description" content="${meta.description}">` : ''}
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="${meta.shareTitle ?? meta.title}">
${meta.description ? html`<meta name="twitter:description" content="${meta.description}">` : ''}
<link rel="stylesheet" href="/static/site.css">
${feedLinks(meta.feedBase ?? { title: 'Sitrep', path: '' })}
${meta.jsonLd ? html`<script type="application/ld+json">${jsonForScript(meta.jsonLd)}</script>` : ''}
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="site">
<a class="brand" href="/">Sitrep</a>
<nav aria-label="Main"><a href="/">Home</a><a href="/search">Search</a><a href="/sources">Sources</a><a href="${meta.feedBase?.path ?? ''}/feed.xml">RSS</a></nav>
<form action="/search" method="get" role="search"><label for="site-q" class="skip">Search stories</label><input id="site-q" type="search" name="q" placeholder="Search stories"> <button type="submit">Search</button></form>
</header>
${meta.notice ? html`<p class="notice" role="note">${meta.notice}</p>` : ''}
<main id="content"${meta.wide ? html` class="wide"` : ''}>
${body}
</main>
<footer class="site"><p>Sitrep: every sentence of a briefing cites its sources. <a href="/sitemap.xml">Sitemap</a> · <a href="/api">API</a></p></footer>
</body>
</html>`;
}

function feedLinks(f: { title: string; path: string }): Html {
  return html`<link rel="alternate" type="application/rss+xml" title="${f.title} (RSS)" href="${f.path}/feed.xml">
<link rel="alternate" type="application/atom+xml" title="${f.title} (Atom)" href="${f.path}/atom.xml">
<link rel="alternate" type="application/feed+json" title="${f.title} (JSON Feed)" href="${f.path}/feed.json">`;
}

/** JSON inside <script>: escape what could close the element or open a comment. */
function jsonForScript(v: unknown): HtmlEscapedString {
  const s = JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return rawString(s);
}

function rawString(s: string): HtmlEscapedString {
  const r = new String(s) as HtmlEscapedString;
  r.isEscaped = true;
  return r;
}
