import type { Briefing, Entity } from '../model/index.js';
import type { StoredArticle, StoryEntityRow, StorySearchDoc } from '../store/index.js';
import { mergeStoryEntities } from '../stories/index.js';
import { slugify } from './slug.js';
import { spellingKey } from '../analyze/spelling.js';

/** At most this many entities per story get rows (entity pages, search filter): the rest are noise. */
const MAX_ENTITIES = 60;

/**
 * What entity pages and search need from one story: its merged entities with mentions per day and
 * the quotes attributed to each, and the text the story is found by.
 */
export function storyIndex(briefing: Briefing, articles: StoredArticle[], storyEntities?: Entity[]): { entities: StoryEntityRow[]; doc: StorySearchDoc } {
  const analysed = articles.filter((a) => a.analysis);
  // The caller usually has the story's merged entities already (for related stories).
  const merged = (storyEntities ?? mergeStoryEntities(analysed.map((a) => a.analysis!.entities))).filter((e) => e.type !== 'OTHER' && e.mentions >= 1);
  const byForm = new Map<string, Entity>();
  // A name maps to the entity of that name before any entity that lists it as an alias.
  for (const e of merged) if (!byForm.has(e.name)) byForm.set(e.name, e);
  for (const e of merged) for (const f of e.aliases) if (!byForm.has(f)) byForm.set(f, e);
  const rows = new Map<Entity, StoryEntityRow>();
  const rowOf = (e: Entity): StoryEntityRow => {
    let r = rows.get(e);
    if (!r) {
      r = { storyId: briefing.storyId, slug: slugify(e.name), key: `${e.type}:${spellingKey(e.name)}`, name: e.name, type: e.type, roles: e.roles, aliases: e.aliases, mentions: e.mentions, days: {}, quotes: [] };
      rows.set(e, r);
    }
    return r;
  };
  for (const e of merged.slice(0, MAX_ENTITIES)) rowOf(e);
  for (const a of analysed) {
    const day = (a.published ?? a.fetchedAt).slice(0, 10);
    for (const e of a.analysis!.entities) {
      const target = byForm.get(e.name);
      const r = target && rows.get(target);
      if (r) r.days[day] = (r.days[day] ?? 0) + e.mentions;
    }
    for (const q of a.analysis!.quotes) {
      if (!q.direct || q.partial || !q.speaker) continue;
      const target = byForm.get(q.speaker);
      const r = target && rows.get(target);
      if (r && !r.quotes.some((x) => x.quote === q.text)) r.quotes.push({ quote: q.text, role: q.speakerRole, published: a.published, articleId: a.id });
    }
  }
  // Two entities with the same slug in one story (e.g. "Kyiv" the place and "KYIV" the org) share a row.
  const bySlug = new Map<string, StoryEntityRow>();
  for (const r of rows.values()) if (r.slug && !bySlug.has(r.slug)) bySlug.set(r.slug, r);
  const b = briefing;
  const body = [
    ...b.background.map((c) => c.text),
    ...b.timeline.map((t) => t.text),
    ...b.statements.map((s) => `${s.quote} ${s.speaker}`),
    ...b.analysis.map((c) => c.text),
    ...b.conclusion.map((c) => c.text),
  ].join('\n');
  const names = [...merged.slice(0, MAX_ENTITIES).flatMap((e) => [e.name, ...e.aliases]), ...b.tags, ...b.keywords, ...articles.slice(-200).map((a) => a.title ?? '')].join('\n');
  return { entities: [...bySlug.values()], doc: { headline: `${b.headline}\n${b.altHeadline}`, summary: b.summary, body, names } };
}
