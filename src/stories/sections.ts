import type { Entity, SectionRule } from '../model/index.js';
import { contentWords } from './vectors.js';
import { escapeRe } from '../text/regexp.js';

/**
 * The default taxonomy; a site replaces it in its config. Topic sections win over place sections;
 * on a tie the earlier rule wins, so news sections come before Sport, Culture and Technology.
 */
export const DEFAULT_TAXONOMY: SectionRule[] = [
  { path: ['News', 'Health'], terms: ['outbreak', 'virus', 'fever', 'epidemic', 'pandemic', 'vaccine', 'vaccination', 'infection', 'infections', 'cases', 'hospital', 'disease', 'patients', 'health'] },
  { path: ['News', 'Disasters'], terms: ['flood', 'flooding', 'floods', 'earthquake', 'hurricane', 'storm', 'wildfire', 'evacuation', 'evacuated', 'dam', 'landslide', 'drought', 'tsunami', 'cyclone'] },
  { path: ['News', 'Conflict'], terms: ['ceasefire', 'troops', 'war', 'military', 'offensive', 'shelling', 'missile', 'drone', 'talks', 'negotiators', 'truce', 'prisoners', 'armistice'] },
  { path: ['News', 'Economy'], terms: ['inflation', 'market', 'markets', 'bank', 'banks', 'prices', 'economy', 'economic', 'trade', 'tariffs', 'shares', 'oil', 'company', 'companies', 'firm', 'firms', 'profits', 'sales', 'investors', 'growth', 'dollar', 'euro', 'stock', 'earnings'] },
  { path: ['News', 'Politics'], terms: ['election', 'elections', 'voters', 'vote', 'parliament', 'party', 'parties', 'campaign', 'government', 'opposition', 'senate', 'congress', 'lawmakers', 'referendum', 'ministers', 'policy', 'labour', 'conservatives', 'democrats', 'republicans', 'candidate', 'legislation'] },
  { path: ['Sport'], terms: ['match', 'season', 'league', 'cup', 'championship', 'tournament', 'coach', 'player', 'players', 'team', 'goals', 'victory', 'olympic', 'olympics', 'football', 'rugby', 'tennis', 'cricket', 'athletics', 'medal', 'striker', 'squad', 'final', 'champion'] },
  { path: ['Culture'], terms: ['film', 'films', 'movie', 'music', 'album', 'band', 'singer', 'actor', 'actress', 'festival', 'award', 'awards', 'oscar', 'theatre', 'chart', 'comedy', 'songs', 'song', 'star', 'stars', 'television', 'drama', 'novel', 'book'] },
  { path: ['Technology'], terms: ['software', 'internet', 'computer', 'computers', 'technology', 'digital', 'online', 'phone', 'phones', 'mobile', 'broadband', 'users', 'website', 'gaming', 'device', 'devices', 'network', 'networks', 'web', 'virus', 'security', 'apps', 'gadgets', 'hackers'] },
];

export interface SectionInput {
  texts: string[];
  entities: Entity[];
  /** The content words of each text, when the caller has them: saves tokenising again. */
  words?: string[][];
  /** Word counts over `texts`, when the caller has them (see wordStats): saves counting twice. */
  stats?: WordStats;
}

const wordsOf = (input: SectionInput, i: number): string[] => input.words?.[i] ?? contentWords(input.texts[i]!);

export interface WordStats {
  /** Occurrences of each word across all texts. */
  tf: Map<string, number>;
  /** Number of texts each word occurs in; words in first-seen order. */
  df: Map<string, number>;
}

/** Term and document frequencies of some texts' content words (each text as its word list), in one pass. */
export function wordStats(words: string[][]): WordStats {
  // One lookup per word: its counts and the last text it was seen in, together.
  const stats = new Map<string, { tf: number; df: number; last: number }>();
  words.forEach((list, ti) => {
    for (const w of list) {
      let x = stats.get(w);
      if (!x) stats.set(w, (x = { tf: 0, df: 0, last: -1 }));
      x.tf++;
      if (x.last !== ti) {
        x.last = ti;
        x.df++;
      }
    }
  });
  const tf = new Map<string, number>();
  const df = new Map<string, number>();
  for (const [w, x] of stats) {
    tf.set(w, x.tf);
    df.set(w, x.df);
  }
  return { tf, df };
}

/** A word and its plural count as one term: "election" matches "elections" (but "press" stays). */
const singular = (w: string) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

/** Each rule's terms, singular and without repeats, per taxonomy. */
const ruleTerms = new WeakMap<SectionRule, string[]>();
const termsOf = (rule: SectionRule) => {
  let terms = ruleTerms.get(rule);
  if (!terms) ruleTerms.set(rule, (terms = [...new Set(rule.terms.map((t) => singular(t.toLowerCase())))]));
  return terms;
};

/** Section path from the story's words; a place that dominates the story refines it. */
export function assignSection(input: SectionInput, taxonomy: SectionRule[] = DEFAULT_TAXONOMY): string[] {
  const counts = new Map<string, number>();
  for (const [w, n] of (input.stats ?? wordStats(input.texts.map((_, i) => wordsOf(input, i)))).tf) {
    const one = singular(w);
    counts.set(one, (counts.get(one) ?? 0) + n);
  }
  let best: SectionRule | null = null;
  let bestScore = 0;
  for (const rule of taxonomy) {
    const score = termsOf(rule).reduce((s, term) => s + (counts.get(term) ?? 0), 0);
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  if (best && bestScore >= 3) return best.path;
  // A place names the section only when it is shaped like a name, as a tag must be: page furniture
  // taken for a place ("DEAR SIR IF YOU LEAVE THE CAR…") never becomes a section.
  const place = input.entities.find((e) => e.type === 'PLACE' && tagShaped(e.name));
  return place ? ['News', place.name] : ['News'];
}

/** Whether a word is written in lower case more often than with a capital inside sentences. */
function mostlyLowerCase(word: string, texts: string[]): boolean {
  const re = new RegExp(`(?<![\\p{L}])(${escapeRe(word)})(?![\\p{L}])`, 'giu');
  let lower = 0;
  let upper = 0;
  for (const t of texts) {
    for (const m of t.slice(0, 3000).matchAll(re)) {
      if (m[1] === word) lower++;
      // A capital after a stop or at a line's start is the sentence's, not the word's.
      else if (!/(?:^|[.!?:]["”’']?\s+|\n\s*)$/.test(t.slice(Math.max(0, m.index! - 4), m.index!))) upper++;
    }
  }
  return lower > 0 && lower >= upper;
}

/**
 * Whether a name is the texts' own credit, in their datelines or bylines ("(Reuters) -", "By Josh
 * Levs, CNN"), in a twentieth of them or more: the outlet that wrote them, not what they are about.
 */
function credited(name: string, texts: string[]): boolean {
  const n = escapeRe(name);
  const re = new RegExp(`\\(${n}\\)|\\bBy [^,\\n]{3,60}, ${n}\\b|^${n}\\s*(?:[-—–]{1,2}|:)\\s`, 'm');
  return texts.length >= 3 && texts.filter((t) => re.test(t.slice(0, 200))).length * 20 >= texts.length;
}

// Words that may stand in lower case inside a name ("Bank of England", "Abu al-Hassan").
const NAME_CONNECTORS = new Set(['of', 'de', 'del', 'la', 'le', 'van', 'von', 'der', 'den', 'da', 'do', 'dos', 'du', 'al', 'el', 'bin', 'ibn', 'and', 'for', 'on', 'the']);

/**
 * A name as a tag: words that each begin with a capital (or a name connector), no stray punctuation,
 * no connector at either end, and not shouted. "of Russia", "United States.’", "Obama the American"
 * are fragments of a sentence, not names.
 */
function tagShaped(name: string): boolean {
  if (!/^[\p{L}][\p{L}\p{N}'’.& -]*[\p{L}\p{N}.]$/u.test(name) || name.length > 40) return false;
  // An abbreviation cut short of its last stop ("U.S" of "U.S."): the full form or another one.
  if (/\p{L}\.\p{L}$/u.test(name)) return false;
  const words = name.split(/\s+/);
  if (words.length > 4 || NAME_CONNECTORS.has(words[0]!.toLowerCase()) || NAME_CONNECTORS.has(words[words.length - 1]!.toLowerCase())) return false;
  if (words.length > 1 && words.every((w) => w === w.toUpperCase())) return false;
  return words.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || NAME_CONNECTORS.has(w.toLowerCase()) || /^(?:al|el)-\p{Lu}/u.test(w));
}

// English verbs whose past does not end in -ed ("found", "left"): a verb's past, like "agreed", is no
// topic. (Not those whose past is also a noun a story is about: "cost", "spread", "shot", "cut".)
const IRREGULAR_PASTS = new Set('arose awoke became began bent bit bled blew broke brought built burnt bought caught chose clung came crept dealt dug drew dreamt drank drove ate fell fed felt fought found fled flung flew forbade forgot forgave froze got gave went grew hung heard hid held kept knelt knew laid led leapt learnt left lent lost made meant met paid rode rang rose ran saw sought sold sent shook shone showed shrank shut sang sank sat slept slid spoke sped spent spun sprang stood stole stuck stung struck swore swept swam swung took taught tore told thought threw understood woke wore wove wept won wrote withdrew'.split(' '));

// Words every story uses: never a tag.
const GENERIC_WORDS = new Set('foreign national local international public political military economic social general former current recent high long short early late full free open clear possible likely main key top greater larger higher lower bigger smaller better worse further earlier later state states people person year years time times week weeks month months today yesterday week part parts side sides number numbers group groups place places thing things case way ways lot lots area areas country countries world city cities report reports statement statements official officials according including another other others many much more most some several whole major minor first last next second third since while during after before still also just even only near nearby within without behind beyond toward towards despite throughout never always often ever almost take took taken know knew known want wanted need needs make makes think thought come came give gave keep kept look looked seem seemed'.split(' '));

/**
 * Tags: the story's named entities that recur across its articles (the form written in at least two
 * of them, and more than any other name that contains it), then its most frequent topic words.
 */
export function storyTags(input: SectionInput, max = 8): string[] {
  const tags: string[] = [];
  // Texts that write the form as a word of its own: a substring search, then its two edges checked.
  const letter = /\p{L}/u;
  const docFreq = (form: string) => {
    let n = 0;
    for (const t of input.texts) {
      for (let at = t.indexOf(form); at >= 0; at = t.indexOf(form, at + 1)) {
        if (!letter.test(t[at - 1] ?? ' ') && !letter.test(t[at + form.length] ?? ' ')) {
          n++;
          break;
        }
      }
    }
    return n;
  };
  const minDocs = Math.max(2, Math.ceil(input.texts.length * 0.1));
  const candidates: { form: string; df: number }[] = [];
  for (const e of input.entities.slice(0, 60)) {
    // Twice the tags wanted is enough to choose from (entities come most mentioned first).
    if (candidates.length >= max) break;
    if (e.type === 'OTHER' || e.mentions < 2) continue;
    // Not the outlet credited in the texts' datelines ("CAIRO (CNN) --"), who wrote them, nor a
    // one-word name that is a word every story uses ("World" of "World Health Organisation").
    const forms = [e.name, ...e.aliases].filter((f) => tagShaped(f) && !GENERIC_WORDS.has(f.toLowerCase()) && !credited(f, input.texts)).slice(0, 6).map((form) => ({ form, df: docFreq(form) })).sort((a, b) => b.df - a.df || b.form.length - a.form.length);
    const best = forms[0];
    if (best && best.df >= minDocs && !candidates.some((c) => c.form === best.form)) candidates.push(best);
  }
  // A longer name that holds a shorter, more widely written one adds nothing but its extra words
  // ("Royal London Asset Management BP" beside "BP").
  for (const c of candidates.sort((a, b) => b.df - a.df)) {
    if (tags.length >= Math.ceil(max / 2)) break;
    if (tags.some((t) => c.form.includes(t) || t.includes(c.form))) continue;
    tags.push(c.form);
  }
  // Document frequency: the number of texts a word occurs in.
  const counts = (input.stats ?? wordStats(input.texts.map((_, i) => wordsOf(input, i)))).df;
  const entityWords = new Set(tags.flatMap((t) => t.toLowerCase().split(/\s+/)));
  // In how many texts each word stands in the title or the first lines (the first 300 characters).
  const leads = new Map<string, number>();
  for (const t of input.texts) for (const w of new Set(contentWords(t.slice(0, 300)))) leads.set(w, (leads.get(w) ?? 0) + 1);
  const minLeads = Math.max(2, Math.ceil(input.texts.length / 20));
  for (const [w] of [...counts.entries()].filter(([w, n]) => n >= 2 && !entityWords.has(w) && w.length > 3).sort((a, b) => b[1] - a[1])) {
    if (tags.length >= max) break;
    // A topic is what the reports lead with: a word of the titles or opening lines of two reports
    // and a twentieth of them, not only of their bodies ("form", "lowest", "never").
    if ((leads.get(w) ?? 0) < minLeads) continue;
    // One topic under one form: "protest" beside "protests" adds nothing.
    if (tags.some((t) => t === `${w}s` || `${t}s` === w || t === `${w}es` || `${t}es` === w)) continue;
    // A topic is a thing: not a verb's past ("agreed"), an adverb, a comparative, or a word of any story.
    if (/(?:ed|ly)$/.test(w) || IRREGULAR_PASTS.has(w) || GENERIC_WORDS.has(w)) continue;
    // A word written in capitals as often as not is part of a name ("Dessen" of the Dessen River,
    // "Horizon" of Deepwater Horizon), not a topic.
    if (!mostlyLowerCase(w, input.texts)) continue;
    tags.push(w);
  }
  return tags;
}

/** Search keywords: frequent two-word phrases and the main names, as people type them. */
export function storyKeywords(input: SectionInput, max = 8): string[] {
  // Bigrams keyed by two word numbers (no string per bigram), counted once per text. The phrases
  // people search for are in the opening of the coverage; 300 words per text suffice.
  const ids = new Map<string, number>();
  const vocab: string[] = [];
  const idOf = (w: string) => {
    let id = ids.get(w);
    if (id === undefined) {
      id = vocab.push(w) - 1;
      ids.set(w, id);
    }
    return id;
  };
  const counts = new Map<number, number>();
  const lastText = new Map<number, number>();
  input.texts.forEach((_, ti) => {
    const words = wordsOf(input, ti);
    const n = Math.min(words.length, 300);
    let prev = n > 0 ? idOf(words[0]!) : 0;
    for (let i = 1; i < n; i++) {
      const cur = idOf(words[i]!);
      const key = prev * 0x200000 + cur;
      prev = cur;
      if (lastText.get(key) === ti) continue;
      lastText.set(key, ti);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  const phrases = [...counts.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1])
    .map(([key]) => `${vocab[Math.floor(key / 0x200000)]} ${vocab[key % 0x200000]}`);
  const names = input.entities.filter((e) => e.type !== 'OTHER').slice(0, 3).map((e) => e.name.toLowerCase());
  return [...new Set([...names, ...phrases])].slice(0, max);
}
