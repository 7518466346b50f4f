import type { Briefing } from '../model/index.js';

const WORD = /[\p{L}\p{N}]+/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether `term` starts a word somewhere in `lower` (plain indexOf, then a look at the character before). */
function startsWord(lower: string, term: string): boolean {
  for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + 1)) if (i === 0 || !WORD_CHAR.test(lower[i - 1]!)) return true;
  return false;
}

// A briefing's passages and their lower-case forms, made once per briefing (briefings are immutable).
const passages = new WeakMap<Briefing, { texts: string[]; lower: string[] }>();
function passagesOf(b: Briefing): { texts: string[]; lower: string[] } {
  let p = passages.get(b);
  if (!p) {
    const texts = [b.summary, ...b.timeline.map((t) => t.text), ...b.background.map((c) => c.text), ...b.statements.map((s) => `“${s.quote}” (${s.speaker})`), ...b.analysis.map((c) => c.text), ...b.conclusion.map((c) => c.text)];
    p = { texts, lower: texts.map((t) => t.toLowerCase()) };
    passages.set(b, p);
  }
  return p;
}

/**
 * A function giving, for a briefing, the passage that best matches `query`, with the matches between
 * \u0002 and \u0003 (the page escapes the text, then marks them). Words match as prefixes ("talk"
 * finds "talks"), as the index's stemming does; the passage is the sentence with the most distinct
 * query words, cut to about `words` words around its first match.
 */
export function snippetFor(query: string, words = 30): (b: Briefing) => string | null {
  const terms = [...new Set(query.normalize('NFKC').toLowerCase().match(WORD) ?? [])].slice(0, 12);
  if (terms.length === 0) return () => null;
  const hits = (word: string) => {
    const w = word.toLowerCase();
    return terms.some((t) => w.startsWith(t));
  };
  return (b) => {
    const { texts, lower } = passagesOf(b);
    let best: string | null = null;
    let bestScore = 0;
    for (let i = 0; i < texts.length; i++) {
      let score = 0;
      for (const t of terms) if (startsWord(lower[i]!, t)) score++;
      if (score > bestScore) {
        best = texts[i]!;
        bestScore = score;
        if (score === terms.length) break;
      }
    }
    if (!best) return null;
    const tokens = best.split(/\s+/);
    const firstHit = Math.max(0, tokens.findIndex((t) => (t.match(WORD) ?? []).some(hits)));
    const start = Math.max(0, Math.min(firstHit - Math.floor(words / 3), tokens.length - words));
    const cut = tokens.slice(start, start + words).join(' ');
    return `${start > 0 ? '… ' : ''}${cut.replace(WORD, (w) => (hits(w) ? `\u0002${w}\u0003` : w))}${start + words < tokens.length ? ' …' : ''}`;
  };
}
