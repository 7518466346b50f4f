import type { Analysis } from '../model/index.js';
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
  start?: string;
  end?: string;
  /** Words the chosen sentences should be about (topic focus). */
  query?: string;
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
 * is published on it. For each date the
 * sentences most central to what was said about that date are chosen, skipping near-repeats.
 */
export function buildTimeline(articles: TimelineArticle[], options: TimelineOptions = {}): TimelineDay[] {
  const byDate = new Map<string, Candidate[]>();
  const dateScore = new Map<string, number>();
  const push = (d: string, c: Candidate, weight: number) => {
    if (options.start && d < options.start) return;
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
      dated.set(m.sentence, [...(dated.get(m.sentence) ?? []), m.value]);
    }
    a.analysis.sentences.forEach((text, i) => {
      if (text.length < 30 || text.length > 400) return;
      const vec = weigh(addTo(new Map(), contentWords(text)));
      const n = norm(vec);
      const refs = dated.get(i);
      // A date that later coverage still refers to counts double: it is remembered, so it mattered.
      if (refs) for (const d of new Set(refs)) push(d, { text, vec, norm: n, source: a.id, position: i, explicit: true }, pub && d < pub ? 2 : 1);
      // Lead sentences report the publication day's news even without a date of their own.
      else if (pub && i < 2) push(pub, { text, vec, norm: n, source: a.id, position: i, explicit: false }, 0.5);
    });
  }
  const queryVec = options.query ? weigh(addTo(new Map(), contentWords(options.query))) : null;
  const queryNorm = queryVec ? norm(queryVec) : 0;
  const wanted = options.dates ?? Math.min(12, byDate.size);
  const chosenDates = [...dateScore.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, wanted)
    .map(([d]) => d)
    .sort();
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
        const shape = words < 8 ? 0.5 : words > 40 ? 0.7 : 1;
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
