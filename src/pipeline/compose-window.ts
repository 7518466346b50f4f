// What a new version of a long story is composed from: a bounded window of its articles, so that
// composing a story of 20,000 reports costs what one of a few hundred does, in time and memory.
import type { ArticleHead, Briefing } from '../model/index.js';
import { fnv1a } from '../text/fnv.js';

/** Articles a briefing is composed from, at most (SITREP_COMPOSE_MAX_ARTICLES). */
export const COMPOSE_MAX_ARTICLES = 600;
/**
 * Bytes of stored text and analysis a briefing is composed from, at most (SITREP_COMPOSE_MAX_MB):
 * a count alone bounds nothing when one report is a 500 KB transcript. Parsed, stored bytes take
 * about twice their size in the heap, so 32 MB keeps one story's read near 70 MB; 600 reports of
 * ordinary length (about 20 KB each) stay under it.
 */
export const COMPOSE_MAX_BYTES = 32 << 20;

/** The whole story's coverage, as the briefing's deck states it, however few articles were read. */
export interface Coverage {
  articles: number;
  outlets: number;
  first: string | null;
  last: string | null;
}

export function coverageOf(heads: ArticleHead[]): Coverage {
  const days = heads.map((h) => (h.published ?? h.fetchedAt).slice(0, 10)).sort();
  return { articles: heads.length, outlets: new Set(heads.map((h) => h.outlet).filter(Boolean)).size, first: days[0] ?? null, last: days[days.length - 1] ?? null };
}

/** The articles a briefing cites in its sections (not the whole source list). */
export function citedIn(b: Briefing | null | undefined): Set<string> {
  const out = new Set<string>();
  if (!b) return out;
  for (const part of [b.background, b.timeline, b.analysis, b.conclusion] as { sources?: string[] }[][]) for (const c of part ?? []) for (const id of c.sources ?? []) out.add(id);
  for (const s of b.statements ?? []) for (const id of s.sources ?? []) out.add(id);
  return out;
}

/** Whether a story's articles exceed what one version may be composed from. */
export const needsWindow = (heads: ArticleHead[], cap: number = COMPOSE_MAX_ARTICLES, budget: number = COMPOSE_MAX_BYTES) =>
  heads.length > cap || heads.reduce((n, h) => n + h.bytes, 0) > budget;

/**
 * Picks articles into a window in the order offered, within a count and a byte budget: one that
 * would overrun the budget is passed over for the next, but the first is always taken.
 */
function windowPicker(cap: number, budget: number) {
  const chosen = new Set<string>();
  let used = 0;
  return {
    chosen,
    take(h: ArticleHead): boolean {
      if (chosen.size >= cap || chosen.has(h.id) || (used + h.bytes > budget && chosen.size > 0)) return false;
      chosen.add(h.id);
      used += h.bytes;
      return true;
    },
  };
}

const timeOf = (h: ArticleHead) => h.published ?? h.fetchedAt;
const inTimeOrder = (heads: ArticleHead[]) => [...heads].sort((a, b) => timeOf(a).localeCompare(timeOf(b)) || a.id.localeCompare(b.id));

/**
 * The ids of a story's articles a version is composed from: all of them up to `cap` articles and
 * `budget` bytes; beyond that the newest half of the window (what is new), the earliest twentieth
 * (how it began: background), what the previous version cites that is still in the story (up to a
 * quarter: continuity), then one article a day over the rest of its life (so the timeline spans it
 * all), then a stable sample (by FNV-1a of the id, the same on every run). An article that would
 * overrun the budget is passed over for the next; the newest is always read.
 */
export function composeWindow(heads: ArticleHead[], cited: Set<string>, cap: number = COMPOSE_MAX_ARTICLES, budget: number = COMPOSE_MAX_BYTES): string[] {
  if (!needsWindow(heads, cap, budget)) return heads.map((h) => h.id);
  // The window's length in reports: the cap, or what the budget holds of reports of the story's
  // median size, whichever is less; its shares (newest half, first twentieth, …) are shares of that.
  // (The median, not the mean: three transcripts among fifty short reports should cost the window
  // the transcripts, not two thirds of the reports.)
  const sizes = heads.map((h) => h.bytes).sort((a, b) => a - b);
  cap = Math.max(1, Math.min(cap, Math.floor(budget / Math.max(1, sizes[sizes.length >> 1]!))));
  const day = (h: ArticleHead) => timeOf(h).slice(0, 10);
  const byTime = inTimeOrder(heads);
  const { chosen, take } = windowPicker(cap, budget);
  for (const h of byTime.slice(-Math.floor(cap / 2)).reverse()) take(h);
  for (const h of byTime.slice(0, Math.max(1, Math.floor(cap / 20)))) take(h);
  let kept = 0;
  for (const h of byTime) if (cited.has(h.id) && !chosen.has(h.id) && kept < Math.floor(cap / 4) && take(h)) kept++;
  const seenDay = new Set([...byTime.filter((h) => chosen.has(h.id)).map(day)]);
  for (const h of [...byTime].sort((a, b) => fnv1a(a.id) - fnv1a(b.id))) {
    if (chosen.size >= cap) break;
    if (!seenDay.has(day(h))) {
      seenDay.add(day(h));
      take(h);
    }
  }
  for (const h of [...byTime].sort((a, b) => fnv1a(a.id) - fnv1a(b.id))) if (!take(h) && chosen.size >= cap) break;
  return byTime.filter((h) => chosen.has(h.id)).map((h) => h.id);
}

/**
 * Reports of a story past which its next version is composed as an update of the last one
 * (SITREP_COMPOSE_UPDATE_ARTICLES): from what is new since then and the reports the last version
 * cites, not from a fresh window of the whole story.
 */
export const COMPOSE_UPDATE_ARTICLES = 200;
/** The newest reports an update reads at least, so that one new report is weighed among its peers. */
const UPDATE_MIN_NEWEST = 40;
/** The story's first reports an update reads (how it began, for the background). */
const UPDATE_FIRST = 10;

/** What an update carries over from the story's last version. */
export interface LastVersion {
  /** The articles it was composed from. */
  read: Set<string>;
  /** The articles it cites in its sections: its timeline, statements, background and analysis so far. */
  cited: Set<string>;
  /** When it was composed (its updatedAt), or null where unknown. */
  composedAt: string | null;
}

/**
 * The ids of a long story's articles its next version is composed from, as an update of the last:
 * the reports new since it (not read by it, and no older than the newest it read or fetched since it
 * was composed), or the newest 40 where fewer are new; every report it cites that is still in the
 * story (its timeline, statements, background and analysis so far, which compete with the new
 * reports as they did before); and the story's first ten. At most `cap` articles and `budget` bytes:
 * up to half of them new (newest first), then the cited (newest first), the first ten, and more new
 * reports where room is left. The cost of a version follows what is new and what the last one holds, not the
 * story's length. Null where the story is short enough to be composed whole (at most `updateCap`
 * reports and within the budget) or there is no last version to update.
 */
export function updateWindow(heads: ArticleHead[], last: LastVersion | null, updateCap: number = COMPOSE_UPDATE_ARTICLES, cap: number = COMPOSE_MAX_ARTICLES, budget: number = COMPOSE_MAX_BYTES): string[] | null {
  if (!last || last.read.size === 0 || !needsWindow(heads, updateCap, budget)) return null;
  const byTime = inTimeOrder(heads);
  const newestRead = byTime.reduce((m, h) => (last.read.has(h.id) && timeOf(h) > m ? timeOf(h) : m), '');
  const { chosen, take } = windowPicker(cap, budget);
  const newest = [...byTime].reverse();
  // New: not read by the last version, and no older than the newest it read or fetched since it
  // was composed (a report that arrives late with an early date).
  const fresh = newest.filter((h) => !last.read.has(h.id) && (timeOf(h) >= newestRead || (last.composedAt !== null && h.fetchedAt >= last.composedAt)));
  let taken = 0;
  for (const h of fresh) if (taken < Math.floor(cap / 2) && take(h)) taken++;
  for (const h of newest) {
    if (chosen.size >= UPDATE_MIN_NEWEST) break;
    take(h);
  }
  for (const h of newest) if (last.cited.has(h.id)) take(h);
  for (const h of byTime.slice(0, UPDATE_FIRST)) take(h);
  // A flood of new reports fills what the cited ones left.
  for (const h of fresh) if (!take(h) && chosen.size >= cap) break;
  return byTime.filter((h) => chosen.has(h.id)).map((h) => h.id);
}

/** A count of articles from the environment: a whole number of at least 50, else the default. */
const articlesFromEnv = (raw: string | undefined, fallback: number): number => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 50 ? n : fallback;
};

export const composeUpdateCapFromEnv = (env: NodeJS.ProcessEnv = process.env): number => articlesFromEnv(env.SITREP_COMPOSE_UPDATE_ARTICLES, COMPOSE_UPDATE_ARTICLES);

export const composeCapFromEnv = (env: NodeJS.ProcessEnv = process.env): number => articlesFromEnv(env.SITREP_COMPOSE_MAX_ARTICLES, COMPOSE_MAX_ARTICLES);

export function composeBudgetFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.SITREP_COMPOSE_MAX_MB);
  return Number.isFinite(mb) && mb >= 1 ? Math.round(mb * (1 << 20)) : COMPOSE_MAX_BYTES;
}
