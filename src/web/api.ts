import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { Briefing } from '../model/index.js';
import type { Store } from '../store/index.js';
import { openApiDocument } from './openapi.js';
import { movedTo, publicBriefing, type SiteState } from './site-state.js';
import { snippetFor } from './snippet.js';

export interface SearchInput {
  q: string;
  section: string;
  from: string;
  to: string;
  entity: string;
}

/** The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json): cursor paging, validated input, JSON errors. */
export function registerApi(
  app: Hono,
  store: Store,
  current: () => Promise<SiteState>,
  runSearch: (s: SiteState, p: SearchInput) => Promise<Briefing[]>,
  searchQuery: z.ZodType<SearchInput>,
): void {
  const apiError = (c: Context, status: 400 | 404, code: string, message: string) => c.json({ error: { code, message } }, status);
  const summary = (s: SiteState, b: Briefing) => ({ id: b.storyId, slug: s.stories.get(b.storyId)?.slug, headline: b.headline, summary: b.summary, section: b.section, version: b.version, updatedAt: b.updatedAt, sources: b.sources.length, url: `/stories/${s.stories.get(b.storyId)?.slug}` });
  /** A page of `list` after the item named by `cursor` (a story id). */
  const pageOf = (c: Context, list: Briefing[]): { page: Briefing[]; next: string | null } | Response => {
    const limit = Number(c.req.query('limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return apiError(c, 400, 'bad_limit', 'limit must be an integer from 1 to 100');
    const cursor = c.req.query('cursor');
    let rest = list;
    if (cursor) {
      const at = list.findIndex((b) => b.storyId === cursor);
      if (at < 0) return apiError(c, 400, 'bad_cursor', 'cursor does not name a story in this listing');
      rest = list.slice(at + 1);
    }
    const page = rest.slice(0, limit);
    return { page, next: rest.length > limit ? page[page.length - 1]!.storyId : null };
  };

  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/api/v1/stories', async (c) => {
    const s = await current();
    const r = pageOf(c, s.briefings);
    if (r instanceof Response) return r;
    return c.json({ stories: r.page.map((b) => summary(s, b)), nextCursor: r.next });
  });
  const storyOf = async (c: Context) => {
    const s = await current();
    const story = s.bySlug.get(c.req.param('id') ?? '') ?? s.stories.get(c.req.param('id') ?? '');
    return story && !story.hidden ? { s, story } : null;
  };
  app.get('/api/v1/stories/:id', async (c) => {
    const found = await storyOf(c);
    if (!found) return apiError(c, 404, 'not_found', 'no such story');
    // A merged story leads to the story that took its articles; its own versions stay readable.
    const moved = movedTo(found.s, found.story);
    if (moved) return c.redirect(`/api/v1/stories/${moved.id}`, 301);
    const b = found.s.byStory.get(found.story.id);
    return b ? c.json(publicBriefing(found.s, b)) : apiError(c, 404, 'not_found', 'story has no briefing yet');
  });
  app.get('/api/v1/stories/:id/versions', async (c) => {
    const found = await storyOf(c);
    if (!found) return apiError(c, 404, 'not_found', 'no such story');
    return c.json({ versions: await store.briefingVersions(found.story.id) });
  });
  app.get('/api/v1/stories/:id/versions/:v', async (c) => {
    const found = await storyOf(c);
    const v = Number(c.req.param('v'));
    if (!found) return apiError(c, 404, 'not_found', 'no such story');
    if (!Number.isInteger(v) || v < 1) return apiError(c, 400, 'bad_version', 'version must be a positive integer');
    const b = await store.briefingVersion(found.story.id, v);
    return b ? c.json(publicBriefing(found.s, b)) : apiError(c, 404, 'not_found', 'no such version');
  });
  app.get('/api/v1/entities', async (c) => {
    const s = await current();
    const limit = Number(c.req.query('limit') ?? 50);
    const offset = Number(c.req.query('cursor') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return apiError(c, 400, 'bad_limit', 'limit must be an integer from 1 to 200');
    if (!Number.isInteger(offset) || offset < 0) return apiError(c, 400, 'bad_cursor', 'cursor must be the nextCursor of the previous page');
    const type = c.req.query('type');
    if (type && !['PERSON', 'ORG', 'PLACE'].includes(type)) return apiError(c, 400, 'bad_type', 'type must be PERSON, ORG or PLACE');
    // Totals over public stories, most mentioned first.
    const totals = new Map<string, { slug: string; name: string; type: string; mentions: number; stories: number }>();
    for (const r of await store.entityRows(type ? { type } : {})) {
      if (!s.byStory.has(r.storyId)) continue;
      const t = totals.get(r.slug) ?? { slug: r.slug, name: r.name, type: r.type, mentions: 0, stories: 0 };
      t.mentions += r.mentions;
      t.stories++;
      totals.set(r.slug, t);
    }
    const list = [...totals.values()].sort((a, b) => b.mentions - a.mentions || a.slug.localeCompare(b.slug));
    const page = list.slice(offset, offset + limit).map((e) => ({ ...e, url: `/entities/${e.slug}` }));
    return c.json({ entities: page, nextCursor: offset + limit < list.length ? String(offset + limit) : null });
  });
  app.get('/api/v1/entities/:slug', async (c) => {
    const s = await current();
    const rows = (await store.entityRows({ slug: c.req.param('slug') })).filter((r) => s.byStory.has(r.storyId));
    if (!rows.length) return apiError(c, 404, 'not_found', 'no such entity');
    const main = rows[0]!;
    return c.json({
      slug: main.slug,
      name: main.name,
      type: main.type,
      roles: [...new Set(rows.flatMap((r) => r.roles))],
      aliases: [...new Set(rows.flatMap((r) => r.aliases))],
      mentions: rows.reduce((n, r) => n + r.mentions, 0),
      stories: rows.map((r) => ({ ...summary(s, s.byStory.get(r.storyId)!), mentions: r.mentions, quotes: r.quotes })),
    });
  });
  app.get('/api/v1/search', async (c) => {
    const s = await current();
    const parsed = searchQuery.safeParse(c.req.query());
    if (!parsed.success) return apiError(c, 400, 'bad_query', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (!Object.values(parsed.data).some(Boolean)) return apiError(c, 400, 'bad_query', 'give q, section, from, to or entity');
    const r = pageOf(c, await runSearch(s, parsed.data));
    if (r instanceof Response) return r;
    const snippet = snippetFor(parsed.data.q);
    // The snippet is plain text with the matches marked by « and » (no markup to escape or trust).
    return c.json({ stories: r.page.map((b) => ({ ...summary(s, b), snippet: snippet(b)?.replace(/\u0002/g, '«').replace(/\u0003/g, '»') ?? null })), nextCursor: r.next });
  });
  app.get('/api/v1/sources', async (c) => c.json({ sources: await store.listSources() }));
  app.get('/api/v1/stats', async (c) => c.json(await store.stats()));
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `no API route ${c.req.method} ${c.req.path}`));
}
