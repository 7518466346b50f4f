import type { Briefing } from '../model/index.js';
import { splitSentences } from '../analyze/sentences.js';

/**
 * A reader's audit of one briefing: the defects a person reading it would stop at, counted by kind.
 * It is a check on the page as published, written apart from the composer's own filters (its
 * patterns are the audit's, not the gate's), so that a filter that misses something is caught here.
 */
export type DefectKind =
  | 'furniture'
  | 'long-unit'
  | 'first-person'
  | 'second-person'
  | 'dangling-opening'
  | 'non-role'
  | 'no-speaker'
  | 'headline-is-deck'
  | 'headline-form'
  | 'contradiction-one-source-both-sides'
  | 'contradiction-many-values'
  | 'contradiction-far-apart'
  | 'tag-in-one-article'
  | 'short-timeline';

export const DEFECT_KINDS: DefectKind[] = [
  'furniture',
  'long-unit',
  'first-person',
  'second-person',
  'dangling-opening',
  'non-role',
  'no-speaker',
  'headline-is-deck',
  'headline-form',
  'contradiction-one-source-both-sides',
  'contradiction-many-values',
  'contradiction-far-apart',
  'tag-in-one-article',
  'short-timeline',
];

export interface Defect {
  kind: DefectKind;
  text: string;
}

// Page furniture and reader comments, as a reader recognises them.
const FURNITURE = [
  /\b(?:Photograph|Photo|Picture|Image|Illustration|Graphic)s?\s*:/i,
  /\((?:Getty Images|AFP|AP|Reuters|EPA|PA)(?: Photo)?\)\s*$/i,
  /^\s*(?:Advertisement|Sponsored|Also read|Read more|Related|See also|Watch|Listen|Share this|Follow us|Sign up|Subscribe|Click here|More on this story|Most popular)\b\s*:?/i,
  /\b(?:Reply|Report abuse|Recommend)\s*(?:\||$)/i,
  /\|\s*(?:Reply|Report abuse|Permalink)\b/i,
  /\b(?:Posted by|Comment(?:ed)? by)\s*:?\s*\w/i,
  /\b(?:Tune in|tune in to)\b.*\b(?:watch|at \d{1,2}(?::\d{2})?\s*[ap]\.?m\.?)/i,
  /\bwatch\b.{0,60}\bat \d{1,2}(?::\d{2})?\s*[ap]\.?m\.?\s*(?:ET|EST|PT|GMT|BST)?\b/i,
  /^\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:GMT|BST|ET|EST|CET)?\s*[:\-–—|]?\s+\S/i,
  /\b(?:All rights reserved|Copyright ©|©\s*\d{4})/i,
  /\b(?:email|e-mail) (?:this|to a friend)\b|\bPrint this (?:page|article)\b/i,
  /\b(?:newsletter|podcast)\b.*\b(?:sign up|subscribe)\b/i,
  /\b(?:clip|video|footage|programme)\b.{0,60}\b(?:first broadcast|published as part of|aired on)\b/i,
];

// A unit that answers a sentence the reader was not shown: "However, …", "But …", "Indeed, …" (and
// "…, however, …" inside it, counted under the same kind).
// ("Instead of …" stands on its own.)
const DANGLING = /^(?:However|But|And|Yet|Indeed|Moreover|Furthermore|Meanwhile|Nevertheless|Nonetheless|Therefore|Thus|Hence|Consequently|Likewise|Similarly)\b|^(?:Still|Also|Besides|Instead|In addition|In fact|Even so),/;

const isFurniture = (s: string) => FURNITURE.some((re) => re.test(s));
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const unquoted = (s: string) => s.replace(/[“"][^”"]*[”"]/g, ' ').replace(/‘[^’]*’/g, ' ');
// Lower case or opening a sentence ("We begin with …"); never "US".
const FIRST_PERSON = /\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|[Mm]e|[Mm]y|[Mm]ine|[Ww]e|[Ww]e're|[Ww]e’re|[Oo]ur|[Oo]urs|[Uu]s)\b/;
// The reporter or a commenter speaking to the reader ("you can still do it"): not Sitrep's voice either.
const SECOND_PERSON = /\b(?:you|your|yours|yourself)\b/i;
// A role names a post: a clause (a verb, "that", a weekday) is a fragment of the sentence instead.
const CLAUSE = /\b(?:that|said|says|told|who|which|whom|should|would|will|could|can|has|have|had|was|were|is|are|be|been|being|did|does|do)\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|[“”"]/;
const LAYOUT_SPEAKERS = /^(?:quote|quotes|update|updated|editor'?s note|note|comment|comments|reply|source|sources|photo|video|audio|transcript|advertisement)$/i;
const DATELINE = /^\s*(?:[A-Z][A-Z .'-]{2,},?\s*(?:\([A-Za-z .]+\))?\s*[-–—:]|\(\w+\)\s*[-–—]|\d{1,2}[:.]\d{2}\b|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*,? \d{1,2} \w+ \d{4})/;

/** Every sentence a reader sees as a unit of the briefing. */
function units(b: Briefing): string[] {
  // The summary is two or three sentences: each is a unit.
  return [...splitSentences(b.summary), ...b.background.map((c) => c.text), ...b.timeline.map((t) => t.text), ...b.analysis.map((c) => c.text), ...b.conclusion.map((c) => c.text)];
}

const numberOf = (v: string) => Number(v.replace(/,/g, ''));

/**
 * The audit. `articleTexts` are the story's articles (title and text), for checking that a tag
 * recurs across them.
 */
export function auditBriefing(b: Briefing, articleTexts: string[]): Defect[] {
  const out: Defect[] = [];
  const add = (kind: DefectKind, text: string) => out.push({ kind, text });
  for (const u of units(b)) {
    if (isFurniture(u)) add('furniture', u);
    if (words(u) > 60) add('long-unit', u);
    if (FIRST_PERSON.test(unquoted(u))) add('first-person', u);
    if (SECOND_PERSON.test(unquoted(u))) add('second-person', u);
    if (DANGLING.test(u) || /,\s+however[,.]/i.test(u)) add('dangling-opening', u);
  }
  for (const s of b.statements) {
    if (isFurniture(s.quote)) add('furniture', s.quote);
    if (words(s.quote) > 60) add('long-unit', s.quote);
    const speaker = s.speaker?.trim() ?? '';
    if (!speaker || LAYOUT_SPEAKERS.test(speaker) || !/^\p{Lu}/u.test(speaker) || /^(?:of|the|and|in|on|at|by|for)\b/i.test(speaker)) add('no-speaker', `${speaker || '(none)'}: ${s.quote}`);
    if (s.role && (CLAUSE.test(s.role) || words(s.role) > 12 || !/\p{L}/u.test(s.role))) add('non-role', `${speaker}, ${s.role}`);
  }
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (norm(b.headline) === norm(b.altHeadline)) add('headline-is-deck', b.headline);
  if (b.headline.length > 90 || DATELINE.test(b.headline)) add('headline-form', b.headline);
  for (const c of b.contradictions) {
    const sides = c.values.map((v) => new Set(v.sources));
    const onBoth = c.values.some((v, i) => v.sources.some((id) => sides.some((other, j) => j !== i && other.has(id))));
    if (onBoth) add('contradiction-one-source-both-sides', c.claim);
    if (c.values.length > 3) add('contradiction-many-values', c.claim);
    const nums = c.values.map((v) => numberOf(v.value)).filter((n) => Number.isFinite(n) && n > 0);
    if (nums.length >= 2 && Math.max(...nums) / Math.min(...nums) >= 20) add('contradiction-far-apart', c.claim);
  }
  const lowered = articleTexts.map((t) => t.toLowerCase());
  for (const tag of b.tags) {
    const t = tag.toLowerCase();
    if (lowered.filter((x) => x.includes(t)).length < 2) add('tag-in-one-article', tag);
  }
  if (b.timeline.length < 5) add('short-timeline', `${b.timeline.length} entries`);
  return out;
}
