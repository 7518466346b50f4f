// Sentence splitting for news prose: abbreviations ("Gen.", "U.S.", "Jan."), initials, and quotations
// that run over several sentences stay whole.

const ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'lt', 'col', 'maj', 'capt', 'cmdr', 'adm', 'sgt', 'gov', 'sen',
    'rep', 'rev', 'st', 'jr', 'sr', 'inc', 'corp', 'co', 'ltd', 'no', 'vs', 'etc', 'jan', 'feb', 'mar',
    'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mon', 'tue', 'tues', 'wed', 'thu',
    'thurs', 'fri', 'sat', 'sun', 'approx', 'dept', 'est', 'fig', 'pres', 'mt', 'ft', 'ave', 'blvd', 'gov',
    'del', 'atty', 'supt', 'amb', 'sens', 'reps', 'hon', 'msgr', 'fr', 'cpl', 'pvt',
  ],
);

const OPEN_QUOTES = new Set(['“', '"']);

/** A straight quotation mark opens at the start, or after a space, bracket, dash or colon; elsewhere it closes. */
const straightOpens = (s: string, i: number) => i === 0 || /[\s(\[—–:-]/.test(s[i - 1]!);

/**
 * Split text into sentences. Paragraph breaks end a sentence, and so does a line break, except inside
 * a quotation that the next line closes, without opening another, before its attribution (a
 * quotation of two sentences in a file of one sentence a line, or a hard-wrapped one): its words and
 * its "said …" are one sentence.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split(/\r?\n/);
    for (let k = 0; k < lines.length; k++) {
      let para = lines[k]!;
      // (The state carried line to line, so a hostile run of such lines costs its length, not its square.)
      let open = leftOpen(para, false);
      for (let joined = 0; open && joined < MAX_JOINED_LINES && k + 1 < lines.length && closesFirst(lines[k + 1]!); joined++) {
        para = `${para} ${lines[++k]!}`;
        open = leftOpen(lines[k]!, open);
      }
      const p = para.replace(/\s+/g, ' ').trim();
      if (p) splitParagraph(p, out);
    }
  }
  return out.flatMap(capLength);
}

/** A quotation runs over a few lines, not a whole file: at most this many are joined to the first. */
const MAX_JOINED_LINES = 40;

/** Whether a line ends inside a quotation (curly marks, or straight ones by their place), given whether it began inside one. */
function leftOpen(line: string, open: boolean): boolean {
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '“') open = true;
    else if (ch === '”') open = false;
    else if (ch === '"') open = straightOpens(line, i);
  }
  return open;
}

/**
 * Whether a line's first quotation mark closes one (it opens none before) and the line goes on after
 * it, with the attribution ("It will degrade a lot faster," said …). A line the mark ends is left
 * alone: a pull quote's credit scraped inside its marks ("Jim Clyburn, congressman.”") is no part of
 * the words.
 */
function closesFirst(line: string): boolean {
  const at = line.search(/[“”"]/);
  if (at < 0) return false;
  const ch = line[at]!;
  const closes = ch === '”' || (ch === '"' && !straightOpens(line, at));
  return closes && /\p{L}/u.test(line.slice(at + 1));
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
      if (straightOpens(p, i)) {
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
    // A quotation still open is kept whole while it is short, or while it closes further on in this
    // paragraph (before another one opens); one open far back with no close ahead is unbalanced.
    if (inQuote && (i - quoteStart < 600 || (i - quoteStart < MAX_SENTENCE && closesAhead(p, j)))) continue;
    if (ch === '.' && isAbbreviation(p, i)) continue;
    out.push(p.slice(start, j).trim());
    start = j + 1;
    i = j;
  }
  const rest = p.slice(start).trim();
  if (rest) out.push(rest);
}

function closesAhead(p: string, from: number): boolean {
  const close = p.slice(from).search(/”|(?<=[^\s(\[—–:-])"/);
  if (close < 0) return false;
  const open = p.slice(from).search(/“|(?<=^|[\s(\[—–:-])"/);
  return open < 0 || open > close;
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

// Datelines and timestamps that wire copy and scraped pages glue to an article's first sentence:
// "MEXICO CITY | Sat May 2, 2009 7:53 pm EDT", "GENEVA (Reuters) - ", "WASHINGTON — ",
// "Page last updated at 07:50 GMT, Friday, 1 June 2012", "Thursday, May 27, 2010; 4:21 PM".
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?';
const CLOCK = '\\d{1,2}[:.]\\d{2}(?:\\s*[ap]\\.?m\\.?)?(?:\\s+[A-Z]{2,4}\\b)?';
// An upper-case place, optionally followed by its country or state: "NEW YORK", "GENEVA, Switzerland".
const CAPS_PLACE = "[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*(?:, [A-Z][\\w.'’-]+(?: [A-Z][\\w.'’-]+)*)?";
const AGENCY = '\\([A-Z][\\w&.-]*(?: [A-Z][\\w&.-]*){0,3}\\)';
const ZONE = '(?:GMT|BST|UTC|EDT|EST|CDT|CST|MDT|MST|PDT|PST|ET|CET|CEST|EET|EEST|JST|IST|AEST|AEDT)';
// A page's date-and-time stamp: "Sunday 6 March 2005 01.36 GMT", "2 August 2011 Last updated at 05:18 GMT",
// "Fri Apr 22, 2011 7:12 pm EDT", "10 January 12 18:37 GMT".
const STAMP = `(?:${WEEKDAY},?\\s+)?(?:\\d{1,2}\\s+${MONTH}\\s+\\d{2,4}|${MONTH}\\s+\\d{1,2},?\\s+\\d{4})(?:\\s+last updated)?\\s+(?:at\\s+)?\\d{1,2}[:.]\\d{2}(?:\\s*[ap]\\.?m\\.?)?\\s+${ZONE}\\b`;
const DATELINES = [
  // Stray list marks and separators: "- ", "-- ", "; ", "| ", "• ".
  /^(?:[-–—;|•*]+\s+)+/,
  // A clock time alone: "5:15 PM ET ".
  new RegExp(`^\\d{1,2}[:.]\\d{2}\\s*[ap]\\.?m\\.?\\s+${ZONE}\\s+`, 'i'),
  // A headline, picture credit or byline run into the page's stamp, then the text: everything up to
  // the stamp goes ("Bush promises a full inquiry Sunday 6 March 2005 01.36 GMT The Italian…").
  new RegExp(`^.{0,200}?${STAMP}(?:\\s+Help\\b)?\\s+(?=[A-Z“"])`, 'i'),
  // "MEXICO CITY | Sat May 2, 2009 7:53 pm EDT ", "Robin Lustig | 10:20 UK time, Friday, 13 April 2012 "
  new RegExp(`^[^|]{1,40}\\|\\s*(?:${WEEKDAY},?\\s+)?(?:${MONTH}\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}[:.]\\d{2}[^|]{0,30}?\\d{4})\\s*(?:${CLOCK})?\\s*`),
  // "Sun Apr 26, 2009 10:12 pm BST ", "Thursday, May 27, 2010; 4:21 PM "
  new RegExp(`^${WEEKDAY},?\\s+${MONTH}\\s+\\d{1,2},?\\s+\\d{4}[;,]?\\s+${CLOCK}\\s*`, 'i'),
  // "Page last updated at 07:50 GMT, Friday, 1 June 2012 08:50 UK "
  new RegExp(`^(?:page )?(?:last )?updated(?: at)?:?\\s+${CLOCK},?\\s+(?:${WEEKDAY},?\\s+)?\\d{1,2}\\s+${MONTH}\\s+\\d{4}(?:\\s+${CLOCK}(?:\\s+UK)?)?\\s*`, 'i'),
  // "GENEVA, Switzerland (AP) — " (a dash is required after a place: "WHO (World Health Organization) said"
  // is a sentence), and a bare "(Reuters) - " or "(Reuters) " at the start.
  new RegExp(`^${CAPS_PLACE}\\s+${AGENCY}\\s*[-—–]{1,2}\\s+|^${AGENCY}\\s*(?:[-—–]{1,2}\\s+|(?=[A-Z]))`),
  // "WASHINGTON — ", "KYIV -- ", "TOKYO, Oct. 17 -- "
  new RegExp(`^${CAPS_PLACE}(?:,\\s+${MONTH}\\s+\\d{1,2})?\\s+(?:[—–]|--?)\\s+(?=[A-Z“"])`),
  // "Wednesday 19 January 2005 00.03 GMT "
  new RegExp(`^${WEEKDAY},?\\s+\\d{1,2}\\s+${MONTH}\\s+\\d{4},?\\s+${CLOCK}\\s*`, 'i'),
  // "(Update 2:21 a.m. Thursday in Cairo, 7:21 p.m. ET Wednesday) "
  /^\((?:updated?|update:)\b[^()]{0,80}\)\s*/i,
  // Picture and byline credits: "(AP Photo/Ann Lee, Pool) (Ann Lee - AP) ", "(By Ann Lee -- Bloomberg News) "
  /^\([^()]{0,60}(?:\bPhoto\b|\bAP\b|Associated Press|Reuters|\bAFP\b|Getty Images|\bEPA\b)[^()]{0,60}\)\s*|^\(By\s[^()]{1,80}\)\s*/,
  // A web page's date and byline line: "January 27, 2026 | By Ann Lee and Tom Berg, CNN ", "February 1, 2026 at 4:09 pm | "
  new RegExp(`^${MONTH}\\s+\\d{1,2},\\s+\\d{4}(?:\\s+at\\s+${CLOCK})?\\s*\\|\\s*(?:By\\s+[^|]{1,80}?(?:,\\s*CNN\\b|\\bCNN Staff\\b)\\s*)?`),
  // "Photograph: Ann Lee for the Guardian ", "Photo: Ann Lee/AP ", "Photograph: Ann Lee\/REUTERS "
  /^(?:Photograph|Photo|Picture|Image):\s+(?:\p{Lu}[\p{L}'’.-]*\s+){0,3}\p{Lu}[\p{L}'’.-]*(?:\s+for (?:the )?\p{Lu}\p{L}+|\s?\\?\/\s?\p{Lu}[\p{L}.&]*(?: (?:Images|Pictures|Photos|Press|\p{Lu}{2,}\b))?)\s+/u,
];

/** Reader comments scraped with a page ("Posted by: ann | May 2, 2026 1:50 PM | Report abuse"). */
export function isCommentFurniture(sentence: string): boolean {
  return /\bPosted by:|\|\s*Report abuse\b/.test(sentence);
}

/**
 * A sentence without the dateline, timestamp or byline line stuck to its start, for showing it on its
 * own (a timeline entry, a summary). The sentence itself when nothing is left of it but a stub.
 */
export function withoutDateline(sentence: string): string {
  let out = sentence;
  for (let round = 0; round < 3; round++) {
    const before = out;
    for (const re of DATELINES) out = out.replace(re, '');
    if (out === before) break;
  }
  return out.length >= 20 ? out : sentence;
}
