import type {
  Analysis,
  Article,
  AudienceProfile,
  Briefing,
  Cited,
  Entity,
  Product,
  RelatedStory,
  SectionRule,
  Statement,
} from '../model/index.js';
import { assignSection, wordStats, buildTimeline, contentWords, cosine, cosineNormed, norm, mergeStoryEntities, storyKeywords, storyTags } from '../stories/index.js';
import { isCommentFurniture, withoutDateline } from '../analyze/sentences.js';
import { findContradictions } from './contradictions.js';
import { claimStatus, originGroups } from './origins.js';
import { DEFAULT_AUDIENCE } from './audience.js';
import { pickProducts } from './shelf.js';

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
}

// Word vectors of sentences, kept for the duration of one briefing (each sentence is compared often).
let vectors = new Map<string, Map<string, number>>();
const vec = (s: string) => {
  let m = vectors.get(s);
  if (m) return m;
  m = new Map<string, number>();
  for (const w of contentWords(s)) m.set(w, (m.get(w) ?? 0) + 1);
  vectors.set(s, m);
  return m;
};

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

function truncateWords(s: string, max: number): string {
  const w = s.split(/\s+/);
  return w.length <= max ? s : `${w.slice(0, max).join(' ').replace(/[,;:]$/, '')}…`;
}

function truncateChars(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** The story's articles with every sentence indexed by word, so support is found without comparing all pairs. */
interface IndexedStory {
  articles: ComposeArticle[];
  articleOf: number[];
  norms: number[];
  postings: Map<string, { sentence: number; count: number }[]>;
}

function indexStory(articles: ComposeArticle[]): IndexedStory {
  const story: IndexedStory = { articles, articleOf: [], norms: [], postings: new Map() };
  articles.forEach((a, ai) => {
    for (const s of a.analysis.sentences) {
      const v = vec(s);
      const si = story.articleOf.length;
      story.articleOf.push(ai);
      story.norms.push(norm(v));
      for (const [w, count] of v) {
        const list = story.postings.get(w);
        if (list) list.push({ sentence: si, count });
        else story.postings.set(w, [{ sentence: si, count }]);
      }
    }
  });
  return story;
}

/** Sources that state the sentence: its words verbatim, or a sentence of theirs at cosine > 0.75. */
function supporting(text: string, story: IndexedStory, origin: string): string[] {
  const v = vec(text);
  const nv = norm(v);
  const dots = new Map<number, number>();
  for (const [w, x] of v) for (const p of story.postings.get(w) ?? []) dots.set(p.sentence, (dots.get(p.sentence) ?? 0) + x * p.count);
  const support = new Set<number>();
  for (const [si, d] of dots) if (d / (nv * story.norms[si]! || 1) > 0.75) support.add(story.articleOf[si]!);
  const ids = [origin];
  story.articles.forEach((a, ai) => {
    if (a.id !== origin && (support.has(ai) || a.text.includes(text))) ids.push(a.id);
  });
  return ids;
}

const BACKGROUND_CUES = /\b(since|began|has been|have been|had been|last year|last month|earlier this|previous|history|years? ago|long-running|decades?|in recent (?:weeks|months|years)|broke out|started)\b/i;
const ANALYSIS_CUES = /\b(analysts?|experts?|observers?|economists?|researchers?|diplomats?|risk|risks|likely|unlikely|uncertain|could|would|may|might|warned|concerns?|disputed?|stakes?|fear|fears|depends?)\b/i;

/** Compose the briefing of one story from its articles alone; every sentence keeps its sources. */
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
  const articles = [...input.articles].sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
  if (articles.length === 0) throw new Error('a briefing needs at least one article');
  const story = indexStory(articles);
  const entities = mergeStoryEntities(articles.map((a) => a.analysis.entities));
  const storyText = articles.map((a) => `${a.title ?? ''}\n${a.text}`);
  // Each article's words from its title and sentences (tokenised once, for the sentence index), and
  // the story's word counts from those: the full texts are never tokenised again.
  const storyWords = articles.map((a) => [...(a.title ? contentWords(a.title) : []), ...a.analysis.sentences.flatMap((s) => contentWords(s))]);
  const centre = new Map<string, number>();
  for (const list of storyWords) for (const w of list) centre.set(w, (centre.get(w) ?? 0) + 1);
  const used = new Set<string>();

  // Headline: the most representative title among the latest coverage; the alternative from another outlet.
  const latestDay = (articles[articles.length - 1]!.published ?? '').slice(0, 10);
  const titled = articles.filter((a) => a.title);
  // Each title's closeness to the story, computed once (the centre is large; its norm once too).
  const centreNorm = norm(centre);
  const closeness = new Map(titled.map((a) => [a, cosineNormed(vec(a.title!), norm(vec(a.title!)), centre, centreNorm)]));
  const rank = (list: ComposeArticle[]) => [...list].sort((a, b) => closeness.get(b)! - closeness.get(a)!);
  const recent = titled.filter((a) => (a.published ?? '').slice(0, 10) >= latestDay);
  const lead = rank(recent.length ? recent : titled)[0] ?? articles[articles.length - 1]!;
  const firstSentence = lead.analysis.sentences[0] ? withoutDateline(lead.analysis.sentences[0]) : null;
  const headline = truncateChars(lead.title ?? firstSentence ?? 'Untitled story', 90);
  const alt = rank(titled).find((a) => a.title !== lead.title && a.outlet !== lead.outlet) ?? rank(titled).find((a) => a.title !== lead.title);
  const altHeadline = truncateChars(alt?.title ?? articles[0]!.title ?? headline, 90);

  // Summary: the lead's opening sentences, up to 80 words.
  const summaryParts: string[] = [];
  for (const s of lead.analysis.sentences) {
    if (isCommentFurniture(s)) continue;
    if (words([...summaryParts, s].join(' ')) > 80) break;
    summaryParts.push(withoutDateline(s));
    used.add(s);
    if (summaryParts.length >= 2) break;
  }
  const summary = summaryParts.length ? summaryParts.join(' ') : truncateWords(firstSentence ?? headline, 80);
  const summarySources = supporting(summaryParts[0] ?? summary, story, lead.id);

  // Timeline: the story's dated developments, oldest first.
  const timeline = buildTimeline(
    articles.map((a) => ({ id: a.id, published: a.published, analysis: a.analysis })),
    { dates: Math.min(10, Math.max(3, Math.ceil(articles.length * 0.75))), perDate: 1 },
  ).flatMap((d) => d.sentences.map((s) => ({ date: d.date, text: s.text, sources: s.sources })));
  for (const t of timeline) used.add(t.text);

  // Background: context sentences from the earliest coverage, not repeating the summary or timeline.
  const background: Cited[] = [];
  for (const a of articles) {
    for (const [i, s] of a.analysis.sentences.entries()) {
      if (background.length >= 3) break;
      if (used.has(s) || i === 0 || /[“”"]/.test(s) || !BACKGROUND_CUES.test(s) || words(s) < 8 || isCommentFurniture(s)) continue;
      if (background.some((b) => cosine(vec(b.text), vec(s)) > 0.5)) continue;
      background.push({ text: withoutDateline(s), sources: supporting(s, story, a.id) });
      used.add(s);
    }
  }

  // Statements: the strongest direct quote of each named speaker, verbatim from a cited source.
  const statements: Statement[] = [];
  const bySpeaker = new Map<string, { quote: string; article: ComposeArticle; role: string | null }>();
  // Speaker forms to the story's entity: names first, then aliases (a large story has thousands).
  const entityByForm = new Map<string, Entity>();
  for (const e of entities) if (!entityByForm.has(e.name)) entityByForm.set(e.name, e);
  for (const e of entities) for (const f of e.aliases) if (!entityByForm.has(f)) entityByForm.set(f, e);
  for (const a of articles) {
    for (const q of a.analysis.quotes) {
      if (!q.direct || !q.speaker || words(q.text) < 6 || q.text.length > 320) continue;
      const entity = entityByForm.get(q.speaker);
      const name = entity?.name ?? q.speaker;
      const current = bySpeaker.get(name);
      if (!current || q.text.length > current.quote.length) bySpeaker.set(name, { quote: q.text, article: a, role: q.speakerRole });
    }
  }
  for (const [speaker, { quote, article, role }] of bySpeaker) {
    if (statements.length >= 5) break;
    const entity = entityByForm.get(speaker);
    const sources = articles.filter((a) => quote.split(' … ').every((part) => a.text.includes(part))).map((a) => a.id);
    if (!sources.includes(article.id)) continue; // quote integrity: the words must be in the source
    statements.push({ quote, speaker, role: role ?? longestRole(entity), sources });
    for (const s of article.analysis.sentences) if (quote.split(' … ').some((part) => s.includes(part))) used.add(s);
  }

  // Analysis: assessments and stakes, without quotes already shown.
  const analysis: Cited[] = [];
  for (const a of [...articles].reverse()) {
    for (const s of a.analysis.sentences) {
      if (analysis.length >= 3) break;
      if (used.has(s) || /[“”"]/.test(s) || !ANALYSIS_CUES.test(s) || words(s) < 8 || isCommentFurniture(s)) continue;
      if (analysis.some((b) => cosine(vec(b.text), vec(s)) > 0.5)) continue;
      analysis.push({ text: withoutDateline(s), sources: supporting(s, story, a.id) });
      used.add(s);
    }
  }

  const conclusion = audienceConclusion(story, audience, used);
  const sectionInput = { texts: storyText, words: storyWords, entities, stats: wordStats(storyWords) };
  const tags = storyTags(sectionInput);
  const keywords = storyKeywords(sectionInput);
  const products = pickProducts(input.catalogue ?? [], { tags, keywords, text: storyText.join(' '), audience });

  const briefing: Briefing = {
    id: `${input.storyId}-v${(input.previous?.version ?? 0) + 1}`,
    storyId: input.storyId,
    version: (input.previous?.version ?? 0) + 1,
    updatedAt: now.toISOString(),
    section: assignSection(sectionInput, input.taxonomy),
    headline,
    altHeadline,
    summary,
    summarySources,
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
    contradictions: findContradictions(articles),
    changes: null,
    sources: articles.map((a) => ({ id: a.id, url: a.url, title: a.title, outlet: a.outlet, published: a.published })),
  };
  labelClaims(briefing, originGroups(articles));
  briefing.changes = input.previous ? diffBriefings(input.previous, briefing) : null;
  return briefing;
}

/** Label every timeline bullet, statement and claim with its status and number of independent origins. */
function labelClaims(b: Briefing, origins: Map<string, string>): void {
  const label = <T extends { sources: string[] }>(item: T, text: string): T => (item.sources.length ? Object.assign(item, claimStatus(text, item.sources, origins, b.contradictions)) : item);
  for (const t of b.timeline) label(t, t.text);
  for (const c of [...b.background, ...b.analysis, ...b.conclusion]) label(c, c.text);
  for (const s of b.statements) label(s, s.quote);
  b.summaryStatus = claimStatus(b.summary, b.summarySources, origins, b.contradictions).status;
  b.origins = new Set(origins.values()).size;
}

function longestRole(e: Entity | undefined): string | null {
  return e ? ([...e.roles].sort((a, b) => b.length - a.length)[0] ?? null) : null;
}

/** What matters to the site's audience, stated from the story's own sentences; plain when nothing does. */
function audienceConclusion(story: IndexedStory, audience: AudienceProfile, used: Set<string>): Cited[] {
  const { articles } = story;
  const out: Cited[] = [];
  for (const concern of audience.concerns) {
    const re = new RegExp(`\\b(${concern.terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`, 'gi');
    const any = new RegExp(re.source, 'i'); // a test without allocating matches: most sentences have none
    let best: { s: string; a: ComposeArticle; n: number } | null = null;
    for (const a of articles) {
      for (const s of a.analysis.sentences) {
        if (!any.test(s) || used.has(s) || /[“”"]/.test(s) || isCommentFurniture(s)) continue;
        const n = s.match(re)?.length ?? 0;
        if (n === 0 || words(s) < 8) continue;
        if (n > 0 && (!best || n > best.n || (n === best.n && (a.published ?? '') > (best.a.published ?? '')))) best = { s, a, n };
      }
    }
    const shown = best ? withoutDateline(best.s) : '';
    if (best && !out.some((o) => o.text.endsWith(shown))) {
      out.push({ text: `${concern.label}: ${shown}`, sources: supporting(best.s, story, best.a.id) });
      used.add(best.s);
    }
    if (out.length >= 3) break;
  }
  if (out.length === 0) {
    out.push({
      text: `None of the ${articles.length} reports so far mentions anything bearing on ${audience.concerns.map((c) => c.label.toLowerCase()).join(', ')} for ${audience.name}.`,
      sources: articles.map((a) => a.id),
    });
  }
  return out;
}

/** What a new version adds and drops, sentence by sentence, across its cited parts. */
export function diffBriefings(prev: Briefing, next: Briefing): { sinceVersion: number; added: string[]; removed: string[] } {
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
  return {
    sinceVersion: prev.version,
    added: [...after].filter((c) => !before.has(c)),
    removed: [...before].filter((c) => !after.has(c)),
  };
}
