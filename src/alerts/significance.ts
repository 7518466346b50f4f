import type { Briefing, Statement, TimelineEntry, WatchCriteria } from '../model/index.js';
import { newInVersion } from '../compose/index.js';

/**
 * How much a new briefing version matters to a watchlist, and why, in words. Each signal adds a
 * bounded amount, so no single kind of change (forty reprints, a long quote) can carry an update past
 * a threshold alone unless it is the kind that should (a new development, a watched person speaking).
 *
 * | signal                                   | points                  |
 * |------------------------------------------|-------------------------|
 * | a new story that matches                 | 2                       |
 * | a new dated development                  | 1 each, at most 3       |
 * | a new statement by a watched person      | 2 each, at most 4       |
 * | a new statement by anyone else           | 0.5 each, at most 1     |
 * | a new independent origin                 | 0.5 each, at most 1.5   |
 * | a new disagreement between sources       | 2 each, at most 4       |
 * | coverage at least doubled (3+ new)       | 1.5                     |
 * | escalation words in what is new          | 1                       |
 * | resolution words in what is new          | 1                       |
 */
export const SIGNIFICANCE_WEIGHTS = {
  newStory: 2,
  development: 1,
  developmentCap: 3,
  watchedStatement: 2,
  watchedStatementCap: 4,
  statement: 0.5,
  statementCap: 1,
  origin: 0.5,
  originCap: 1.5,
  disagreement: 2,
  disagreementCap: 4,
  coverageJump: 1.5,
  escalation: 1,
  resolution: 1,
} as const;

/** The threshold a watchlist has unless it names one: two new developments, or one and a new voice. */
export const DEFAULT_MIN_SCORE = 2;

// Word families, matched on what is new in a version only (its new developments and statements, and
// a changed headline). Stems with their inflections; the briefing's own language is English.
const ESCALATION = /\b(attack(?:s|ed|ing)?|strikes?|struck|shell(?:s|ed|ing)|bomb(?:s|ed|ing)|missiles?|drones?|offensive|invasion|invad(?:e|ed|es|ing)|evacuat(?:e|ed|es|ing|ion|ions)|explosions?|killed|deaths?|dead|casualt(?:y|ies)|emergency|suspend(?:s|ed|ing)?|collaps(?:e|ed|es|ing)|escalat(?:e|ed|es|ing|ion))\b/gi;
const RESOLUTION = /\b(ceasefires?|cease-fires?|truce|armistice|agreements?|agreed|agrees?|deals?|accords?|exchanges?|exchanged|swaps?|swapped|releas(?:e|ed|es)|resum(?:e|ed|es|ing)|reopen(?:s|ed|ing)?|restored|lifted|peace|approv(?:e|ed|es|al))\b/gi;

export interface Significance {
  score: number;
  reasons: string[];
  developments: TimelineEntry[];
  statements: Statement[];
}

const norm = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Whether `name` names the entity called `candidate`: the same words, or a run of its words
 * ("Halvorsen" for "Erik Halvorsen"), compared without case or diacritics.
 */
export function namesMatch(name: string, candidate: string): boolean {
  const a = norm(name).split(' ').filter(Boolean);
  const b = norm(candidate).split(' ').filter(Boolean);
  if (a.length === 0 || a.length > b.length) return false;
  for (let i = 0; i + a.length <= b.length; i++) if (a.every((w, j) => b[i + j] === w)) return true;
  return false;
}

/** A section as people write it ("News/Russia", "News › Russia"), as its parts. */
export const sectionParts = (s: string): string[] => s.split(/\s*(?:\/|›|>)\s*/).filter(Boolean);

/** A section given as "News/Russia", "News › Russia" or ["News", "Russia"], as comparable words. */
export function sectionPath(s: string | string[]): string[] {
  return (Array.isArray(s) ? s : sectionParts(s)).map((p) => norm(p)).filter(Boolean);
}

export interface MatchContext {
  /** The story's entities: names and aliases (from the story's entity index). */
  entities: { name: string; aliases: string[] }[];
  /** Whether the watchlist's words find the story in the site's search (null: no words). */
  queryHit: boolean | null;
  /** The story ids the watchlist's story stands for (itself, and the story it merged into). */
  storyIds: Set<string> | null;
}

/** Whether a briefing is one the watchlist follows: every kind of criterion given holds. */
export function matchesWatch(c: WatchCriteria, b: Briefing, ctx: MatchContext): boolean {
  if (c.story && !ctx.storyIds?.has(b.storyId)) return false;
  if (c.section) {
    const want = sectionPath(c.section);
    const have = sectionPath(b.section);
    if (want.length > have.length || want.some((w, i) => have[i] !== w)) return false;
  }
  if (c.query && !ctx.queryHit) return false;
  if (c.entities.length && !c.entities.some((n) => ctx.entities.some((e) => namesMatch(n, e.name) || e.aliases.some((a) => namesMatch(n, a))))) return false;
  return !!(c.story || c.section || c.query || c.entities.length);
}

/** An outlet's name, or the host of its address. */
const outletOf = (s: { outlet: string | null; url: string }) => {
  if (s.outlet) return s.outlet;
  try {
    return new URL(s.url).hostname;
  } catch {
    return s.url;
  }
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const list = (xs: string[], max = 3) => (xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', '));

/** The words of a family found in the texts, each once, in the order met. */
function wordsOf(re: RegExp, texts: string[]): string[] {
  // One word per stem ("shelling" and "shells" are one signal, shown once).
  const found = new Map<string, string>();
  for (const t of texts) for (const m of t.matchAll(re)) {
    const w = m[0].toLowerCase();
    const stem = w.slice(0, 5);
    if (!found.has(stem)) found.set(stem, w);
  }
  return [...found.values()];
}

/**
 * Score `next` against the version before it (`prev`, null for a story's first version) for a
 * watchlist that follows the people in `watched`. Reasons read like "2 new developments; new
 * statement by Ilse Varga (foreign minister); 3 new outlets (…)".
 */
export function scoreUpdate(prev: Briefing | null, next: Briefing, watched: string[] = []): Significance {
  const W = SIGNIFICANCE_WEIGHTS;
  const reasons: string[] = [];
  let score = 0;
  if (!prev) {
    score += W.newStory;
    reasons.push('new story');
  }
  const { developments, statements } = newInVersion(prev, next);
  if (developments.length) {
    score += Math.min(developments.length * W.development, W.developmentCap);
    reasons.push(plural(developments.length, 'new development', 'new developments'));
  }

  const byWatched = statements.filter((q) => watched.some((n) => namesMatch(n, q.speaker)));
  const others = statements.filter((q) => !byWatched.includes(q));
  if (byWatched.length) {
    score += Math.min(byWatched.length * W.watchedStatement, W.watchedStatementCap);
    const speakers = [...new Set(byWatched.map((q) => (q.role ? `${q.speaker} (${q.role})` : q.speaker)))];
    reasons.push(`${byWatched.length === 1 ? 'new statement' : `${byWatched.length} new statements`} by ${list(speakers)}`);
  }
  if (others.length) {
    score += Math.min(others.length * W.statement, W.statementCap);
    const speakers = [...new Set(others.map((q) => q.speaker))];
    reasons.push(`${plural(others.length, 'new statement', 'new statements')} (${byWatched.length ? 'also ' : ''}by ${list(speakers)})`);
  }

  // Independent origins fold reprints of one wire story into one; outlets are what a reader knows.
  const oldSources = new Set(prev?.sources.map((s) => s.id) ?? []);
  const newSources = next.sources.filter((s) => !oldSources.has(s.id));
  if (prev) {
    const oldOutlets = new Set(prev.sources.map(outletOf));
    const newOutlets = [...new Set(newSources.map(outletOf))].filter((o) => !oldOutlets.has(o));
    const gained = next.origins !== undefined && prev.origins !== undefined ? Math.max(0, next.origins - prev.origins) : newOutlets.length;
    if (gained > 0) score += Math.min(gained * W.origin, W.originCap);
    if (newOutlets.length) reasons.push(`${plural(newOutlets.length, 'new outlet', 'new outlets')} (${list(newOutlets)})`);
    else if (gained > 0) reasons.push(plural(gained, 'new independent origin', 'new independent origins'));

    if (newSources.length >= 3 && newSources.length >= prev.sources.length) {
      score += W.coverageJump;
      reasons.push(`coverage jumped from ${prev.sources.length} to ${next.sources.length} reports`);
    }
  }

  const oldClaims = new Set(prev?.contradictions.map((c) => c.claim) ?? []);
  const disagreements = next.contradictions.filter((c) => !c.update && !oldClaims.has(c.claim));
  if (disagreements.length) {
    score += Math.min(disagreements.length * W.disagreement, W.disagreementCap);
    reasons.push(`sources now disagree on ${list(disagreements.map((c) => `${c.claim}: ${c.values.map((v) => v.value).join(' vs ')}`), 2)}`);
  }

  const newTexts = [...developments.map((t) => t.text), ...statements.map((q) => q.quote), ...(prev && prev.headline !== next.headline ? [next.headline] : [])];
  const escalation = wordsOf(ESCALATION, newTexts);
  const resolution = wordsOf(RESOLUTION, newTexts);
  if (escalation.length) {
    score += W.escalation;
    reasons.push(`escalation: ${list(escalation, 4)}`);
  }
  if (resolution.length) {
    score += W.resolution;
    reasons.push(`resolution: ${list(resolution, 4)}`);
  }
  return { score: Math.round(score * 100) / 100, reasons, developments, statements };
}
