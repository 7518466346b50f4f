import { html } from 'hono/html';
import { layout, type Html } from './layout.js';
import { openApiDocument } from './openapi.js';

// A readable page for the JSON API, generated on the server from the same OpenAPI document that
// /api/v1/openapi.json serves: no script, no CDN, nothing for the CSP to let through.

interface Param {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: { type?: string | string[]; enum?: string[]; minimum?: number; maximum?: number; maxLength?: number; default?: unknown; format?: string };
}
interface Operation {
  summary?: string;
  security?: unknown[];
  parameters?: Param[];
  responses?: Record<string, { description?: string }>;
}

function typeOf(p: Param): string {
  const s = p.schema ?? {};
  const type = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'string');
  const notes = [
    s.format,
    s.enum ? `one of ${s.enum.join(', ')}` : null,
    s.minimum !== undefined && s.maximum !== undefined ? `${s.minimum}–${s.maximum}` : null,
    s.maxLength !== undefined ? `at most ${s.maxLength} characters` : null,
    s.default !== undefined ? `default ${String(s.default)}` : null,
  ].filter(Boolean);
  return notes.length ? `${type} (${notes.join('; ')})` : type;
}

export function apiDocsPage(baseUrl: string, notice: string | null): Html {
  const doc = openApiDocument() as { info: { title: string; version: string; description: string }; paths: Record<string, Record<string, Operation>> };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  // GET and POST of one path are two sections: the method is part of the anchor.
  const anchor = (o: { path: string; method: string }) => `op-${o.method === 'GET' ? '' : `${o.method.toLowerCase()}-`}${o.path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`;
  const example = (o: { path: string; method: string; op: Operation }) => {
    const path = o.path.replace('/watches/{id}', '/watches/1').replace('{id}', 'STORY-SLUG').replace('{v}', '1').replace('{slug}', 'ENTITY-SLUG');
    const auth = o.op.security ? ' -H "Authorization: Bearer $SITREP_API_TOKEN"' : '';
    const method = o.method === 'GET' ? '' : ` -X ${o.method}`;
    const body = o.method === 'POST' ? ` -H 'content-type: application/json' -d '{"name": "Talks", "entities": ["Karvenia"], "query": "ceasefire"}'` : '';
    return `curl${method}${auth}${body} ${baseUrl}${path}${o.path.endsWith('/search') ? '?q=ceasefire' : ''}`;
  };
  const body = html`<h1>${doc.info.title} <small class="meta">version ${doc.info.version}</small></h1>
<p>${doc.info.description}</p>
<p>Every answer is JSON. Lists are paged with <code>limit</code> and the <code>nextCursor</code> of the previous page; errors come as <code>{"error": {"code", "message"}}</code> with a 4xx status. The machine-readable description is <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<nav aria-label="Endpoints"><ul>${ops.map((o) => html`<li><a href="#${anchor(o)}"><code>${o.method} ${o.path}</code></a>: ${o.op.summary ?? ''}</li>`)}</ul></nav>
${ops.map(
  (o) => html`<section class="api-op" aria-labelledby="${anchor(o)}"><h2 id="${anchor(o)}"><span class="method">${o.method}</span><code>${o.path}</code></h2>
<p>${o.op.summary ?? ''}</p>
${o.op.parameters?.length ? html`<table><caption class="skip">Parameters of ${o.path}</caption><thead><tr><th scope="col">Parameter</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead><tbody>${o.op.parameters.map((p) => html`<tr><td><code>${p.name}</code>${p.required ? html` <strong>required</strong>` : ''}</td><td>${p.in}</td><td>${typeOf(p)}</td><td>${p.description ?? ''}</td></tr>`)}</tbody></table>` : html`<p class="meta">No parameters.</p>`}
<p><strong>Responses:</strong> ${Object.entries(o.op.responses ?? {}).map(([code, r], i) => html`${i ? '; ' : ''}<code>${code}</code> ${r.description ?? ''}`)}</p>
${o.op.security ? html`<p class="meta">Needs <code>Authorization: Bearer</code> with the server's <code>SITREP_API_TOKEN</code>.</p>` : ''}
<p class="meta">Example: <code>${example(o)}</code></p></section>`,
)}`;
  return layout({ title: `${doc.info.title} · Sitrep`, description: 'The Sitrep JSON API: stories, briefings, versions, search, entities and sources.', canonical: `${baseUrl}/api`, notice }, body);
}
