// Headline, deck and summary for a story as it stands now: its main development (central to the
// coverage, recent, and reported by more than one article), stated in a headline of about 90
// characters cut at a phrase; a deck with the second fact; a summary of what else is new.

/** Longest headline; a longer development is cut at its last phrase boundary before this. */
export const HEADLINE_MAX = 90;
/** Longest deck (the alternative headline). */
export const DECK_MAX = 140;

const SITE_SUFFIX = /\s+[|–—-]\s+(?:[\p{Lu}][\p{L}.&']*(?:\s[\p{Lu}][\p{L}.&']*){0,3})(?:\s+(?:News|Online|\.com))?$/u;

/**
 * Does a title read as a headline? A line of 3–18 words that is not a sentence run on (no stop in
 * the middle), not shouted, and not a dateline or a stamp.
 */
export function headlineLike(title: string | null | undefined): boolean {
  if (!title) return false;
  const t = title.trim();
  const n = t.split(/\s+/).length;
  if (n < 3 || n > 18 || t.length > 160) return false;
  if (/[.!?]\s+\p{Lu}/u.test(t) || /[.]$/.test(t)) return false;
  if (!/\p{Ll}/u.test(t)) return false;
  // A headline's first word has a capital or a figure ("iPhone", "eBay", "5G"): a lowercase word
  // before it is a scraped fragment ("cents Glider pilot parachuted to safety").
  if (!/^[“"‘'(]?\S*[\p{Lu}\p{N}]/u.test(t)) return false;
  if (/^\s*(?:\d{1,2}[:.]\d{2}|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+\d|[A-Z][A-Z .'-]{2,},?\s*\(|file:)/.test(t)) return false;
  return true;
}

/** A title without the site name after a bar or dash ("… | Example News", "… - Reuters"). */
export function cleanTitle(title: string): string {
  return withoutUnpairedTail(title.trim().replace(SITE_SUFFIX, '').trim());
}

/**
 * A title that runs into a second one through a quotation it never closes ("ElBaradei says Mubarak
 * and Suleiman are “twins” ‘Egypt will explode"), cut before that quotation when four words or more
 * stand before it; otherwise as it is. An apostrophe inside a word ("Mubarak’s") closes nothing.
 */
export function withoutUnpairedTail(title: string): string {
  for (const m of title.matchAll(/(?<=^|\s)[“‘"]/g)) {
    const close = m[0] === '“' ? /”/ : m[0] === '‘' ? /’(?!\p{L})/u : /"/;
    if (close.test(title.slice(m.index! + 1))) continue;
    const head = title.slice(0, m.index!).replace(/[\s,;:—–-]+$/, '');
    return head.split(/\s+/).length >= 4 ? head : title;
  }
  return title;
}

// Phrase boundaries to cut a long development at, best last: a clause or a qualifier follows.
const BOUNDARY = /,\s|\s[—–]\s|;\s|:\s|\s(?=(?:as|after|while|amid|but|when|because|which|who|following|despite|before|since|although|though|where|with|without|until|in a|in an|in the|on the|at the|to the|for the|from the)\s)/g;

// Prepositions: a phrase ends before one, where no better boundary is in reach.
const WEAK_BOUNDARY = /\s(?=(?:to|of|in|on|at|for|from|by|with|into|over|under|after|before|during|against)\s)/g;

/** Where `t` is cut at its last phrase boundary before `max` characters, or -1 where none is in reach. */
function phraseBoundary(t: string, max: number, boundary: RegExp = BOUNDARY): number {
  let best = -1;
  for (const m of t.matchAll(boundary)) {
    if (m.index! > max) break;
    if (m.index! >= max * 0.4) best = m.index!;
  }
  return best;
}

/** `text` cut at its last phrase boundary before `max` characters (never mid-word, no ellipsis). */
export function cutAtPhrase(text: string, max: number): string {
  const t = text.trim();
  if (t.length <= max) return t;
  let best = phraseBoundary(t, max);
  // No clause or qualifier in reach: before a preposition, the last of them, ends a phrase too
  // ("… was set up in August | to independently administer BP's $20 billion fund …").
  if (best < 0) best = phraseBoundary(t, max, WEAK_BOUNDARY);
  if (best < 0) {
    // No phrase boundary in reach: the last whole word.
    best = t.lastIndexOf(' ', max);
    if (best < max * 0.4) best = max;
  }
  let cut = t.slice(0, best).replace(/[\s,;:—–-]+$/, '');
  // Never end on a word that needs the next one ("restored to all", "the talks of the").
  // Nor on one that needs its noun ("a repeat of last", "the first").
  // (Nor on a preposition, conjunction, relative or auxiliary: "a much clearer picture than that through".)
  for (let i = 0; i < 4; i++) cut = cut.replace(/\s+(?:to|of|in|on|at|for|with|by|from|into|and|or|but|the|a|an|all|its|their|his|her|this|that|these|those|as|than|some|any|more|most|last|next|first|second|new|former|other|such|each|every|many|few|several|both|own|same|very|through|about|over|under|between|against|across|after|before|during|without|within|upon|toward|towards|via|amid|among|despite|since|until|while|which|who|whose|where|when|if|because|nor|not|no|is|are|was|were|be|been|has|have|had|will|would|could|should|can|may|might|must)$/i, '');
  return cut;
}

// Said-clauses and openers that a headline leaves out.
const TRAILING_ATTRIBUTION =
  /,?\s+(?:(?:the\s+)?(?:[\p{Lu}][\p{L}'’.-]*\s*){0,4}(?:[\p{Ll}]+\s+){0,3}(?:said|says|reported|reports|announced|confirmed|told [\p{L}\s]{1,30})|according to (?:the\s+)?(?:\p{Lu}|officials|police|witnesses|sources|reports|a\s)[^,.]{1,60}|(?:he|she|they|it) (?:said|says|added))(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|last night|this week))?\s*\.?[”"’]?$/u;
const LEADING_OPENER = /^(?:(?:On|Late on|Early on|Earlier on|By)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?|(?:Earlier|Later|Meanwhile|Today|Yesterday|Overnight|In a statement|In an interview|On the ground|In a separate development|Separately)|(?:In|On|By)\s+\d{1,2}\s+\p{Lu}\p{Ll}+(?:\s+\d{4})?|(?:In|On|By)\s+\p{Lu}\p{Ll}+\.?\s+\d{1,2}(?:,\s+\d{4})?),\s+/u;

/** A development sentence as a headline: openers and said-clauses off, no stop, cut at a phrase. */
// "Nordlys Power said on Friday that electricity had been restored": the claim is what follows "that".
const LEADING_ATTRIBUTION = /^(?:[\p{Lu}][\p{L}'’.-]*\s+){1,5}(?:[\p{Ll}]+\s+){0,2}(?:said|says|announced|confirmed|reported|told reporters|warned)(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday))?\s+that\s+/u;

// "As the death toll rises to 100, governments are on alert": the main clause after the comma is the news.
const SUBORDINATE_OPENING = /^(?:As|When|While|After|Although|Though|If|Since|Because|Despite|Amid|With|Following|Before)\b[^,]{3,120},\s+(?=\p{Ll}|\p{Lu})/u;

export function headlineFromSentence(sentence: string, max = HEADLINE_MAX): string {
  let t = sentence.trim().replace(LEADING_OPENER, '');
  const main = t.replace(SUBORDINATE_OPENING, '');
  if (main !== t && main.split(/\s+/).length >= 5) t = main;
  const claim = t.replace(LEADING_ATTRIBUTION, '');
  if (claim !== t && claim.split(/\s+/).length >= 5) t = claim;
  const bare = t.replace(TRAILING_ATTRIBUTION, '');
  // Keep the said-clause when it carries the whole claim ("X said Y" with nothing before it).
  if (bare.split(/\s+/).length >= 5) t = bare;
  t = t.replace(/[.\s]+$/, '');
  t = t.charAt(0).toUpperCase() + t.slice(1);
  return cutAtPhrase(t, max);
}
