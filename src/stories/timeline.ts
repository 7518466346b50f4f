import { isCommentFurniture, withoutDateline } from '../analyze/sentences.js';
import type { Analysis } from '../model/index.js';
import { clusterArticles, clusterNames } from './cluster.js';
import { addTo, contentWords, cosine, cosineNormed, norm, sum, weigh, type Vec } from './vectors.js';

export interface TimelineArticle {
  id: string;
  /** YYYY-MM-DD or ISO. */
  published: string | null;
  analysis: Analysis;
}

export interface TimelineOptions {
  /** Number of dates to keep (default: as many as the story supports, at most 12). */
  dates?: number;
  /** Sentences per date (default 1). */
  perDate?: number;
  /** Earliest date (YYYY-MM-DD); default three days before the first article: older dates are background. */
  start?: string;
  end?: string;
  /** Words the chosen sentences should be about (topic focus). */
  query?: string;
  /**
   * The articles may cover several subjects (a folder of a wire service's output): follow the main
   * one, the largest thread the clusterer finds, and leave the others out. Off for a story's own
   * articles, which are one subject already.
   */
  focus?: boolean;
  /**
   * What of each sentence may be shown (its text without dateline or caption), or null when it may
   * not be (page furniture, a reader comment). Default: the sentence without its dateline, unless it
   * is a comment's stamp line.
   */
  clean?: (sentence: string, index: number, article: TimelineArticle) => string | null;
}

export interface TimelineDay {
  date: string;
  sentences: { text: string; sources: string[] }[];
}

interface Candidate {
  text: string;
  vec: Vec;
  /** The vector's norm, computed once: each candidate is compared with several centres. */
  norm: number;
  source: string;
  /** Sentence position in its article: leads say what happened. */
  position: number;
  explicit: boolean;
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * Date selection in the spirit of Datewise (Tran et al. 2013; Ghalandari & Ifrim 2020): a date
 * matters when many sentences refer to it (more when they are written days later), and when coverage
 * is published on it (see chooseDates for the corrections). For each date the sentences most central
 * to what was said about that date are chosen, skipping near-repeats.
 */
export function buildTimeline(all: TimelineArticle[], options: TimelineOptions = {}): TimelineDay[] {
  const articles = options.focus ? mainSubject(all, options.query) : all;
  const start = options.start ?? coverageStart(articles);
  const byDate = new Map<string, Candidate[]>();
  const dateScore = new Map<string, number>();
  const push = (d: string, c: Candidate, weight: number) => {
    if (start && d < start) return;
    if (options.end && d > options.end) return;
    if (!byDate.has(d)) byDate.set(d, []);
    byDate.get(d)!.push(c);
    dateScore.set(d, (dateScore.get(d) ?? 0) + weight);
  };
  for (const a of articles) {
    const pub = a.published ? day(a.published) : null;
    const dated = new Map<number, string[]>();
    for (const m of a.analysis.dates) {
      if (m.value.length !== 10) continue;
      if (pub && m.value > pub) continue; // plans and forecasts are not developments
      // A reference point ("until after Obama had visited on 16 April") still says its date mattered,
      // but the sentence's news is not of that date: it counts for the date and is no entry for it.
      if (m.background) {
        if (!(start && m.value < start) && !(options.end && m.value > options.end)) dateScore.set(m.value, (dateScore.get(m.value) ?? 0) + (pub && m.value < pub ? 2 : 1));
        continue;
      }
      dated.set(m.sentence, [...(dated.get(m.sentence) ?? []), m.value]);
    }
    a.analysis.sentences.forEach((sentence, i) => {
      const text = options.clean ? options.clean(sentence, i, a) : withoutDateline(sentence);
      if (text === null || text.length < 30 || text.length > 400 || isCommentFurniture(text)) return;
      const vec = weigh(addTo(new Map(), contentWords(text)));
      const n = norm(vec);
      const refs = dated.get(i);
      // A date that later coverage still refers to counts double: it is remembered, so it mattered.
      if (refs) for (const d of new Set(refs)) push(d, { text, vec, norm: n, source: a.id, position: i, explicit: true }, pub && d < pub ? 2 : 1);
      // The lead (its first three sentences) reports the publication day's news even without a date of
      // its own. (Two: T17 AR1-F 0.114; three or four: 0.117; five: 0.115.)
      else if (pub && i < 3) push(pub, { text, vec, norm: n, source: a.id, position: i, explicit: false }, 0.5);
    });
  }
  const queryVec = options.query ? weigh(addTo(new Map(), contentWords(options.query))) : null;
  const queryNorm = queryVec ? norm(queryVec) : 0;
  const wanted = options.dates ?? Math.min(12, byDate.size);
  // Only a date with a sentence of its own can be an entry.
  const chosenDates = chooseDates(new Map([...dateScore].filter(([d]) => byDate.has(d))), articles, wanted);
  const perDate = options.perDate ?? 1;
  // What the whole story is about: a sentence central to it beats one central only to its day.
  const storyCentre = sum([...byDate.values()].flat().map((c) => c.vec));
  const storyNorm = norm(storyCentre);
  const used: Vec[] = [];
  const out: TimelineDay[] = [];
  for (const d of chosenDates) {
    const cands = byDate.get(d)!;
    const centre = sum(cands.map((c) => c.vec));
    const centreNorm = norm(centre);
    const scored = cands
      .map((c) => {
        const words = c.text.split(/\s+/).length;
        // Fragments say too little and long sentences bury the event: both count less.
        // A question is not a development ("Where is the minister?").
        const shape = (words < 8 ? 0.5 : words > 40 ? 0.7 : 1) * (/\?[”"’']*$/.test(c.text) ? 0.5 : 1);
        const score = (cosineNormed(c.vec, c.norm, centre, centreNorm) * (c.explicit ? 1.2 : 1) * (1 / (1 + c.position * 0.05)) + cosineNormed(c.vec, c.norm, storyCentre, storyNorm) + (queryVec ? cosineNormed(c.vec, c.norm, queryVec, queryNorm) : 0)) * shape;
        return { c, score };
      })
      .sort((a, b) => b.score - a.score);
    const picked: { text: string; sources: string[]; vec: Vec }[] = [];
    for (const { c } of scored) {
      if (picked.length >= perDate) break;
      const dup = picked.find((p) => cosine(p.vec, c.vec) > 0.6);
      if (dup) {
        if (!dup.sources.includes(c.source)) dup.sources.push(c.source);
        continue;
      }
      if (used.some((u) => cosine(u, c.vec) > 0.8)) continue;
      picked.push({ text: c.text, sources: [c.source], vec: c.vec });
    }
    // Other articles saying the same thing about the date also support it.
    for (const p of picked) {
      for (const c of cands) if (!p.sources.includes(c.source) && cosine(p.vec, c.vec) > 0.5) p.sources.push(c.source);
      used.push(p.vec);
    }
    if (picked.length) out.push({ date: d, sentences: picked.map(({ text, sources }) => ({ text, sources })) });
  }
  return out;
}

const DAY_MS = 86_400_000;

/**
 * Without an explicit start, a timeline covers the period of its coverage, as Datewise's collection
 * range does: from three days before the first article (an event is reported the day after, or after
 * a weekend). Dates older than that are background, not developments: coverage of a 2010 oil spill
 * recalls 11 September 2001 and the 1989 Exxon Valdez spill.
 */
function coverageStart(articles: TimelineArticle[]): string | undefined {
  let first: string | undefined;
  for (const a of articles) if (a.published && (!first || a.published < first)) first = a.published;
  return first ? new Date(Date.parse(`${day(first)}T00:00:00Z`) - 3 * DAY_MS).toISOString().slice(0, 10) : undefined;
}

const dayNumber = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY_MS);

/**
 * The dates to keep, from their reference scores. Two corrections to raw counts:
 * - Coverage is bursty: the week a spill starts or a war breaks out fills the wires, so its dates
 *   collect many references, while a later ruling or resignation gets few articles that all refer to
 *   it. A date's score is divided by the number of articles published within a week of it, to the
 *   power 0.7 (on Timeline17, exponents from 0.5 to 1 all raise Date-F1 and AR1-F by 0.01 or so).
 * - Neighbouring days usually tell one event twice (the attack, then the day after it): each date
 *   chosen damps the scores of the days within two days of it by a fifth.
 */
function chooseDates(dateScore: Map<string, number>, articles: TimelineArticle[], wanted: number): string[] {
  const published = articles.filter((a) => a.published).map((a) => dayNumber(day(a.published!))).sort((a, b) => a - b);
  // Articles published on days lo..hi, by binary search: a large story has thousands of both.
  const firstAtLeast = (x: number) => {
    let lo = 0;
    let hi = published.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (published[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const score = new Map<string, { value: number; n: number }>();
  for (const [d, v] of dateScore) {
    const n = dayNumber(d);
    const volume = firstAtLeast(n + 8) - firstAtLeast(n - 7);
    score.set(d, { value: v / Math.pow(1 + volume, 0.7), n });
  }
  const chosen: string[] = [];
  while (chosen.length < wanted && score.size) {
    let best: string | null = null;
    let bestScore = -Infinity;
    for (const [d, { value }] of score) if (value > bestScore || (value === bestScore && d < best!)) [best, bestScore] = [d, value];
    const { n } = score.get(best!)!;
    chosen.push(best!);
    score.delete(best!);
    for (const s of score.values()) if (Math.abs(s.n - n) <= 2) s.value *= 0.8;
  }
  return chosen.sort();
}

/**
 * The articles of the main subject in a mixed collection: cluster them as the pipeline does (main
 * names weigh in) and keep the largest thread. All of them when there is no main subject: no thread
 * holds more than one article, or the largest is not half as large again as the next (a folder of
 * three equal stories is three stories, not one with noise). With a query, the subject is the thread
 * with the most articles that use its words, whatever its size.
 */
export function mainSubject(articles: TimelineArticle[], query?: string): TimelineArticle[] {
  if (articles.length < 3) return articles;
  const stories = clusterArticles(
    articles.map((a) => ({ id: a.id, title: null, text: a.analysis.sentences.join(' '), published: a.published, entities: clusterNames(a.analysis.entities) })),
  );
  const threads = new Map<string, string[]>();
  for (const s of stories) {
    const members = threads.get(s.thread) ?? [];
    members.push(...s.articles);
    threads.set(s.thread, members);
  }
  const keep = new Set(subjectThread([...threads.values()], articles, query) ?? articles.map((a) => a.id));
  return articles.filter((a) => keep.has(a.id));
}

/** The member ids of the thread to follow, or null when no thread is the main subject. */
function subjectThread(threads: string[][], articles: TimelineArticle[], query?: string): string[] | null {
  const queryWords = new Set(query ? contentWords(query) : []);
  if (queryWords.size > 0) {
    const matching = new Set(articles.filter((a) => a.analysis.sentences.some((s) => contentWords(s).some((w) => queryWords.has(w)))).map((a) => a.id));
    const [best] = threads.map((m) => ({ m, n: m.filter((id) => matching.has(id)).length })).sort((a, b) => b.n - a.n);
    if (best && best.n > 0) return best.m;
  }
  const [largest = [], next = []] = [...threads].sort((a, b) => b.length - a.length);
  return largest.length < 2 || largest.length < 1.5 * next.length ? null : largest;
}
