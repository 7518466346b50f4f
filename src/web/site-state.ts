import type { Briefing, Story } from '../model/index.js';
import { newestFirst, type Store } from '../store/index.js';
import { PageCache, RecentPages } from './page-cache.js';
import { sectionSlug, tagSlug } from './pages.js';

/**
 * What the public site shows, built once per store generation (a counter every publishing write
 * bumps) and shared by all requests until the next change; rendered pages are cached alongside.
 */
export interface SiteState {
  generation: number;
  /** Latest briefing per story as written (hidden stories included): the admin's view. */
  written: Map<string, Briefing>;
  /** Public briefings, newest first: hidden and merged stories left out, editors' headlines applied. */
  briefings: Briefing[];
  byStory: Map<string, Briefing>;
  stories: Map<string, Story>;
  bySlug: Map<string, Story>;
  sections: { slug: string; label: string }[];
  /** Public stories per tag slug. */
  tagStories: Map<string, number>;
  lastModified: string;
  pages: PageCache;
  /** Rendered search results, most recently asked kept (a spike's searches repeat). */
  searches: RecentPages;
  /** SQLite: public briefings by search row, read on this view's first search (see `searchStoryRows`). */
  byRow?: Promise<Map<number, Briefing>>;
}

/** Briefings a rebuild reads and parses between two looks at the event loop. */
const BODIES_AT_ONCE = 25;

/** Let the event loop run what is waiting (I/O, timers) before going on. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The site's view at `generation`. Given the view built at an earlier generation, only the briefings
 * written since are read (the stories' own rows are read again, without their articles or clustering state): after an ingest run that
 * rewrote five briefings of 2,777, the view is rebuilt in a few tens of milliseconds, not several
 * hundred, and the cost no longer grows with the number of stories' briefings.
 */
export async function buildState(store: Store, generation: number, previous: SiteState | null = null): Promise<SiteState> {
  // SQLite answers synchronously, so a rebuild would hold the event loop from its first read to its
  // last: it steps aside between its parts, and requests answered from the current view go first.
  let changed: Briefing[];
  if (previous) {
    // A busy writer can have rewritten hundreds of briefings since the last view: they are read and
    // parsed a few dozen at a time.
    const keys = await store.briefingKeysWrittenAfter(previous.generation);
    changed = [];
    for (let i = 0; i < keys.length; i += BODIES_AT_ONCE) {
      await yieldToLoop();
      changed.push(...(await store.briefingBodies(keys.slice(i, i + BODIES_AT_ONCE))));
    }
  } else changed = await store.latestBriefings();
  const storyList: Story[] = [];
  for await (const page of store.storyHeadPages()) {
    await yieldToLoop();
    storyList.push(...page);
  }
  await yieldToLoop();
  const stories = new Map(storyList.map((s) => [s.id, s]));
  const written = new Map(previous?.written);
  for (const b of changed) if ((written.get(b.storyId)?.version ?? -1) <= b.version) written.set(b.storyId, b);
  await yieldToLoop();
  // Newest first, in the order the store gives a full read (localeCompare cost a third of the
  // rebuild on 8,000 briefings).
  const latest = previous ? [...written.values()].sort(newestFirst) : changed;
  await yieldToLoop();
  const briefings = latest
    .filter((b) => stories.has(b.storyId) && !stories.get(b.storyId)!.hidden && stories.get(b.storyId)!.status !== 'merged')
    .map((b) => {
      const o = stories.get(b.storyId)!.headlineOverride;
      return o ? { ...b, headline: o } : b;
    });
  await yieldToLoop();
  const tagStories = countTags(briefings);
  await yieldToLoop();
  const sections = new Map<string, string>();
  for (const b of briefings) for (const [slug, label] of slugsOf(b).sections) sections.set(slug, label);
  const newest = briefings.reduce((m, b) => (b.updatedAt > m ? b.updatedAt : m), '');
  return {
    generation,
    written,
    briefings,
    byStory: new Map(briefings.map((b) => [b.storyId, b])),
    stories,
    bySlug: new Map(storyList.map((s) => [s.slug, s])),
    sections: [...sections].map(([slug, label]) => ({ slug, label })).sort((a, b) => a.label.localeCompare(b.label)),
    tagStories,
    lastModified: (newest ? new Date(newest) : store.clock()).toUTCString(),
    pages: new PageCache(),
    searches: new RecentPages(),
  };
}

/**
 * A briefing as the public may see it: related stories an editor has hidden (or that merged away)
 * since it was written are left out, the others show their current headline. Pages and the API alike.
 */
export function publicBriefing(s: SiteState, b: Briefing): Briefing {
  const related = b.related.flatMap((r) => {
    const other = s.byStory.get(r.storyId);
    return other ? [{ ...r, headline: other.headline }] : [];
  });
  return { ...b, related };
}

function countTags(briefings: Briefing[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of briefings) for (const t of slugsOf(b).tags) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}

// A briefing's tag slugs and section prefixes, worked out once: briefings are immutable, and each
// rebuild of the view would otherwise slug every tag of every story again.
const slugCache = new WeakMap<Briefing, { tags: Set<string>; sections: [string, string][] }>();
function slugsOf(b: Briefing): { tags: Set<string>; sections: [string, string][] } {
  let v = slugCache.get(b);
  if (!v) {
    const sections: [string, string][] = [];
    for (let i = 1; i <= b.section.length; i++) {
      const part = b.section.slice(0, i);
      sections.push([sectionSlug(part), part.join(' › ')]);
    }
    v = { tags: new Set(b.tags.map(tagSlug)), sections };
    slugCache.set(b, v);
  }
  return v;
}

/**
 * Where a merged story's addresses now lead: the story that took its articles, or null for a story
 * not merged. One hop: the store points earlier merges at the latest survivor (Store.mergeStory).
 */
export function movedTo(s: SiteState, story: Story): Story | null {
  if (story.status !== 'merged' || !story.mergedInto) return null;
  const to = s.stories.get(story.mergedInto);
  return to && to.status !== 'merged' && !to.hidden ? to : null;
}
