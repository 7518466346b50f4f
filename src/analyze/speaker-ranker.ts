// The learned speaker chooser. The quote finder's rules find each quotation, its verb of saying and
// the phrase that names who spoke; they also make a first pick. This module lists every person or
// body the text names near the quotation (and "nobody"), describes each with a few general features
// (where it stands against the quotation and the cue phrase, whether it is the subject of the verb,
// a possessor, the object of a preposition, mentioned inside the quotation, the last speaker), and
// picks the one a conditional logit model scores highest. The weights are learned from PolNeAR's
// training articles by scripts/train-speaker.ts and shipped in speaker-weights.ts.
import type { Entity, Quote } from '../model/index.js';
import type { Mention } from './entities.js';
import { CUE_WORDS } from './cues.js';
import { SPEAKER_MODEL } from './speaker-weights.js';

/** How the rules found the words that say who spoke. */
export type SiteMode = 'after' | 'before' | 'colon' | 'next' | 'intro' | 'previous' | 'clause' | 'continued' | 'short' | 'none';

/** One direct quotation as the rules left it: where it is, where its attribution phrase is, and their pick. */
export interface QuoteSite {
  quote: Quote;
  sentence: number;
  open: number;
  close: number;
  mode: SiteMode;
  /** The words naming the speaker: sentence and character range, when the rules found them. */
  phrase: { sentence: number; start: number; end: number } | null;
  rule: Entity | null;
}

export interface Candidate {
  /** Null for "nobody named". */
  entity: Entity | null;
  features: Map<string, number>;
}

export interface RankContext {
  sentences: string[];
  /** Names outside quotation marks, per sentence. */
  mentionsBySentence: Mention[][];
  find: (form: string) => Entity | undefined;
}

export interface SpeakerModel {
  features: string[];
  weights: number[];
}

const WINDOW_BEFORE = 3;
const WINDOW_AFTER = 1;
const PREPOSITION_BEFORE = /\b(?:to|about|of|with|against|for|on|at|by|from|over|toward|towards|than|like|unlike|under|into|called|attacked|criticized|criticised|praised|blamed|accused|defended|endorsed|backed|supported|met|told|asked|urged)\s+(?:the\s+|Mr\.?\s+|Mrs\.?\s+|Ms\.?\s+|Dr\.?\s+)?$/i;
const DESCRIPTION = /^\s*(?:the|a|an|his|her|their|its|that|this|one|another)\s+([\p{L}\d\s'’-]{3,60})$/iu;
const DOCUMENT_WORD = /\b(?:report|study|statement|letter|memo|survey|assessment|analysis|review|complaint|filing|ruling|indictment|paper|document|investigation|inquiry|poll|release|website|ad|advertisement|video|post|tweet|email|e-mail)s?\s*$/i;
const UNNAMED = /\b(?:official|officials|source|sources|aide|aides|spokes(?:man|woman|person)|adviser|advisers|advisor|advisors|staffer|staffers|supporter|supporters|voter|voters|resident|residents|witness|witnesses|critic|critics|analyst|analysts|expert|experts|observer|observers|diplomat|diplomats|member|members|people|person|someone|one|man|woman)\b/i;

const QUOTED_AS = /\bquot(?:ed|es|ing)\s+\S.{0,60}?\s+as(?:\s+saying)?$/i;
// "a letter to Lind saying": the one addressed is not the speaker ("according to X" names one).
const ADDRESSEE = /(?<!\baccording)\s+to\s+(?:the\s+)?$/i;
const PRONOUN_LAST = /(?:^|[\s,—–-])(he|she|they|it|we|i)$/i;
const PRONOUN_PHRASE = /^[\s,—–-]*(?:(?:and|but|then|so|however|still|later|yet)[\s,]+)*(he|she|they|it|we|i)\b/i;

/** The words of the phrase that names who spoke, trimmed. */
function phraseOf(site: QuoteSite, sentences: string[]): string {
  return site.phrase ? sentences[site.phrase.sentence]!.slice(site.phrase.start, site.phrase.end).replace(/^[\s,—–-]+|[\s,.—–-]+$/g, '') : '';
}

/**
 * Whether the learned chooser decides this quotation. A phrase that opens with a pronoun ("he said",
 * "she told the committee:") is left to the rules' antecedent search: PolNeAR's annotators mark the
 * pronoun itself as the source, so its training data says nothing about whom a pronoun stands for.
 */
export function modelDecides(site: QuoteSite, sentences: string[]): boolean {
  const p = phraseOf(site, sentences);
  if (PRONOUN_PHRASE.test(p) || PRONOUN_LAST.test(p)) return false;
  // "… the Water Board which reported": a relative pronoun stands for the name before it, which the
  // rules resolve (to the model, a name after "to the" looks like the one addressed).
  if (/[\s,](?:which|who)$/i.test(p)) return false;
  // "the AFP news agency quoted him as saying": the one quoted is the object, whoever else is named;
  // "the Jackson family", "a statement from Downing Street": a body the rules name for the words.
  if (QUOTED_AS.test(p) || /\bfamily$|\b(?:statement|letter|release|message)\s+(?:\S+\s+)?(?:from|by)\b/i.test(p)) return false;
  // "the president said", "the report says": who a description stands for is coreference too, and
  // PolNeAR scores a description as naming nobody.
  return !(DESCRIPTION.test(p) && !/\p{Lu}/u.test(p.replace(/^\p{Lu}/u, '')));
}

// "Smith said", "Smith, the senator, said", "Smith also told": the name is the subject of a verb of saying.
const CUE_AFTER_NAME = new RegExp(`^(?:[’']s)?\\s*(?:,[^,“”"]{1,80},\\s*)?(?:(?:also|later|then|again|previously|once|has|had|have|was|is)\\s+)*(?:${CUE_WORDS})\\b`, 'i');
// "said Smith", "according to Smith": the name follows the verb.
const CUE_BEFORE_NAME = new RegExp(`\\b(?:${CUE_WORDS})\\s+(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof)\\.?\\s+)?$`, 'i');
const ASKED = /^(?:[’']s)?\s+(?:was|were|is|are|had been|has been|being)\s+(?:asked|told|questioned|pressed)\b/i;

const bucket = (d: number) => (d <= 0 ? 0 : d <= 2 ? 1 : d <= 10 ? 2 : d <= 40 ? 3 : d <= 120 ? 4 : 5);

/** Every candidate of a site with its features; the first is "nobody". */
export function candidatesOf(site: QuoteSite, ctx: RankContext, previousSpeaker: Entity | null): Candidate[] {
  const { sentences, mentionsBySentence } = ctx;
  const quoteText = site.quote.text;
  const phrase = site.phrase ? sentences[site.phrase.sentence]!.slice(site.phrase.start, site.phrase.end) : '';
  const phraseTrim = phraseOf(site, sentences);
  const byEntity = new Map<Entity, Mention[]>();
  const from = Math.max(0, site.sentence - WINDOW_BEFORE);
  const to = Math.min(sentences.length - 1, site.sentence + WINDOW_AFTER);
  for (let k = from; k <= to; k++) {
    for (const m of mentionsBySentence[k]!) {
      const e = ctx.find(m.text);
      if (!e || e.type === 'PLACE') continue;
      byEntity.set(e, [...(byEntity.get(e) ?? []), m]);
    }
  }
  if (site.rule && !byEntity.has(site.rule)) byEntity.set(site.rule, []);
  if (previousSpeaker && !byEntity.has(previousSpeaker)) byEntity.set(previousSpeaker, []);
  const mode = site.mode;
  const out: Candidate[] = [];
  const none = new Map<string, number>([
    ['none', 1],
    [`none:mode=${mode}`, 1],
  ]);
  if (!site.rule) none.set('none:rule', 1);
  if (!site.rule) none.set(`none:rule:mode=${mode}`, 1);
  if (!phraseTrim) none.set('none:nophrase', 1);
  if (phraseTrim && DOCUMENT_WORD.test(phraseTrim)) none.set('none:document', 1);
  if (phraseTrim && UNNAMED.test(phraseTrim)) none.set('none:unnamed', 1);
  if (byEntity.size === 0) none.set('none:alone', 1);
  out.push({ entity: null, features: none });

  // Which candidates appear in the phrase, left to right.
  const inPhrase: { e: Entity; start: number; end: number }[] = [];
  const addressed = new Set<Entity>();
  if (site.phrase) {
    for (const m of mentionsBySentence[site.phrase.sentence]!) {
      if (m.start < site.phrase.start || m.start >= site.phrase.end) continue;
      const e = ctx.find(m.text);
      if (!e || e.type === 'PLACE') continue;
      if (ADDRESSEE.test(` ${sentences[site.phrase.sentence]!.slice(site.phrase.start, m.start)}`)) {
        addressed.add(e);
        continue;
      }
      inPhrase.push({ e, start: m.start, end: m.start + m.text.length });
    }
    inPhrase.sort((a, b) => a.start - b.start);
  }
  const qLower = quoteText.toLowerCase();
  for (const [e, ms] of byEntity) {
    // Who the phrase addresses is no candidate, unless the phrase names them as its subject too.
    if (addressed.has(e) && !inPhrase.some((h) => h.e === e)) continue;
    const f = new Map<string, number>();
    const set = (k: string, v = 1) => f.set(k, v);
    if (e === site.rule) {
      set('rule');
      set(`rule:mode=${mode}`);
    }
    set(`type=${e.type}`);
    if (e.roles.length > 0) set('role');
    set('mentions', Math.log1p(e.mentions) / 3);
    if (previousSpeaker && e === previousSpeaker) {
      set('last');
      set(`last:mode=${mode}`);
    }
    const names = [e.name, ...e.aliases].map((n) => n.toLowerCase());
    if (names.some((n) => n.length > 2 && qLower.includes(n)) || e.name.split(' ').some((w) => w.length > 3 && qLower.includes(w.toLowerCase()))) set('inQuote');
    const hit = inPhrase.findIndex((h) => h.e === e);
    if (hit >= 0) {
      set('phrase');
      set(`phrase:mode=${mode}`);
      if (hit === 0) set('phrase:first');
      const last = inPhrase[inPhrase.length - 1]!;
      if (last.e === e && !/\S/.test(phrase.slice(last.end - site.phrase!.start).replace(/^[’']s\b/, '').replace(/[\s,.]+$/, ''))) set('phrase:atEnd');
      if (inPhrase.length === 1) set('phrase:only');
      const people = inPhrase.filter((h) => h.e.type === 'PERSON');
      if (e.type === 'PERSON' && people.every((h) => h.e === e) && inPhrase.some((h) => h.e !== e)) set('phrase:onlyPerson');
      const text = sentences[site.phrase!.sentence]!;
      const at = inPhrase[hit]!;
      // "Dr Anne Schuchat of the US Centers …", "Erik Milito of API": the person of a body.
      if (/^\s+(?:of|at|from|with)\s/.test(text.slice(at.end, at.end + 8))) set('phrase:ofBody');
      // "WHO director general, Margaret Chan", "UN spokesman Farhan Haq": a body before a person.
      if (e.type !== 'PERSON' && people.some((h) => h.start > at.end)) set('phrase:beforePerson');
    } else if (site.phrase && ms.some((m) => m.sentence === site.phrase!.sentence)) set('phraseSentence');
    // Where its nearest mention stands.
    let best = Infinity;
    let sawSubject = false;
    let sawPossessive = false;
    let sawObject = false;
    let sawPrevSentence = Infinity;
    let sawSame = false;
    let sawNext = false;
    for (const m of ms) {
      const s = sentences[m.sentence]!;
      const end = m.start + m.text.length;
      if (m.sentence === site.sentence) {
        sawSame = true;
        const d = end <= site.open ? site.open - end : m.start >= site.close ? m.start - site.close : 0;
        best = Math.min(best, d);
        set(end <= site.open ? 'same:before' : 'same:after');
      } else if (m.sentence < site.sentence) {
        sawPrevSentence = Math.min(sawPrevSentence, site.sentence - m.sentence);
      } else sawNext = true;
      if (m.start < 30 && !m.possessive && !/^[’']s\b/.test(s.slice(end))) sawSubject = true;
      if (m.possessive || /^[’']s\b/.test(s.slice(end))) sawPossessive = true;
      if (PREPOSITION_BEFORE.test(s.slice(Math.max(0, m.start - 40), m.start))) sawObject = true;
      const near = m.sentence === site.sentence || m.sentence === site.phrase?.sentence;
      if (near && CUE_AFTER_NAME.test(s.slice(end, end + 120))) set(m.sentence === site.sentence ? 'cue:subject' : 'cue:subject:other');
      if (near && CUE_BEFORE_NAME.test(s.slice(Math.max(0, m.start - 40), m.start))) set(m.sentence === site.sentence ? 'cue:after' : 'cue:after:other');
      if (near && ASKED.test(s.slice(end, end + 40))) set('asked');
    }
    if (ms.length === 0) set('farAway');
    if (sawSame) set(`dist=${bucket(best)}`);
    if (!sawSame && sawPrevSentence < Infinity) set(`prev=${Math.min(sawPrevSentence, 3)}`);
    if (!sawSame && sawPrevSentence === Infinity && sawNext) set('next');
    if (sawSubject) set('subject');
    if (sawPossessive && !sawSubject) set('possessive');
    if (sawObject) set('object');
    if (sawObject && hit >= 0) set('object:phrase');
    out.push({ entity: e, features: f });
  }
  return out;
}

export function score(model: SpeakerModel, index: Map<string, number>, c: Candidate): number {
  let s = 0;
  for (const [k, v] of c.features) {
    const i = index.get(k);
    if (i !== undefined) s += model.weights[i]! * v;
  }
  return s;
}

let modelIndex: Map<string, number> | null = null;

/** The model's pick among the candidates; ties go to the first listed. */
export function choose(cands: Candidate[], model: SpeakerModel = SPEAKER_MODEL): Candidate {
  const index = model === SPEAKER_MODEL ? (modelIndex ??= new Map(model.features.map((k, i) => [k, i]))) : new Map(model.features.map((k, i) => [k, i]));
  let best = cands[0]!;
  let bestScore = -Infinity;
  for (const c of cands) {
    const s = score(model, index, c);
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

export const modelIsTrained = () => SPEAKER_MODEL.weights.length > 0;
