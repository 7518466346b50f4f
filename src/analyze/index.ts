import type { Analysis } from '../model/index.js';
import { findMentions, mergeMentions } from './entities.js';
import { findDates } from './dates.js';
import { findQuotes } from './quotes.js';
import { splitSentences } from './sentences.js';

export { splitSentences } from './sentences.js';

export interface AnalyzeOptions {
  /** Publication date (YYYY-MM-DD or ISO); relative dates resolve against it. */
  published?: string | null;
}

function parsePublished(v: string | null | undefined): Date | null {
  if (!v) return null;
  // A bare date means local noon, so weekday arithmetic never slips across midnight.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T12:00:00`) : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Plain text → sentences, entities, quotes and dates (the `sitrep analyze` contract). */
export function analyzeText(text: string, options: AnalyzeOptions = {}): Analysis {
  const sentences = splitSentences(text);
  const found = sentences.flatMap((s, i) => findMentions(s, i));
  // A lone capitalised word opening a sentence ("Talks ended…") is a name only if it is also
  // capitalised somewhere else (alone or as part of a longer name), or typed by its context.
  const midSentence = new Set([...found.filter((m) => m.start > 1).map((m) => m.text), ...found.filter((m) => m.text.includes(' ')).flatMap((m) => m.text.split(' '))]);
  const mentions = found.filter((m) => !(m.start <= 1 && m.type === 'OTHER' && !m.text.includes(' ') && !midSentence.has(m.text)));
  const entities = mergeMentions(mentions);
  const quotes = findQuotes(sentences, { entities, mentions });
  // A quoted speaker is a person even when nothing else in the text says so.
  for (const q of quotes) {
    const e = entities.find((x) => x.name === q.speaker);
    if (e && e.type === 'OTHER') e.type = 'PERSON';
  }
  const dates = findDates(sentences, parsePublished(options.published));
  return { sentences, entities, quotes, dates };
}
