import type { Briefing } from '../model/index.js';

const WORD = /[\p{L}\p{N}]+/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

// A briefing's passages, and their lower-case forms joined in one string (a newline between, which no
// query word holds) with where each passage starts, made once per briefing (briefings are immutable).
interface Passages {
  texts: string[];
  lower: string;
  starts: number[];
}
const passages = new WeakMap<Briefing, Passages>();
function passagesOf(b: Briefing): Passages {
  let p = passages.get(b);
  if (!p) {
    const texts = [b.summary, ...b.timeline.map((t) => t.text), ...b.background.map((c) => c.text), ...b.statements.map((s) => `“${s.quote}” (${s.speaker})`), ...b.analysis.map((c) => c.text), ...b.conclusion.map((c) => c.text)];
    // Lowered one by one: lower case can be longer ("İ" is two characters), and starts count it.
    const lowered = texts.map((t) => t.toLowerCase());
    const starts: number[] = [];
    let at = 0;
    for (const t of lowered) {
      starts.push(at);
      at += t.length + 1;
    }
    p = { texts, lower: lowered.join('\n'), starts };
    passages.set(b, p);
  }
  return p;
}

/**
 * For each passage, a bit per query term that starts a word in it. One search of the joined text per
 * term (a search per passage and term cost a tenth of a search request on long briefings); after a
 * hit the search goes on from the next passage.
 */
function termMasks({ lower, starts }: Passages, terms: string[]): number[] {
  const masks: number[] = new Array<number>(starts.length).fill(0);
  for (let ti = 0; ti < terms.length; ti++) {
    const t = terms[ti]!;
    let k = 0;
    for (let i = lower.indexOf(t); i >= 0; ) {
      while (k + 1 < starts.length && starts[k + 1]! <= i) k++;
      if (i === 0 || !WORD_CHAR.test(lower[i - 1]!)) {
        masks[k]! |= 1 << ti;
        if (k + 1 >= starts.length) break;
        i = lower.indexOf(t, starts[k + 1]!);
      } else i = lower.indexOf(t, i + 1);
    }
  }
  return masks;
}

const bitCount = (m: number): number => {
  let n = 0;
  for (let x = m; x; x &= x - 1) n++;
  return n;
};

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
    const p = passagesOf(b);
    const masks = termMasks(p, terms);
    // The first passage with the most distinct query words.
    let best: string | null = null;
    let bestScore = 0;
    for (let i = 0; i < masks.length; i++) {
      const score = bitCount(masks[i]!);
      if (score > bestScore) {
        best = p.texts[i]!;
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
