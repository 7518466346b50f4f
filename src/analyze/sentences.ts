// Sentence splitting for news prose: abbreviations ("Gen.", "U.S.", "Jan."), initials, and quotations
// that run over several sentences stay whole.

const ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'lt', 'col', 'maj', 'capt', 'cmdr', 'adm', 'sgt', 'gov', 'sen',
    'rep', 'rev', 'st', 'jr', 'sr', 'inc', 'corp', 'co', 'ltd', 'no', 'vs', 'etc', 'jan', 'feb', 'mar',
    'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mon', 'tue', 'tues', 'wed', 'thu',
    'thurs', 'fri', 'sat', 'sun', 'approx', 'dept', 'est', 'fig', 'pres', 'mt', 'ft', 'ave', 'blvd', 'gov',
  ],
);

const OPEN_QUOTES = new Set(['“', '"']);

/** Split text into sentences. Paragraph breaks always end a sentence. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n\s*\n|\r?\n/)) {
    const p = para.replace(/\s+/g, ' ').trim();
    if (p) splitParagraph(p, out);
  }
  return out.flatMap(capLength);
}

/**
 * Real sentences run to a few hundred characters; a "sentence" of 100 KB is a table, a list or
 * hostile markup. Cut such runs into pieces at spaces, so that work done per sentence (names,
 * quotes, dates) stays proportional to the text, never to the square of one run's length.
 */
export const MAX_SENTENCE = 2000;

function capLength(s: string): string[] {
  if (s.length <= MAX_SENTENCE) return [s];
  const pieces: string[] = [];
  let rest = s;
  while (rest.length > MAX_SENTENCE) {
    const cut = rest.lastIndexOf(' ', MAX_SENTENCE);
    const at = cut > MAX_SENTENCE / 2 ? cut : MAX_SENTENCE;
    pieces.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function splitParagraph(p: string, out: string[]): void {
  let start = 0;
  let inQuote = false;
  let quoteStart = 0;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '“') {
      inQuote = true;
      quoteStart = i;
    } else if (ch === '”') inQuote = false;
    else if (ch === '"') {
      // Straight quotes: opening when preceded by start/space/bracket, else closing.
      const prev = i > 0 ? p[i - 1]! : ' ';
      if (/[\s(\[—–-]/.test(prev) || i === 0) {
        inQuote = true;
        quoteStart = i;
      } else inQuote = false;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    // Consume closing punctuation that belongs to this sentence: quotes, brackets, more stops.
    let j = i + 1;
    while (j < p.length && /[.!?”"’')\]]/.test(p[j]!)) {
      if (p[j] === '”' || p[j] === '"') inQuote = false;
      j++;
    }
    if (j >= p.length) break;
    if (p[j] !== ' ') continue;
    const next = p.slice(j + 1, j + 3);
    if (!/^[“"‘'(\[]?[A-Z0-9\u00C0-\u024F]/.test(next)) continue;
    // A quotation still open this long ago is probably unbalanced; otherwise keep it whole.
    if (inQuote && i - quoteStart < 600) continue;
    if (ch === '.' && isAbbreviation(p, i)) continue;
    out.push(p.slice(start, j).trim());
    start = j + 1;
    i = j;
  }
  const rest = p.slice(start).trim();
  if (rest) out.push(rest);
}

function isAbbreviation(p: string, dot: number): boolean {
  let k = dot - 1;
  while (k >= 0 && /[A-Za-z.]/.test(p[k]!)) k--;
  const word = p.slice(k + 1, dot);
  if (!word) return false;
  // Initials and dotted acronyms: "J.", "U.S.", "a.m."
  if (/^[A-Z]$/.test(word) || /^([A-Za-z]\.)+[A-Za-z]$/.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}
