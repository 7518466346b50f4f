import type {
  BriefingChanges,
  Analysis,
  Article,
  AudienceProfile,
  Briefing,
  Cited,
  Entity,
  Product,
  Quote,
  RelatedStory,
  SectionRule,
  Statement,
} from '../model/index.js';
import { assignSection, wordStats, buildTimeline, contentWords, cosine, cosineNormed, norm, mergeStoryEntities, storyKeywords, storyTags } from '../stories/index.js';
import { withoutDateline } from '../analyze/sentences.js';
import { commentsStartAt, hasVerb, MAX_UNIT_WORDS, publishable, splitRunIn } from './quality.js';
import { cleanTitle, cutAtPhrase, DECK_MAX, HEADLINE_MAX, headlineFromSentence, headlineLike, withoutUnpairedTail } from './headline.js';
import { findContradictions } from './contradictions.js';
import { claimStatus, originGroups } from './origins.js';
import { DEFAULT_AUDIENCE } from './audience.js';
import { pickProducts } from './shelf.js';
import { escapeRe } from '../text/regexp.js';

export interface ComposeArticle extends Article {
  analysis: Analysis;
}

export interface ComposeInput {
  storyId: string;
  articles: ComposeArticle[];
  previous?: Briefing | null;
  related?: RelatedStory[];
  catalogue?: Product[];
  audience?: AudienceProfile;
  taxonomy?: SectionRule[];
  now?: Date;
  /** The articles' entities merged (mergeStoryEntities over them in compose order), when the caller has them already. */
  entities?: Entity[];
  /** The whole story's coverage when `articles` is a window of a longer story (src/pipeline/compose-window.ts). */
  coverage?: { articles: number; outlets: number; first: string | null; last: string | null };
}

/** An article whose words match the rest of the story's less than this share of the median article's gives no statement or timeline line. */
const FRINGE_SHARE = 0.4;
/** The fewest articles for which a median says what the story's usual article is. */
const FRINGE_MIN_ARTICLES = 5;

// Word vectors of sentences, kept for the duration of one briefing (each sentence is compared often).
let vectors = new Map<string, Map<string, number>>();
const bagOf = (words: string[]) => {
  const m = new Map<string, number>();
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
};
const vec = (s: string) => {
  let m = vectors.get(s);
  if (!m) vectors.set(s, (m = bagOf(contentWords(s))));
  return m;
};

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

function truncateChars(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** The story's articles with every sentence indexed by word, so support is found without comparing all pairs. */
interface IndexedStory {
  articles: ComposeArticle[];
  articleOf: Int32Array;
  norms: Float64Array;
  /** For each word, the sentences that have it and how often, flat: sentence, count, sentence, count, … */
  postings: Map<string, number[]>;
  /** Scratch for findSimilar: a dot product per sentence, and the sentences it touched. */
  dots: Float64Array;
  touched: Int32Array;
  /** similarArticles' answers, by threshold and text (a text is asked about more than once). */
  similar: Map<string, Set<number>>;
}

function indexStory(articles: ComposeArticle[]): IndexedStory {
  const n = articles.reduce((k, a) => k + a.analysis.sentences.length, 0);
  const story: IndexedStory = { articles, articleOf: new Int32Array(n), norms: new Float64Array(n), postings: new Map(), dots: new Float64Array(n), touched: new Int32Array(n), similar: new Map() };
  let si = 0;
  articles.forEach((a, ai) => {
    for (const s of a.analysis.sentences) {
      const v = vec(s);
      story.articleOf[si] = ai;
      story.norms[si] = norm(v);
      for (const [w, count] of v) {
        const list = story.postings.get(w);
        if (list) list.push(si, count);
        else story.postings.set(w, [si, count]);
      }
      si++;
    }
  });
  return story;
}

/** Sources that state the sentence: its words verbatim, or a sentence of theirs at cosine > 0.75. */
function supporting(text: string, story: IndexedStory, origin: string): string[] {
  const support = similarArticles(text, story, 0.75);
  const found: ComposeArticle[] = [];
  story.articles.forEach((a, ai) => {
    if (a.id !== origin && (support.has(ai) || a.text.includes(text))) found.push(a);
  });
  // A sentence a wire sent to hundreds of sites would cite hundreds of copies: cite the article it
  // came from and at most MAX_CITES - 1 others, one per outlet first, so the reader gets different
  // outlets rather than reprints, and two of them still confirm it.
  const ids = [origin];
  const outlets = new Set([story.articles.find((a) => a.id === origin)?.outlet ?? origin]);
  for (const a of found) {
    if (ids.length >= MAX_CITES) break;
    const outlet = a.outlet ?? a.id;
    if (!outlets.has(outlet)) (outlets.add(outlet), ids.push(a.id));
  }
  for (const a of found) if (ids.length < MAX_CITES && !ids.includes(a.id)) ids.push(a.id);
  return ids;
}

/** Sources one sentence cites, at most. */
const MAX_CITES = 6;

// Headlines write verbs in the present ("Karvenia returns to talks", "Talks resume"): a verb form
// the prose test misses. A title with none of these states an angle ("The lessons of 1918").
const HEADLINE_VERB = /\b\p{Ll}{3,}s\s+(?:to|in|on|at|for|with|as|after|over|from|into|against|amid|despite|up|down|back|out)\b|\b(?:resumes?|agrees?|opens?|closes?|ends?|begins?|falls?|rises?|wins?|loses?|meets?|reaches?|seeks?|faces?|says?|calls?|vows?|urges?|warns?|plans?|hits?|kills?|strikes?|returns?|quits?|backs?|rejects?|approves?|passes?|fails?|halts?|stops?|starts?|spreads?|grows?|sinks?|leaks?|flees?|dies|dead|killed|resigns?|suspends?|lifts?|bans?|orders?)\b/u;

/** The articles (by index) with a sentence at cosine > `threshold` to `text`: how widely it is reported. */
function similarArticles(text: string, story: IndexedStory, threshold: number): Set<number> {
  const key = `${threshold}|${text}`;
  const known = story.similar.get(key);
  if (known) return known;
  const found = findSimilar(text, story, threshold);
  story.similar.set(key, found);
  return found;
}

function findSimilar(text: string, story: IndexedStory, threshold: number): Set<number> {
  const v = vec(text);
  const nv = norm(v);
  const { dots, touched } = story;
  let k = 0;
  for (const [w, x] of v) {
    const list = story.postings.get(w);
    if (!list) continue;
    for (let i = 0; i < list.length; i += 2) {
      const si = list[i]!;
      const d = dots[si]!;
      if (d === 0) touched[k++] = si;
      dots[si] = d + x * list[i + 1]!;
    }
  }
  const out = new Set<number>();
  for (let i = 0; i < k; i++) {
    const si = touched[i]!;
    if (dots[si]! / (nv * story.norms[si]! || 1) > threshold) out.add(story.articleOf[si]!);
    dots[si] = 0;
  }
  if (out.size === 0) out.add(-1);
  return out;
}

// A count of a thing: "149 deaths", "at least 12 people killed".
const COUNT = /\b(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[a-z-]+\s+)?(people|dead|deaths|killed|injured|wounded|missing|cases|infections|patients|prisoners|detainees|hostages|soldiers|troops|homes|houses|families|residents|evacuees|refugees)\b/gi;

/** Two texts that give different numbers for the same counted noun: the deck must not set one against the headline. */
function disagrees(a: string, b: string): boolean {
  const counts = (t: string) => new Map([...t.matchAll(COUNT)].map((m) => [m[2]!.toLowerCase(), m[1]!]));
  const x = counts(a);
  for (const [noun, n] of counts(b)) if (x.has(noun) && x.get(noun) !== n) return true;
  return false;
}

/** A line on the coverage itself, for a deck when no second development stands apart from the headline. */
function coverageLine(articles: ComposeArticle[], whole?: ComposeInput['coverage']): string {
  const outlets = whole?.outlets ?? new Set(articles.map((a) => a.outlet).filter(Boolean)).size;
  const days = articles.map((a) => (a.published ?? '').slice(0, 10)).filter(Boolean).sort();
  const [first, last] = whole ? [whole.first, whole.last] : [days[0], days[days.length - 1]];
  const span = first && last ? (first === last ? ` on ${humanDay(first)}` : ` from ${humanDay(first)} to ${humanDay(last)}`) : '';
  const n = whole?.articles ?? articles.length;
  return `${n.toLocaleString('en-GB')} report${n === 1 ? '' : 's'}${outlets > 1 ? ` from ${outlets} outlets` : ''}${span}`;
}

// A sentence that opens on a pronoun or a word pointing back: it cannot lead a briefing.
const UNNAMED = 0.5;
/** "Seven hours later, …": a line that counts from a moment it does not name leans on the one before. */
const COUNTS_FROM = /^(?:[\p{L}-]+\s+){0,2}(?:[Ss]econds|[Mm]inutes|[Hh]ours|[Dd]ays|[Ww]eeks|[Mm]onths|[Mm]oments)\s+later\b/u;
const LEANS_BACK = /^(?:He|She|They|It|We|I|This|These|Those|That|Such|Its|Their|His|Her)\b|^\p{Lu}\p{Ll}*\s+also\b/u;
/** "Thousands of cases had already been reported": the past perfect with "already" or "previously" tells what came before, not what happened. */
const HAD_ALREADY = /\bhad\s+(?:already|previously|earlier)\s+\p{Ll}+/u;
/**
 * A timeline bullet or background line is read alone: one whose subject points back at a sentence
 * the reader was not shown ("This was completed at 1930 CDT on 1 June", "He said on Monday …", "It was
 * carrying out exploratory drilling …") is not shown. ("It is …", "There …" open on nothing and stay.)
 */
const POINTS_BACK = /^(?:He|She|They|This|These|Those|That|Such)\s+(?!is\s+(?:why|what|how|because)\b|(?:week|weekend|month|year|morning|afternoon|evening|night|time|summer|spring|autumn|winter|season|days)\b)\p{Ll}|^It\s+(?!is\s|was\s+(?:the|a|an)\s|has\s+been\s+\d)\p{Ll}|^\p{Lu}\p{Ll}*\s+also\b/u;
const standsAlone = (text: string | null): string | null => (text && (POINTS_BACK.test(text) || COUNTS_FROM.test(text)) ? null : text);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const humanDay = (d: string) => `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;

/** The first dozen words of a report's first shown sentence, cut at a word (a source with no title is known by them). */
function openingWords(sentence: string | null): string | null {
  if (!sentence) return null;
  // (Shown inside quotation marks: its own double quotes go, half of a pair would read as an end.)
  const ws = sentence.replace(/["“”]/g, '').split(/\s+/).filter(Boolean);
  return ws.length <= 12 ? ws.join(' ') : `${ws.slice(0, 12).join(' ').replace(/[\s,;:—–-]+$/, '')} …`;
}

/**
 * A sentence shown outside the timeline, its "today" and "yesterday" anchored to the days they meant
 * in the report ("confirmed in the UK today" → "confirmed in the UK on 4 May"): a briefing is read on
 * other days than its reports were written, and only the timeline prints each report's date.
 */
export function anchorDays(text: string, published: string | null | undefined): string {
  if (!published || !/\b(?:[Tt]oday|[Yy]esterday)\b(?![’']s)/.test(text)) return text;
  const day = Date.parse(published.slice(0, 10));
  if (Number.isNaN(day)) return text;
  const dayMonth = (offset: number) => {
    const d = new Date(day - offset * 86_400_000).toISOString();
    return `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]}`;
  };
  return text.replace(/(\b(?:until|since|from|by|before|after|as of)\s+)?\b([Tt]oday|[Yy]esterday)\b(?![’']s)/g, (_m, prep: string | undefined, word: string) => {
    const date = dayMonth(/^y/i.test(word) ? 1 : 0);
    if (prep) return `${prep}${date}`;
    return `${word[0] === word[0]!.toUpperCase() ? 'On' : 'on'} ${date}`;
  });
}

/** A unit as shown outside the timeline (its days anchored), or null when that runs past the unit limit. */
const asShown = (text: string, published: string | null | undefined): string | null => {
  const shown = anchorDays(text, published);
  return words(shown) > MAX_UNIT_WORDS ? null : shown;
};

// Words a page's layout or a sentence's grammar can put where a speaker's name goes.
const NOT_A_SPEAKER = /^(?:Quote|Quotes|Update|Updated|Note|Comment|Comments|Reply|Source|Sources|Photo|Video|Audio|Transcript|Advertisement|Statement|Analysis|Opinion|Editor|Editor['’]?s note)$/i;

/**
 * A speaker to print under a quotation: a name the story knows as a person or a body (not a place or
 * an unknown word), in the form of a name (not "of Pop", not a layout label).
 */
/** A name in the form of a name: not a layout label, no connector at either end, no opening word glued on. */
function speakerShaped(speaker: string): boolean {
  // Names run to four words ("Amara Okoro", "Ban Ki-moon", "Saudi Press Agency"); more is a headline.
  if (speaker.split(/\s+/).length > 4) return false;
  if (NOT_A_SPEAKER.test(speaker) || !/^\p{Lu}/u.test(speaker) || /^(?:Of|The|And|In|On|At|By|For|From|With)\s/i.test(speaker)) return false;
  // An abbreviation cut short of its last stop ("J.D" of "J.D. writes"): initials, not a name read whole.
  if (/\p{L}\.\p{L}$/u.test(speaker)) return false;
  // A sentence's first word glued to a name ("Expecting Obama", "Meanwhile Hayward").
  if (/^\p{Lu}\p{Ll}+(?:ing|ly|ed)\s/u.test(speaker) || /^(?:Meanwhile|However|Later|Earlier|Today|Yesterday|Also|Now|Then|But|And|So|Still|Yet)\s/.test(speaker)) return false;
  return !/\s(?:of|the|and|in|on|at|by|for)$/i.test(speaker);
}

/** A quotation's parts, compared across reports: letters and digits only, in lower case, 30 characters or more. */
const quoteParts = (text: string) =>
  text
    .split(' … ')
    .map((t) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim())
    .filter((p) => p.length >= 30);

/**
 * Whether the reports that attribute a quotation's words agree on who spoke them: more reports
 * give some part of it to this speaker than give it to someone else.
 */
function attributionHolds(quote: string, speaker: string, articles: ComposeArticle[], speakerOf: (form: string) => string, partsOf: (q: Quote) => string[]): boolean {
  const parts = quoteParts(quote);
  if (parts.length === 0) return true;
  let agree = 0;
  let differ = 0;
  for (const a of articles) {
    let mine = false;
    let other = false;
    for (const q of a.analysis.quotes) {
      if (!q.speaker || !q.direct) continue;
      if (!partsOf(q).some((k) => parts.some((p) => k.includes(p) || p.includes(k)))) continue;
      if (speakerOf(q.speaker) === speaker) mine = true;
      else other = true;
    }
    if (mine) agree++;
    else if (other) differ++;
  }
  return agree > differ;
}

function confidentSpeaker(speaker: string, entity: Entity | undefined): boolean {
  if (!speakerShaped(speaker)) return false;
  if (!entity) return false;
  // A name the story gives a post to, or mentions more than once: a one-off capitalised pair
  // ("ET Obamacare") is more likely a misreading than a speaker.
  if (entity.type === 'PERSON') return entity.roles.some(isRole) || entity.mentions >= 2;
  return entity.type === 'ORG' && entity.mentions >= 2;
}

// A role is a post: a clause (a verb, "that", a weekday) is a fragment of the sentence instead.
const ROLE_CLAUSE = /\b(?:that|said|says|told|who|which|whom|should|would|will|could|can|has|have|had|was|were|is|are|be|been|being|did|does|do)\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|[“”"]/;
const isRole = (r: string | null | undefined): r is string => !!r && !ROLE_CLAUSE.test(r) && r.split(/\s+/).length <= 10 && /\p{L}/u.test(r);

/** One role per person: the quote's own when it reads as a post, else the entity's longest that does. */
function roleFor(quoteRole: string | null, entity: Entity | undefined): string | null {
  if (isRole(quoteRole)) return quoteRole;
  return entity ? ([...entity.roles].filter(isRole).sort((a, b) => b.length - a.length)[0] ?? null) : null;
}

const BACKGROUND_CUES = /\b(since|began|has been|have been|had been|last year|last month|earlier this|previous|history|years? ago|long-running|decades?|in recent (?:weeks|months|years)|broke out|started)\b/i;
const ANALYSIS_CUES = /\b(analysts?|experts?|observers?|economists?|researchers?|diplomats?|risk|risks|likely|unlikely|uncertain|could|would|may|might|warned|concerns?|disputed?|stakes?|fear|fears|depends?)\b/i;

/** Compose the briefing of one story from its articles alone; every sentence keeps its sources. */
/** A story's articles in the order a briefing reads them: by publication, oldest first (a copy). */
export const inComposeOrder = <T extends Pick<Article, 'published'>>(articles: readonly T[]): T[] => [...articles].sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));

export function composeBriefing(input: ComposeInput): Briefing {
  vectors = new Map();
  try {
    return compose(input);
  } finally {
    vectors = new Map();
  }
}

function compose(input: ComposeInput): Briefing {
  const now = input.now ?? new Date();
  const audience = input.audience ?? DEFAULT_AUDIENCE;
  const articles = inComposeOrder(input.articles);
  if (articles.length === 0) throw new Error('a briefing needs at least one article');
  // Each sentence tokenised once: its word vector (for the sentence index and every comparison) and
  // its article's words (from its title and sentences, for the story's word counts) come from the
  // same list; the full texts are never tokenised again.
  const sentenceWords = articles.map((a) => a.analysis.sentences.map((s) => contentWords(s)));
  articles.forEach((a, ai) => a.analysis.sentences.forEach((s, si) => vectors.has(s) || vectors.set(s, bagOf(sentenceWords[ai]![si]!))));
  const story = indexStory(articles);
  const entities = input.entities ?? mergeStoryEntities(articles.map((a) => a.analysis.entities));
  const storyText = articles.map((a) => `${a.title ?? ''}\n${a.text}`);
  const storyWords = articles.map((a, ai) => [...(a.title ? contentWords(a.title) : []), ...sentenceWords[ai]!.flat()]);
  const centre = new Map<string, number>();
  for (const list of storyWords) for (const w of list) centre.set(w, (centre.get(w) ?? 0) + 1);
  const used = new Set<string>();

  // What of each article may be shown: every sentence through the quality gate, and nothing from
  // where its reader comments begin.
  const shown = new Map<ComposeArticle, (string | null)[]>();
  const commentsAt = new Map<ComposeArticle, number>();
  for (const a of articles) {
    const end = commentsStartAt(a.analysis.sentences);
    commentsAt.set(a, end);
    shown.set(a, a.analysis.sentences.map((s, i) => (i < end ? publishable(s).text : null)));
  }
  const show = (a: ComposeArticle, i: number) => shown.get(a)![i] ?? null;

  const centreNorm = norm(centre);
  const centrality = (text: string) => cosineNormed(vec(text), norm(vec(text)), centre, centreNorm);
  // How much an article is about the story: the cosine of its words with the rest of the story's
  // (the centre less its own words). A roundup or column that touches the story in one paragraph
  // sits far below the story's usual article; its quotes are about other things.
  const fit = new Map(
    articles.map((a, i) => {
      const v = new Map<string, number>();
      for (const w of storyWords[i]!) v.set(w, (v.get(w) ?? 0) + 1);
      let cv = 0;
      let vv = 0;
      for (const [w, x] of v) {
        cv += x * (centre.get(w) ?? 0);
        vv += x * x;
      }
      const rest = Math.sqrt(Math.max(0, centreNorm * centreNorm - 2 * cv + vv));
      return [a, vv && rest ? (cv - vv) / (Math.sqrt(vv) * rest) : 0];
    }),
  );
  const medianFit = [...fit.values()].sort((x, y) => x - y)[Math.floor(articles.length / 2)] ?? 0;
  const onFringe = (a: ComposeArticle): boolean => articles.length >= FRINGE_MIN_ARTICLES && fit.get(a)! < FRINGE_SHARE * medianFit;

  const lastDay = Date.parse((articles[articles.length - 1]!.published ?? '').slice(0, 10));
  const recency = (a: ComposeArticle) => {
    const age = Number.isNaN(lastDay) || !a.published ? 0 : Math.round((lastDay - Date.parse(a.published.slice(0, 10))) / 86_400_000);
    return age <= 0 ? 1 : age === 1 ? 0.85 : age === 2 ? 0.7 : 0.5 / Math.max(1, age - 2);
  };

  // Developments: the titles that read as headlines and the opening sentences of every article,
  // scored by how central they are to the coverage, how recent, and how many articles report them.
  interface Development { text: string; sentence: string; article: ComposeArticle; score: number; corroboration: number; title: boolean; named: number }
  const developments: Development[] = [];
  // A headline names who or where: a development whose headline form names none of the story's
  // leading people, bodies and places ("The damage to the environment was getting worse and
  // worse", its "While BP was trying to stop the oil …" cut away) counts half.
  const leading = entities.filter((e) => e.type !== 'OTHER').slice(0, 12).flatMap((e) => [e.name, ...e.aliases.slice(0, 3)]).filter((n) => n.length > 1);
  const naming = (text: string) => (leading.some((n) => text.includes(n)) ? 1 : UNNAMED);
  // "the province" for "Lumen Province", "the agency" for "Health Protection Agency": a leading
  // name's kind, with "the", stands for it in a line of background.
  const kinds = [...new Set(leading.filter((n) => n.includes(' ')).map((n) => n.split(' ').pop()!).filter((w) => /^\p{Lu}\p{Ll}{3,}$/u.test(w)).map((w) => w.toLowerCase()))];
  const leadingKind = kinds.length ? new RegExp(`\\bthe (?:${kinds.map(escapeRe).join('|')})\\b`, 'i') : /(?!)/;
  for (const a of articles) {
    // A text file's headline is often run into its first sentence ("Swine flu and the lessons of 1918 The …").
    const runIn = a.analysis.sentences[0] ? splitRunIn(withoutDateline(a.analysis.sentences[0])) : null;
    const title = headlineLike(a.title) ? cleanTitle(a.title!) : runIn && headlineLike(runIn.head) ? runIn.head : null;
    // A title that states a development (it has a verb), not a feature's angle ("The lessons of 1918").
    if (title && (hasVerb(title) || HEADLINE_VERB.test(title))) {
      const t = title;
      // An editor's headline reads better than one cut from a sentence: titles weigh a third more.
      // A comment piece's title ("… are no accident, says Stephen Sedley", "Opinion: …") is a view, not the news.
      const view = /,\s+(?:says|writes|argues)\s+\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3}$|^(?:Comment|Opinion|Analysis|Leader|Editorial|Letters?)\s*[:|]/u.test(t) ? 0.5 : 1;
      developments.push({ text: t, sentence: t, article: a, title: true, corroboration: 1, score: centrality(t) * recency(a) * 1.3 * view, named: naming(t) });
    }
    let taken = 0;
    for (let i = 0; i < a.analysis.sentences.length && taken < 3; i++) {
      const text = show(a, i);
      // A headline stands alone: not a quotation, nor a sentence that leans on the one before
      // ("They also called for …", "It was the third day …").
      // Nor what "had already" happened: that is background, not a development.
      if (!text || /^[“"‘]/.test(text) || LEANS_BACK.test(text) || COUNTS_FROM.test(text) || HAD_ALREADY.test(text) || words(text) < 8 || words(text) > 45) continue;
      const whole = headlineFromSentence(text, Infinity);
      if (!hasVerb(cutAtPhrase(whole, HEADLINE_MAX))) continue;
      taken++;
      // A development that must be cut to fit a headline says less of itself: a quarter less.
      const fits = whole.length <= HEADLINE_MAX ? 1 : 0.75;
      developments.push({ text, sentence: a.analysis.sentences[i]!, article: a, title: false, corroboration: 1, score: centrality(text) * recency(a) * (1 - 0.1 * i) * fits, named: naming(whole) });
    }
  }
  // How widely each is reported weighs in for the leading candidates (the others cannot reach the
  // top: corroboration only ever raises a score), so a story of thousands of articles asks it 60 times.
  developments.sort((x, y) => y.score - x.score);
  for (const d of developments.slice(0, 60)) {
    d.corroboration = similarArticles(d.text, story, d.title ? 0.35 : 0.5).size;
    d.score *= 1 + Math.log2(d.corroboration);
  }
  developments.sort((x, y) => y.score - x.score || (y.article.published ?? '').localeCompare(x.article.published ?? ''));
  // The headline: the best development by its score as a headline (named), the rest by their own.
  const top = developments.reduce<Development | undefined>((best, d) => (!best || d.score * d.named > best.score * best.named ? d : best), undefined);
  // (Never with a quotation it opens and does not close: "… are “twins” ‘Egypt will explode".)
  const headline = withoutUnpairedTail(top ? (top.title ? cutAtPhrase(top.text, HEADLINE_MAX) : headlineFromSentence(top.text)) : cutAtPhrase(articles[articles.length - 1]!.title ?? 'Untitled story', HEADLINE_MAX));
  const headVec = vec(top?.text ?? headline);
  // The deck: the second fact, from another article, that neither repeats nor contradicts the headline.
  // Whole where one fits: a deck cut mid-thought reads as a fragment.
  const deckCandidates = developments.filter((d) => d !== top && d.article !== top?.article && !d.title && cosine(vec(d.text), headVec) < 0.45 && !disagrees(d.text, top?.text ?? headline));
  // Like the headline, it names who or where where one of the candidates does ("The damage to the
  // environment was getting worse and worse" names nobody).
  const namedDecks = deckCandidates.filter((d) => d.named === 1);
  const deckPool = namedDecks.length > 0 ? namedDecks : deckCandidates;
  const deckOf = deckPool.slice(0, 5).find((d) => headlineFromSentence(d.text, Infinity).length <= DECK_MAX) ?? deckPool[0];
  const altHeadline = deckOf ? headlineFromSentence(deckOf.text, DECK_MAX) : coverageLine(articles, input.coverage);
  if (top) used.add(top.sentence);
  if (deckOf) used.add(deckOf.sentence);

  // Summary: two or three more developments, most central first, none repeating the headline or the
  // deck, in under 90 words.
  const summaryParts: Development[] = [];
  for (const d of developments) {
    if (summaryParts.length >= 3 || d.title || d === top || d === deckOf) continue;
    const v = vec(d.text);
    if (cosine(v, headVec) > 0.5 || (deckOf && cosine(v, vec(deckOf.text)) > 0.5) || summaryParts.some((p) => cosine(vec(p.text), v) > 0.45)) continue;
    // (Counted as written: the few words that anchoring a "today" adds do not change what fits.)
    if (words([...summaryParts.map((p) => p.text), d.text].join(' ')) > 90) continue;
    summaryParts.push(d);
  }
  summaryParts.sort((x, y) => (x.article.published ?? '').localeCompare(y.article.published ?? ''));
  for (const p of summaryParts) used.add(p.sentence);
  const summary = summaryParts.length ? summaryParts.map((p) => anchorDays(p.text, p.article.published)).join(' ') : (deckOf?.text ?? top?.text ?? headline);
  const summaryCited = summaryParts.map((p) => ({ text: p.text, sources: supporting(p.text, story, p.article.id) }));
  const summarySources = [...new Set(summaryParts.length ? summaryCited.flatMap((p) => p.sources) : top ? supporting(top.text, story, top.article.id) : [])];

  // Timeline: the story's dated developments, oldest first, through the same gate. Coverage dated on
  // few days gives a second development for a day rather than a timeline of two or three lines.
  const timelineInput = articles.map((a) => ({ id: a.id, published: a.published, analysis: a.analysis, article: a }));
  const timelineOf = (perDate: number) =>
    buildTimeline(timelineInput, { dates: Math.min(10, Math.max(3, Math.ceil(articles.length * 0.75))), perDate, clean: (_s, i, ta) => (onFringe((ta as unknown as { article: ComposeArticle }).article) ? null : standsAlone(show((ta as unknown as { article: ComposeArticle }).article, i))) })
      .flatMap((d) => d.sentences.map((s) => ({ date: d.date, text: s.text, sources: s.sources })));
  let timeline = timelineOf(1);
  if (timeline.length < 5 && articles.length >= 5) timeline = timelineOf(2).slice(0, 10);
  for (const t of timeline) used.add(t.text);

  // Background: context sentences from the earliest coverage, not repeating the summary or timeline,
  // and not from a report on the story's fringe (a folder of wire copy opens with other news).
  const background: Cited[] = [];
  for (const a of articles) {
    if (onFringe(a)) continue;
    for (const [i, s] of a.analysis.sentences.entries()) {
      if (background.length >= 3) break;
      const text = standsAlone(show(a, i));
      if (!text || used.has(s) || used.has(text) || i === 0 || /[“”"]/.test(s) || !BACKGROUND_CUES.test(s) || words(s) < 8) continue;
      // About the story, not about whatever else its first report touched ("Freeland began her career …").
      // And naming one of its leading people, bodies or places: context is context of someone or
      // somewhere ("A little history for ya: President Coolidge was the first …" in a roundup is not).
      if (centrality(text) < 0.12 || (naming(text) !== 1 && !leadingKind.test(text))) continue;
      if (background.some((b) => cosine(vec(b.text), vec(text)) > 0.5)) continue;
      const shown = asShown(text, a.published);
      if (!shown) continue;
      background.push({ text: shown, sources: supporting(s, story, a.id) });
      used.add(s);
    }
  }

  // Statements: the strongest direct quote of each named speaker, verbatim from a cited source, only
  // where the speaker is a person or body the story names and the role reads as a post.
  const statements: Statement[] = [];
  const bySpeaker = new Map<string, { quote: string; article: ComposeArticle; role: string | null }>();
  // Speaker forms to the story's entity: names first, then aliases (a large story has thousands).
  const entityByForm = new Map<string, Entity>();
  for (const e of entities) if (!entityByForm.has(e.name)) entityByForm.set(e.name, e);
  for (const e of entities) for (const f of e.aliases) if (!entityByForm.has(f)) entityByForm.set(f, e);
  for (const a of articles) {
    if (onFringe(a)) continue;
    const end = commentsAt.get(a)!;
    for (const q of a.analysis.quotes) {
      // Whole statements only: a partial quotation ("is someone that we know well") reads as a fragment.
      if (!q.direct || q.partial || !q.speaker || q.sentence >= end || words(q.text) < 6 || words(q.text) > MAX_UNIT_WORDS || q.text.length > 320 || !/^[‘'"“]?[\p{Lu}\p{N}]/u.test(q.text)) continue;
      const entity = entityByForm.get(q.speaker);
      if (!confidentSpeaker(q.speaker, entity)) continue;
      // "I came today …" is a person's: a place or a body given words in the first person singular
      // was misread (a name before the colon: "addressing protesters in Cairo: “I came …”").
      if (entity!.type !== 'PERSON' && /\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|myself)\b/.test(q.text)) continue;
      // The entity's fullest form, unless that form is itself a misreading ("of State Hillary Clinton").
      const name = entity && speakerShaped(entity.name) ? entity.name : q.speaker;
      const current = bySpeaker.get(name);
      if (!current || q.text.length > current.quote.length) bySpeaker.set(name, { quote: q.text, article: a, role: q.speakerRole });
    }
  }
  // The speakers whose words come from the coverage most about the story first (in a folder of mixed
  // reports, the first few of the day may be about something else), two at most from one report,
  // shown in order of appearance.
  const order = new Map(articles.map((a, i) => [a, i]));
  const ranked = [...bySpeaker].sort(([, x], [, y]) => fit.get(y.article)! - fit.get(x.article)!);
  const speakerOf = (form: string) => entityByForm.get(form)?.name ?? form;
  const partsCache = new Map<Quote, string[]>();
  const partsOf = (q: Quote) => partsCache.get(q) ?? partsCache.set(q, quoteParts(q.text)).get(q)!;
  const chosen: { speaker: string; quote: string; article: ComposeArticle; role: string | null; sources: string[] }[] = [];
  for (const [speaker, { quote, article, role }] of ranked) {
    if (chosen.length >= 5) break;
    // Voices from across the coverage: two at most from one report.
    if (chosen.filter((c) => c.article === article).length >= 2) continue;
    // The same words given to someone else by as many reports: one of them misread who spoke (a
    // pronoun resolved to the wrong person), and the page does not choose. (A report that gives the
    // words to anyone carries them.)
    const parts = quote.split(' … ');
    if (!attributionHolds(quote, speakerOf(speaker), articles.filter((a) => parts.some((part) => a.text.includes(part))), speakerOf, partsOf)) continue;
    const sources = articles.filter((a) => parts.every((part) => a.text.includes(part))).map((a) => a.id);
    if (sources.includes(article.id)) chosen.push({ speaker, quote, article, role, sources }); // quote integrity: the words must be in the source
  }
  chosen.sort((x, y) => order.get(x.article)! - order.get(y.article)!);
  for (const { speaker, quote, article, role, sources } of chosen) {
    const entity = entityByForm.get(speaker);
    statements.push({ quote, speaker, role: roleFor(role, entity), sources });
    for (const s of article.analysis.sentences) if (quote.split(' … ').some((part) => s.includes(part))) used.add(s);
  }

  // Analysis: assessments and stakes, without quotes already shown.
  const analysis: Cited[] = [];
  for (const a of [...articles].reverse()) {
    if (onFringe(a)) continue;
    for (const [i, s] of a.analysis.sentences.entries()) {
      if (analysis.length >= 3) break;
      const text = standsAlone(show(a, i));
      if (!text || used.has(s) || used.has(text) || /[“”"]/.test(s) || !ANALYSIS_CUES.test(s) || words(s) < 8) continue;
      // An assessment that neither names one of the story's leading people, bodies or places nor
      // shares its words ("It would be premature to assume complete security.") leaves the reader to
      // guess what it is about.
      if (naming(text) !== 1 && centrality(text) < 0.12) continue;
      if (analysis.some((b) => cosine(vec(b.text), vec(text)) > 0.5)) continue;
      const shown = asShown(text, a.published);
      if (!shown) continue;
      analysis.push({ text: shown, sources: supporting(s, story, a.id) });
      used.add(s);
    }
  }

  const conclusion = audienceConclusion(story, audience, used, show, centrality);
  const origins = originGroups(articles);
  const sectionInput = { texts: storyText, words: storyWords, entities, stats: wordStats(storyWords) };
  const central = articles.map((a) => !onFringe(a));
  const centralOnly = (x: typeof sectionInput) => (central.every(Boolean) ? x : { texts: x.texts.filter((_, i) => central[i]), words: x.words.filter((_, i) => central[i]), entities: x.entities });
  const tags = storyTags(sectionInput);
  const keywords = storyKeywords(sectionInput);
  const products = pickProducts(input.catalogue ?? [], { tags, keywords, text: storyText.join(' '), audience });

  const briefing: Briefing = {
    id: `${input.storyId}-v${(input.previous?.version ?? 0) + 1}`,
    storyId: input.storyId,
    version: (input.previous?.version ?? 0) + 1,
    updatedAt: now.toISOString(),
    // The section of what the story is about: its fringe reports (other news in the same folder or
    // feed) do not vote.
    section: assignSection(centralOnly(sectionInput), input.taxonomy),
    headline,
    altHeadline,
    summary,
    summarySources,
    headlineSources: [...new Set([...(top ? supporting(top.text, story, top.article.id) : []), ...(deckOf ? supporting(deckOf.text, story, deckOf.article.id) : [])])],
    background,
    timeline,
    statements,
    analysis,
    conclusion,
    tags,
    keywords,
    metaDescription: truncateChars(summary, 155),
    related: input.related ?? [],
    products,
    contradictions: findContradictions(articles, origins, (a, i) => show(a as ComposeArticle, i)),
    changes: null,
    sources: articles.map((a) => {
      const lede = a.title ? null : openingWords(shown.get(a)!.find((t) => t !== null) ?? null);
      return { id: a.id, url: a.url, title: a.title, outlet: a.outlet, published: a.published, ...(lede ? { lede } : {}) };
    }),
  };
  labelClaims(briefing, origins, summaryCited);
  briefing.changes = input.previous ? diffBriefings(input.previous, briefing) : null;
  return briefing;
}

/** Label every timeline bullet, statement and claim with its status and number of independent origins. */
function labelClaims(b: Briefing, origins: Map<string, string>, summaryParts: { text: string; sources: string[] }[]): void {
  const label = <T extends { sources: string[] }>(item: T, text: string): T => (item.sources.length ? Object.assign(item, claimStatus(text, item.sources, origins, b.contradictions)) : item);
  for (const t of b.timeline) label(t, t.text);
  // The conclusion opens with Sitrep's own reading of the coverage, which cites the reports it draws
  // on: those are not reports of one claim, so they neither confirm it nor leave it single-sourced.
  for (const c of [...b.background, ...b.analysis, ...b.conclusion.slice(1)]) label(c, c.text);
  for (const s of b.statements) label(s, s.quote);
  // The summary joins sentences from several reports: it is confirmed only when each of them is.
  const parts = summaryParts.length ? summaryParts : [{ text: b.summary, sources: b.summarySources }];
  const statuses = parts.map((p) => claimStatus(p.text, p.sources, origins, b.contradictions).status);
  b.summaryStatus = statuses.includes('disputed') ? 'disputed' : statuses.every((x) => x === 'confirmed') ? 'confirmed' : 'single-source';
  b.origins = new Set(origins.values()).size;
}

/** Reports the audience sentence cites for each concern it names, at most. */
const CONCERN_SOURCES = 3;

/**
 * What the developments mean for the site's audience. One sentence names the concerns the coverage
 * bears on and the words that show it, citing the (at most three) reports that bear on it most centrally; then up to two of the story's
 * own facts on them, complete sentences not shown elsewhere, central to the story, reported by more
 * than one article where any is. Where nothing bears on a concern, it is not named.
 */
function audienceConclusion(story: IndexedStory, audience: AudienceProfile, used: Set<string>, show: (a: ComposeArticle, i: number) => string | null, centrality: (text: string) => number): Cited[] {
  const { articles } = story;
  const touched: { label: string; terms: Set<string>; sources: Set<string> }[] = [];
  const facts: { text: string; sources: string[]; score: number }[] = [];
  // The sentences that could bear on any concern, found in one pass over the story (most have no
  // concern's word): shown, long enough and about the story (not another country's roads, another year).
  const anyConcern = new RegExp(`\\b(?:${audience.concerns.flatMap((c) => c.terms.map(escapeRe)).join('|')})\\b`, 'i');
  const pool: { s: string; text: string; shown: string | null; a: ComposeArticle; central: number }[] = [];
  for (const a of articles) {
    for (const [i, s] of a.analysis.sentences.entries()) {
      if (!anyConcern.test(s)) continue;
      const text = show(a, i);
      if (!text || words(text) < 8 || !anyConcern.test(text)) continue;
      const central = centrality(text);
      if (central >= 0.12) pool.push({ s, text, shown: asShown(text, a.published), a, central });
    }
  }
  for (const concern of audience.concerns) {
    const re = new RegExp(`\\b(${concern.terms.map(escapeRe).join('|')})\\b`, 'gi');
    const any = new RegExp(re.source, 'i'); // a test without allocating matches: most sentences have none
    const hit = { label: concern.label.toLowerCase(), terms: new Set<string>(), sources: new Set<string>() };
    // The reports that bear on the concern most centrally: the sentence cites these, not every report
    // that mentions a word of it (in a story of 1,700 articles, that was hundreds of footnotes).
    const bearing = new Map<string, number>();
    const candidates: { s: string; text: string; shown: string; a: ComposeArticle; score: number }[] = [];
    for (const { s, text, shown, a, central } of pool) {
      if (!any.test(s) || !any.test(text)) continue;
      for (const m of text.matchAll(re)) hit.terms.add(m[1]!.toLowerCase());
      bearing.set(a.id, Math.max(bearing.get(a.id) ?? 0, central));
      if (used.has(s) || /[“”"]/.test(s) || !shown) continue;
      candidates.push({ s, text, shown, a, score: central * (text.match(re)?.length ?? 0) });
    }
    // How widely reported, for the five best by centrality and matches only (it can only raise a score).
    candidates.sort((x, y) => y.score - x.score || (y.a.published ?? '').localeCompare(x.a.published ?? ''));
    let best: (typeof candidates)[number] | null = null;
    for (const c of candidates.slice(0, 5)) {
      const score = c.score * (1 + Math.log2(similarArticles(c.text, story, 0.5).size));
      if (!best || score > best.score) best = { ...c, score };
    }
    if (bearing.size === 0) continue;
    for (const [id] of [...bearing].sort((x, y) => y[1] - x[1]).slice(0, CONCERN_SOURCES)) hit.sources.add(id);
    touched.push(hit);
    if (best && !facts.some((f) => f.text === best.shown)) {
      facts.push({ text: best.shown, sources: supporting(best.s, story, best.a.id), score: best.score });
      used.add(best.s);
    }
  }
  if (touched.length === 0) return [{ text: `Nothing reported so far bears directly on ${audience.name}.`, sources: articles.map((a) => a.id) }];
  const named = touched.map((t) => `${t.label} (${[...t.terms].slice(0, 3).join(', ')})`);
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
  return [
    { text: `For ${audience.name}, the reports bear on ${list}.`, sources: [...new Set(touched.flatMap((t) => [...t.sources]))] },
    ...facts.sort((x, y) => y.score - x.score).slice(0, 2).map((f) => ({ text: f.text, sources: f.sources })),
  ];
}

/** What a new version adds and drops, sentence by sentence, across its cited parts. */
export function diffBriefings(prev: Briefing, next: Briefing): BriefingChanges {
  const claims = (b: Briefing) =>
    new Set([
      ...b.timeline.map((t) => `${t.date}: ${t.text}`),
      ...b.statements.map((s) => `${s.speaker}: “${s.quote}”`),
      // A sentence the writer rewrote is compared by the extracted sentence it stands for.
      ...b.background.map((c) => c.extracted ?? c.text),
      ...b.analysis.map((c) => c.extracted ?? c.text),
      ...b.conclusion.map((c) => c.extracted ?? c.text),
    ]);
  const before = claims(prev);
  const after = claims(next);
  const fresh = newInVersion(prev, next);
  return {
    sinceVersion: prev.version,
    added: [...after].filter((c) => !before.has(c)),
    removed: [...before].filter((c) => !after.has(c)),
    newDevelopments: fresh.developments.length,
    newStatements: fresh.statements.length,
  };
}

/**
 * The developments and statements that are news in `next`: not in `prev`, and resting on at least
 * one report `prev` did not have. A sentence re-picked from a report the last version already had
 * (another wording of a day already told) is not a new development.
 */
export function newInVersion(prev: Briefing | null, next: Briefing): { developments: Briefing['timeline']; statements: Briefing['statements'] } {
  if (!prev) return { developments: next.timeline, statements: next.statements };
  const had = new Set(prev.sources.map((s) => s.id));
  const fromNewReport = (sources: string[]) => sources.some((id) => !had.has(id));
  const oldDevelopments = new Set(prev.timeline.map((t) => t.text));
  const oldQuotes = new Set(prev.statements.map((q) => q.quote));
  return {
    developments: next.timeline.filter((t) => !oldDevelopments.has(t.text) && fromNewReport(t.sources)),
    statements: next.statements.filter((q) => !oldQuotes.has(q.quote) && fromNewReport(q.sources)),
  };
}
