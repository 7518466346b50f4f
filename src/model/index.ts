// The pipeline's values. Every stage takes and returns these; nothing else lives here.

/** A place Sitrep reads from: a feed (RSS, Atom, JSON Feed) or a single page. */
export interface Source {
  id: number;
  url: string;
  kind: 'feed' | 'page';
  title: string | null;
  /** Outlet name shown next to citations ("The Harbor Ledger"). */
  outlet: string | null;
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: string | null;
  nextPollAt: string | null;
  /** Consecutive failures; 0 when the last poll worked. */
  failures: number;
  lastError: string | null;
  createdAt: string;
}

/** One entry of a parsed feed, adapted from whichever wire format it came in. */
export interface FeedItem {
  guid: string | null;
  url: string | null;
  title: string | null;
  author: string | null;
  published: string | null;
  summary: string | null;
  /** Full content as HTML when the feed carries it (content:encoded, atom:content, content_html). */
  contentHtml: string | null;
  /** Lead image (media:content, media:thumbnail, enclosure, JSON Feed image). */
  image?: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | null;
  siteUrl: string | null;
  items: FeedItem[];
  /** RSS <ttl>: minutes the publisher asks readers to wait between polls. */
  ttlMinutes?: number | null;
  /** RSS <skipHours>: UTC hours in which the publisher asks not to be polled. */
  skipHours?: number[];
  /** RSS <skipDays>: days (0 Sunday … 6 Saturday, in UTC) on which the publisher asks not to be polled. */
  skipDays?: number[];
}

/** The body of one HTTP response, decoded, with what the fetcher learnt about it. */
export interface FetchedDoc {
  url: string;
  finalUrl: string;
  status: number;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Cache-Control max-age in seconds, when the server sent one. */
  maxAge?: number | null;
  body: string;
  fetchedAt: string;
}

/** What the extractor reads out of one page. Field names follow the `sitrep extract` contract. */
export interface ExtractedPage {
  url: string | null;
  canonical: string | null;
  title: string | null;
  byline: string | null;
  published: string | null;
  modified: string | null;
  lang: string | null;
  siteName: string | null;
  description: string | null;
  image: string | null;
  /** Article body as plain text, paragraphs separated by blank lines. */
  text: string;
}

/** The cheap columns of a stored article: enough to choose a compose window and count a story's coverage. */
export interface ArticleHead {
  id: string;
  published: string | null;
  fetchedAt: string;
  outlet: string | null;
  /** Stored size of its text and analysis, in bytes (read from the rows' headers, not the values). */
  bytes: number;
}

/** A stored article: an extracted page with its provenance. */
export interface Article extends ExtractedPage {
  id: string;
  sourceId: number | null;
  outlet: string | null;
  url: string;
  fetchedAt: string;
}

export type EntityType = 'PERSON' | 'ORG' | 'PLACE' | 'OTHER';

export interface Entity {
  name: string;
  type: EntityType;
  aliases: string[];
  roles: string[];
  mentions: number;
  /** Other spellings merged into this entity and why ("Zelenskyy": transliteration; "Türkiye": renamed). */
  variants?: { form: string; reason: 'diacritics' | 'transliteration' | 'renamed' }[];
}

export interface Quote {
  text: string;
  speaker: string | null;
  speakerRole: string | null;
  cue: string | null;
  /** Index into the sentences of the analysed text. */
  sentence: number;
  direct: boolean;
  /** Under four words: a few the reporter's own sentence attributes ("called the plan “reckless”"), or a short quotation of its own ("“People are angry,” she said"). */
  partial?: boolean;
}

export interface DateMention {
  text: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  value: string;
  sentence: number;
  /**
   * The date of something the sentence refers back to, not of its own news: a date in a clause of
   * until, since, before or after inside the sentence ("accused Mexico of hiding the outbreak until
   * after Obama had visited on 16 April"), or the start of a span ("between April 14-18").
   */
  background?: true;
}

/** A number with what it counts or measures: "1,000 prisoners" → {value: 1000, unit: "prisoners"}. */
export interface Quantity {
  text: string;
  value: number;
  /** The counted noun, a currency code (USD, GBP, EUR …) or "%". */
  unit: string;
  sentence: number;
}

export interface Analysis {
  sentences: string[];
  entities: Entity[];
  quotes: Quote[];
  dates: DateMention[];
  /** Absent in analyses stored before quantities were extracted. */
  quantities?: Quantity[];
}

export interface AnalyzedArticle {
  article: Article;
  analysis: Analysis;
}

export interface Story {
  id: string;
  slug: string;
  title: string;
  articleIds: string[];
  createdAt: string;
  updatedAt: string;
  /**
   * active: takes new articles; dormant: quiet for longer than the clusterer's dormancy window, kept
   * and shown but no longer extended; merged: converged with an older story, whose id `mergedInto`
   * holds and which now has its articles (its address redirects there).
   */
  status: 'active' | 'dormant' | 'merged';
  mergedInto?: string | null;
  /** Editor's choices, kept across briefing versions (admin). */
  pinned?: boolean;
  hidden?: boolean;
  headlineOverride?: string | null;
}

/** A sentence with the ids of the sources that support it. */
/**
 * How well a claim stands: confirmed by two or more independent origins (a wire story reprinted by
 * forty outlets is one origin), resting on a single origin, or disputed (sources disagree on it).
 */
export type ClaimStatus = 'confirmed' | 'single-source' | 'disputed';

/** What a version adds and drops against the one before it. */
export interface BriefingChanges {
  sinceVersion: number;
  added: string[];
  removed: string[];
  /** New dated developments and new statements among `added` (a re-dated development is not new); absent before this field. */
  newDevelopments?: number;
  newStatements?: number;
}

export interface Cited {
  text: string;
  sources: string[];
  /** The extracted sentence a writer's rewrite stands for (absent when the text is the extract). */
  extracted?: string;
  /** How well it stands, and from how many independent origins (absent in briefings written before). */
  status?: ClaimStatus;
  origins?: number;
}

export interface TimelineEntry {
  date: string;
  text: string;
  sources: string[];
  /** How well it stands, and from how many independent origins (absent in briefings written before). */
  status?: ClaimStatus;
  origins?: number;
}

export interface Statement {
  quote: string;
  speaker: string;
  role: string | null;
  sources: string[];
  /** How well it stands, and from how many independent origins (absent in briefings written before). */
  status?: ClaimStatus;
  origins?: number;
}

export interface RelatedStory {
  storyId: string;
  headline: string;
  url: string;
  /** Why it is related ("shares Karvenia, Ilse Varga", "similar topic"); absent in old briefings. */
  reason?: string;
}

export interface Product {
  id: string;
  name: string;
  blurb: string;
  url: string;
  tags: string[];
  disclosure?: string | null;
}

export interface ShelfItem {
  id: string;
  name: string;
  blurb: string;
  url: string;
  sponsored: boolean;
}

export interface Contradiction {
  claim: string;
  /** Each value with the articles that give it and, in briefings since 2026-12, the sentence that does. */
  values: { value: string; sources: string[]; sentence?: string }[];
  /**
   * One running tally given at two moments, not two accounts: a count that only grows (deaths,
   * cases, arrests), the larger told as the latest ("there are now 39") or the smaller as an earlier
   * state ("had reported 1,085"). Values run from the earlier figure to the later. Such a pair
   * disputes no claim.
   */
  update?: true;
}

export interface BriefingSource {
  id: string;
  url: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  /** A report without a title: its opening words, so a reader can tell one source from another (since 2026-12). */
  lede?: string;
}

/** The briefing JSON of DESIGN.md. */
export interface Briefing {
  id: string;
  storyId: string;
  version: number;
  updatedAt: string;
  section: string[];
  headline: string;
  altHeadline: string;
  summary: string;
  /** The articles that state the summary's sentences. */
  summarySources: string[];
  /** The articles that state the headline's and the deck's developments (briefings since 2026-12). */
  headlineSources?: string[];
  summaryStatus?: ClaimStatus;
  /** Independent origins among the story's articles (agencies and outlets, reprints folded in). */
  origins?: number;
  /** Set when a language model rewrote sentences (each checked against its sources). */
  writer?: { model: string; rewritten: number; kept: number };
  background: Cited[];
  timeline: TimelineEntry[];
  statements: Statement[];
  analysis: Cited[];
  conclusion: Cited[];
  tags: string[];
  keywords: string[];
  metaDescription: string;
  related: RelatedStory[];
  products: ShelfItem[];
  contradictions: Contradiction[];
  changes: BriefingChanges | null;
  sources: BriefingSource[];
}

/** Who the briefings are written for; drives the Conclusion and the product shelf. */
export interface AudienceProfile {
  name: string;
  /** Concerns, each with the words that signal it in a sentence. */
  concerns: { label: string; terms: string[] }[];
}

export interface SectionRule {
  path: string[];
  terms: string[];
}

/** What a watchlist follows. A briefing matches when it meets every kind given (any one of the entities). */
export interface WatchCriteria {
  entities: string[];
  /** Words, found the way the site's search finds them. */
  query: string | null;
  /** A section path prefix, e.g. ["News", "Russia"]. */
  section: string[] | null;
  /** A story id (a story merged into another follows it there). */
  story: string | null;
}

/** A watchlist: a name, what it follows, its importance threshold, and where its alerts go. */
export interface Watch {
  id: number;
  name: string;
  /** The unguessable token its feed and page URLs carry. */
  token: string;
  criteria: WatchCriteria;
  minScore: number;
  webhook: string | null;
  email: string | null;
  createdAt: string;
}

/** What an alert says of one briefing version, for one watchlist. */
export interface AlertBody {
  watch: string;
  storyId: string;
  /** The story's slug when the alert was raised. */
  story: string;
  version: number;
  headline: string;
  updatedAt: string;
  /** The briefing's path on the site (`/stories/<slug>?v=N`). */
  path: string;
  reasons: string[];
  /** The new dated developments and statements of this version (what "since you last looked" shows). */
  developments: { date: string; text: string }[];
  statements: { speaker: string; role: string | null; quote: string }[];
}

/** A scored update of a matching story; `passed` ones are delivered. */
export interface Alert {
  id: number;
  watchId: number;
  storyId: string;
  version: number;
  score: number;
  passed: boolean;
  body: AlertBody;
  createdAt: string;
}
