// Who said what: direct quotations (curly or straight, split around their attribution, running over
// several sentences, partial; the parts of one quotation joined with ' … ') and indirect speech
// ("X said that …"), each with its speaker resolved to an entity where the text allows, else null.
import type { Entity, Quote } from '../model/index.js';
import { ROLE_NOUNS, entitiesByForm, type Mention } from './entities.js';
import { genderOfName } from './names.js';
import { isKnownPlace } from './places.js';
import { candidatesOf, choose, modelDecides, modelIsTrained, type Candidate, type QuoteSite, type SiteMode } from './speaker-ranker.js';

import { CUE_WORDS } from './cues.js';
import { escapeRe } from '../text/regexp.js';
const CUE = new RegExp(`\\b(${CUE_WORDS})\\b`, 'gi');
const CUE_FIRST = new RegExp(`^\\s*[,—–-]?\\s*(${CUE_WORDS})\\b(?<!\\badd(?:ing|ed|s)(?=\\s+to\\b))`, 'i');
const ADDS_TO = /^add(?:ing|ed|s)\s+to\b/i;
const TOLD_WHOM = /^\s+(reporters|journalists|the press|a news conference|a press conference|lawmakers|supporters|the crowd|the audience)\b/i;
const INDIRECT = new RegExp(
  `^(.{2,120}?)\\s+(said|says|told [\\w ]{1,30}?|warned|announced|insisted|noted|argued|confirmed|acknowledged|stressed|claimed|added|explained|predicted|promised|admitted|believes|thinks)\\s+(?:on \\w+\\s+|late \\w+\\s+|last \\w+\\s+|in a \\w+\\s+)?that\\s+(.{15,})$`,
  'i',
);
// "Lind said the clinic would reopen": reported speech without "that", known by its modal or tense.
const INDIRECT_BARE = /^(.{2,80}?)\s+(said|says|told [\w ]{1,30}?|warned|added|insisted|confirmed|predicted)\s+((?:the|a|an|it|he|she|they|there|his|her|their|its|[A-Z][\p{L}'’-]+)\s[^.]{0,60}?\b(?:would|will|could|should|might|must|was|were|had|has|have|is|are)\b.{8,})$/u;

const NOUN_BEFORE = /\b(?:the|a|an|his|her|their|its|our|my|your|of|these|those|such|late-night|recent|many|several|two|three|in)\s+$|[’']s\s+$/i;
// Verbs of saying that are also nouns ("Trump's tweets", "the calls").
const NOUNISH = /^(?:tweets?|calls?|claims?|reports?|remarks?|notes?|states?|answers?|promises?|demands?|estimates?|thought|pleaded|writing|describes)$/i;

// A full stop that ends a phrase, not one of an abbreviation or initial ("Rep. Paul D. Ryan").
const PHRASE_END = /;|(?<!\b(?:[A-Z][a-z]{0,3}|[A-Z]))\.(?:\s|$)/;
const ABBREV_DOT = /\b(?:[A-Z][a-z]{0,3}|[A-Z])\.(?=\s)/g;
const LEADING_CLAUSE = /^\s*(?:asked|speaking|when|after|in|at|during|before|while|responding|referring|following|on|with|as|since|addressing|writing|citing|to|for|about|against|from|appearing|turning)\b[^,]{0,120},\s*(?=\S)/i;

/**
 * Verbs of saying in a text, but not a capitalised word inside a clause: "the United States",
 * "Reports" in a title, "Calls" in a name are not cues ("According to …" at the start still is).
 */
function cueMatches(text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  CUE.lastIndex = 0;
  for (let m = CUE.exec(text); m; m = CUE.exec(text)) {
    if (/^\p{Lu}/u.test(m[1]!) && !/(?:^|[.!?:;“"(—–-])\s*$/.test(text.slice(0, m.index))) continue;
    // "adding to the pressure on BP" adds, it does not say.
    if (ADDS_TO.test(text.slice(m.index))) continue;
    out.push(m);
  }
  return out;
}

/** The next sentence says who spoke ("Graham asked."), with a cue that is a verb, not a name. */
function nextAttribution(sentence: string): RegExpExecArray | null {
  const m = NEXT_ATTRIBUTION.exec(sentence);
  // "If the violence continued, …" opens a clause of its own; it says nothing about who spoke.
  if (m?.[1] && /^(?:if|when|as|although|though|while|because|since|before|after|unless|once|until)\b/i.test(m[1])) return null;
  // "According to Ham, the administration …" attributes its own clause, not the quotation before it.
  if (m && !m[1] && /^according to\b/i.test(m[0]) && m[0].endsWith(',')) return null;
  return m && !(m[2] && /^\p{Lu}/u.test(m[2])) && !ADDS_TO.test(sentence) ? m : null;
}

const NEXT_ATTRIBUTION = new RegExp(`^(?:(${'[^“”".,;]{1,60}?'})\\s+(${CUE_WORDS})|(?:${CUE_WORDS})\\s+[^“”".,;]{1,60})[.,]`, 'i');

interface Span {
  open: number;
  close: number;
}

/** Quoted spans in a sentence, curly or straight; an unclosed quote runs to the end. */
function quotedSpans(s: string): Span[] {
  const spans: Span[] = [];
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '“' && open >= 0 && /[^\s(\[—–-]/.test(s[i - 1]!) && (i + 1 === s.length || /[\s,.;:!?)]/.test(s[i + 1]!))) {
      // An opening mark typed where a closing one belongs ("an “expedited review“ of the pipes").
      spans.push({ open, close: i });
      open = -1;
    } else if (c === '“' || (c === '"' && open < 0 && (i === 0 || /[\s(\[—–:-]/.test(s[i - 1]!)))) {
      // A straight mark opens after a space, a bracket or a dash, and after a colon ("wrote in 1946:"").
      if (open < 0) open = i;
    } else if (c === '"' && open >= 0 && /\s/.test(s[i - 1] ?? '') && /[\p{Lu}]/u.test(s[i + 1] ?? '') && /[.!?]\s*$/.test(s.slice(open, i))) {
      // A new quotation paragraph reopens without the previous one closing ("… the incident. "And I …").
      spans.push({ open, close: i - 1 });
      open = i;
    } else if ((c === '”' || c === '"') && open >= 0) {
      spans.push({ open, close: i });
      open = -1;
    }
  }
  if (open >= 0 && s.length - open > 20) spans.push({ open, close: s.length });
  return spans;
}

export interface SpeakerContext {
  entities: Entity[];
  mentions: Mention[];
  /** Who picks the speaker: the learned chooser (the default once trained) or the rules alone. */
  speakers?: 'model' | 'rules';
  /** Sees every quotation's candidates with their features (the trainer's hook). */
  onSite?: (site: QuoteSite, candidates: Candidate[]) => void;
}


/** Finds entities by any of their forms inside a phrase, with positions (one regex for all forms). */
class EntityIndex {
  private readonly byForm: Map<string, Entity>;
  private readonly re: RegExp | null;

  constructor(
    readonly entities: Entity[],
    /** The text's sentences, for the searches that read a sentence's shape (a pronoun's antecedent). */
    readonly sentences: readonly string[] = [],
  ) {
    this.byForm = entitiesByForm(entities, (e) => e.type !== 'PLACE');
    const forms = [...this.byForm.keys()].sort((a, b) => b.length - a.length).map(escapeRe);
    // Not inside a word made from the name: "one London-based analyst", "a Kremlin-backed group".
    this.re = forms.length > 0 ? new RegExp(`(?<![\\p{L}])(?:${forms.join('|')})(?![\\p{L}]|-\\p{Ll})`, 'gu') : null;
  }

  find(form: string): Entity | undefined {
    return this.byForm.get(form);
  }

  /** A speaker named in the text but missing from the entities joins them. */
  add(name: string): Entity {
    const known = this.byForm.get(name);
    if (known) return known;
    const e: Entity = { name, type: 'OTHER', aliases: [], roles: [], mentions: 1 };
    this.entities.push(e);
    this.byForm.set(name, e);
    return e;
  }

  /** Every entity occurrence in the phrase, left to right, the longest form winning at one place. */
  occurrences(phrase: string): { at: number; end: number; entity: Entity }[] {
    if (!this.re) return [];
    return [...phrase.matchAll(this.re)].map((m) => ({ at: m.index!, end: m.index! + m[0].length, entity: this.byForm.get(m[0])! }));
  }
}

/** The speaker a phrase names: a name in it, a pronoun's antecedent, or "the minister" by role. */
function resolvePhrase(phrase: string, before: Mention[], idx: EntityIndex, context?: () => string): Entity | null {
  let p = phrase.replace(/^[\s,—–-]+|[\s,—–-]+$/g, '').replace(/^(?:however|but|and|still|yet|meanwhile|instead|now|then|so|also|later|earlier|indeed),?\s+/i, '');
  if (!p) return null;
  // "a down payment, he" / "From the company's perspective, he" / "the meltdown -- which he": the
  // subject after the last comma, dash or relative pronoun.
  const tail = /(?:,|--|[—–]|\bwhich|\bwho|\bthat)\s*(he|she)$/i.exec(p);
  if (tail) {
    // "Wendy Orent, author of Plague, has written an article in which she says": the person the
    // phrase itself names first, of a fitting gender, before anyone in the sentences before it.
    const want = tail[1]!.toLowerCase() === 'she' ? 'f' : 'm';
    const head = p.slice(0, tail.index);
    const people = idx.occurrences(head).filter((h) => h.entity.type === 'PERSON' && !/^[’']s\b/.test(head.slice(h.end)));
    const fit = people.find((h) => genderOf(h.entity) === want) ?? people.find((h) => !genderOf(h.entity));
    if (fit) return fit.entity;
    p = tail[1]!;
  }
  // "they turned to the Chicago Police Department which reported": a relative pronoun's subject is
  // the name right before it.
  const relative = /^(.*\S)[\s,]+(?:which|who)$/i.exec(p);
  if (relative) {
    const named = idx.occurrences(relative[1]!).filter((h) => h.entity.type !== 'PLACE');
    const last = named[named.length - 1];
    if (last && !/\S/.test(relative[1]!.slice(last.end))) return last.entity;
  }
  // "the AFP news agency quoted him as saying": the one quoted, not the one quoting.
  const quoted = /\bquot(?:ed|es|ing)\s+(.{1,60}?)\s+as$/i.exec(p);
  // "Elaraby … was quoted by media as saying": the passive's subject is the one quoted.
  const passive = /^(.{1,120}?)\s+(?:was|were|is|are|has been|had been)\s+quoted\s+(?:by\s+.{1,40}?\s+)?as$/i.exec(p);
  if (passive) return resolvePhrase(passive[1]!.replace(/\s+(?:and|but)$/i, ''), before, idx, context);
  if (quoted) {
    const who = quoted[1]!.replace(/^(him|her)$/i, (w) => (w.toLowerCase() === 'him' ? 'he' : 'she'));
    return resolvePhrase(who, before, idx, context);
  }
  // "A statement from Downing Street", "a letter signed by the ministry": the body behind the
  // document speaks, whatever kind of name it has (a street or a building stands for an office).
  const from = STATEMENT_FROM.exec(p);
  if (from) {
    const by = from[1]!.replace(/[\s,.]+$/, '');
    return idx.occurrences(by)[0]?.entity ?? (/^\p{Lu}/u.test(by) ? idx.add(by) : null);
  }
  // "The Jackson family", "his family": a family speaks as a body, named by its surname.
  const family = FAMILY.exec(p);
  if (family) {
    const named = family[1] ? idx.occurrences(family[1])[0]?.entity : null;
    const person = named ?? (family[2] ? antecedent(/^her$/i.test(family[2]) ? 'she' : 'he', before, idx) : null);
    const surname = person ? person.name.split(' ').pop()! : family[1] && /^\p{Lu}/u.test(family[1]) ? family[1] : null;
    if (surname) return idx.add(`${surname} family`);
  }
  // A name inside quotation marks (the “Buy America” program) is a title, not who is speaking.
  const titled = [...p.matchAll(/[“"][^“”"]*[”"]/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
  let hits = idx.occurrences(p).filter((h) => h.entity.type !== 'PLACE' && !titled.some(([a, b]) => h.at > a && h.at < b));
  // "a letter to Hayward saying": the one addressed is not the speaker ("according to X" names one).
  hits = hits.filter((h) => !/(?<!\baccording)\s+to\s+(?:the\s+)?$/i.test(` ${p.slice(0, h.at)}`));
  // "Obama's press secretary Robert Gibbs": the possessor is not the speaker.
  const owners = hits.filter((h) => /^[’']s\b/.test(p.slice(h.end)));
  if (owners.length < hits.length) hits = hits.filter((h) => !owners.includes(h));
  if (hits.length > 0) {
    const people = hits.filter((h) => h.entity.type === 'PERSON');
    const pool = people.length > 0 ? people : hits;
    // "… method to pump in heavy mud - abandoned Mr Suttles said": a person named right before the
    // verb, after a plain word (no comma of an apposition, no "and", "of", "to" …), is its subject.
    const last = pool[pool.length - 1]!;
    if (pool.length > 1 && last.entity.type === 'PERSON' && !/\S/.test(p.slice(last.end).replace(/^[’']s\b/, '')) && /(?:^|\s)(?!(?:and|or|nor|of|for|to|with|by|from|about|than|at|on|in|near|as|like|against|via|whom?|whose)\s)\p{Ll}[\p{L}-]*\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?$/u.test(p.slice(0, last.at))) return last.entity;
    return pool[0]!.entity;
  }
  // A name the entity finder passed over (a lone word opening a sentence: "Moody's said …").
  const bare = /^([\p{Lu}][\p{L}.&-]+(?:\s[\p{Lu}][\p{L}.&-]+){0,3})(?:[’']s)?$/u.exec(p);
  if (bare && !/^(?:He|She|They|We|I|It|You|The|This|That|These|Those|There|A|An|In|On|At|For|With|By|From|To|Of|As|After|Before|When|While|If|But|And|So|Another|Others?|One|Some|Someone|Somebody|Many|Both|Each|All|Several|Most|Few|Everyone|Everybody|Anyone|Nobody|Who|Which|His|Her|Its|Their|Our|My|Your)$/.test(bare[1]!)) return idx.add(bare[1]!);
  // "China, for its part, has bashed …": a country speaks for its government.
  const country = /^(?:the\s+)?([\p{Lu}][\p{L}.]+(?:\s[\p{Lu}][\p{L}]+){0,2})(?=,|\s+(?:has|have|had|is|was|also|then)\b|$)/u.exec(p);
  if (country && (isKnownPlace(country[1]!) || /^(?:US|U\.S\.|UK|U\.K\.|EU)$/.test(country[1]!))) return idx.add(country[1]!);
  const pron = /^(?:(?:and|but|then|so)\s+)?(he|she)\b/i.exec(p);
  if (pron) return antecedent(pron[1]!.toLowerCase() as 'he' | 'she', before, idx);
  // "the minister", "the Indiana governor": the one person whose role ends in that noun.
  const desc = /^(?:the|a|an|his|her|their)\s+([\p{L}\s'’-]{3,60})$/iu.exec(p);
  if (desc) {
    const noun = desc[1]!.trim().split(/\s+/).pop()!.toLowerCase();
    const matches = idx.entities.filter((e) => e.type === 'PERSON' && e.roles.some((r) => r.toLowerCase().split(/\s+/).includes(noun)));
    if (matches.length === 1) return matches[0]!;
    // Several presidents: the one the text mentioned last.
    for (let k = before.length - 1; k >= 0 && matches.length > 1; k--) {
      const e = idx.find(before[k]!.text);
      if (e && matches.includes(e)) return e;
    }
  }
  // "the company said", "the commission concluded": a body the text named before.
  const body = BODY_DESCRIPTION.exec(p);
  if (body) {
    const found = describedBody(body[1]!.toLowerCase(), before, idx);
    if (found) return found;
  }
  // "the report says": the body the text named as the report's author ("a report by the National
  // Intelligence Council"), when it did; a document with no named author stays unattributed.
  const described = p.replace(/\s+(?:also|too|later|again|then|now|further)$/i, '');
  const doc = DOCUMENT.exec(described);
  if (doc && context) return documentAuthor(doc[1]!.toLowerCase().replace(/^investigators$/, 'investigation'), context(), idx);
  // "It added that …": the body the sentence before was about.
  if (/^it$/i.test(p)) {
    const last = before[before.length - 1];
    const subject = last ? before.find((m) => m.sentence === last.sentence) : undefined;
    const e = subject ? idx.find(subject.text) : undefined;
    if (e?.type === 'ORG' && subject!.start < 40) return e;
  }
  // "the spokesman said": the body (or person) whose spokesperson the text named last.
  if (/^(?:the|a)\s+(?:[\p{L}-]+\s+)?spokes(?:man|woman|person)$/iu.test(p) && context) return principalOf(context(), idx);
  return null;
}

// A definite description of a body: "the company", "the oil giant", "the Atlanta-based firm".
const BODY_DESCRIPTION = /^the\s+(?:[\p{L}-]+\s+){0,2}?(company|firm|group|organi[sz]ation|agency|ministry|department|commission|committee|council|school|college|university|hospital|airline|carrier|bank|lender|insurer|party|union|board|authority|regulator|institute|foundation|charity|network|broadcaster|newspaper|campaign|embassy|club|league|body|giant|watchdog|alliance|coalition|federation|association)$/iu;
// Nouns any organisation can be called; the others name a kind that its name says ("the commission").
const ANY_BODY = /^(?:company|firm|group|organi[sz]ation|body|giant)$/;

/**
 * The body a description stands for, searched sentence by sentence back from it and, within a
 * sentence, from its start (the subject first, as for a pronoun), passing over possessors: a body
 * whose name holds the noun ("the commission": "National Oil Spill Commission"); for a noun any body
 * can be called ("the company"), any body named in the three sentences before. Null when none is.
 */
function describedBody(noun: string, before: Mention[], idx: EntityIndex): Entity | null {
  const stem = noun.replace(/isation$/, 'ization');
  const holds = (e: Entity) =>
    [e.name, ...e.aliases].some((n) => {
      const words = n.toLowerCase().replace(/isation/g, 'ization').split(/[\s-]+/);
      return words.length > 1 && words.includes(stem);
    });
  const sentences: Mention[][] = [];
  for (const m of before) {
    if (sentences.length === 0 || sentences[sentences.length - 1]![0]!.sentence !== m.sentence) sentences.push([]);
    sentences[sentences.length - 1]!.push(m);
  }
  const latest = sentences[sentences.length - 1]?.[0]!.sentence ?? 0;
  for (let k = sentences.length - 1; k >= 0; k--) {
    const ms = sentences[k]!;
    const near = ANY_BODY.test(noun) && ms[0]!.sentence >= latest - 2;
    for (const m of [...ms].sort((a, b) => a.start - b.start)) {
      if (m.possessive) continue;
      const e = idx.find(m.text);
      // ("UK-style", "London-based": a word made from a name is not one.)
      if (e && (e.type === 'ORG' || e.type === 'OTHER') && !/-\p{Ll}/u.test(e.name) && (holds(e) || near)) return e;
    }
  }
  return null;
}

/**
 * Whether a sentence's subject is a person it does not name, speaking: "An unnamed senior American
 * commander quoted by the paper said …", "One official told reporters …".
 */
const UNNAMED_SPEAKER = new RegExp(`^[\\s"“”]*(?:an?|one|another)\\s+([^.;:“"]{1,100}?)\\s(?:${CUE_WORDS})\\b`, 'iu');

function unnamedSubject(sentence: string, idx: EntityIndex): { body: Entity | null } | null {
  const m = UNNAMED_SPEAKER.exec(sentence);
  if (!m || !(ROLE_NOUNS.test(m[1]!) || /\b(?:source|man|woman|person)\b/i.test(m[1]!))) return null;
  const hits = idx.occurrences(m[0]);
  if (hits.some((h) => h.entity.type === 'PERSON')) return null;
  // "A spokeswoman for BP said …", "A spokesman for Eton said …": the body speaks through them.
  const body = /\bspokes(?:man|woman|person)\b/i.test(m[1]!) ? (hits.find((h) => h.entity.type !== 'PERSON')?.entity ?? null) : null;
  return { body };
}

/** Whose spokesperson the text named last: "a BP spokesman", "a spokeswoman for the agency". */
function principalOf(text: string, idx: EntityIndex): Entity | null {
  let best: { at: number; entity: Entity } | null = null;
  for (const h of idx.occurrences(text)) {
    const after = text.slice(h.end, h.end + 30);
    const before = text.slice(Math.max(0, h.at - 40), h.at);
    if (/^(?:[’']s)?\s+(?:chief\s+|senior\s+|press\s+)?spokes(?:man|woman|person)\b/i.test(after) || /\bspokes(?:man|woman|person)\s+for\s+(?:the\s+)?$/i.test(before)) {
      if (!best || h.at > best.at) best = { at: h.at, entity: h.entity };
    }
  }
  return best?.entity ?? null;
}

// A capitalised name ending the text, after a plain lowercase word: the subject of a verb that follows.
const NAME_BEFORE_CUE = /(?:^|\s)(?!(?:and|or|nor|of|for|to|with|by|from|about|than|at|on|in|near|as|like|against|via|whom?|whose|but|that)\s)\p{Ll}[\p{L}-]*\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+){0,5}\s*$/u;

const SUBORDINATE = /^[\s,”"]*(?:when|while|after|before|if|because|since|until|though|although|where|once)\b/i;

// "according to comments reported in La Stampa": the medium that carried someone's words.
const CARRIED_BY = /^\s*(?:comments|remarks|reports?|an interview|an account)\s+(?:\w+\s+)?(?:in|on|to)\b/i;

const STATEMENT_FROM = /^(?:a|an|the|its|their|his|her)\s+(?:[\p{L}-]+\s+){0,2}?(?:statement|letter|release|communiqu[eé]|message|notice|memo|post|tweet)\s+(?:(?:issued|released|signed|posted|sent)\s+)?(?:from|by)\s+(?:the\s+)?(\S.{1,60})$/iu;
const FAMILY = /^(?:(?:[Tt]he\s+)?((?:\p{Lu}[\p{L}'’-]+\s+){0,2}\p{Lu}[\p{L}'’-]+?)(?:[’']s)?|[Tt]he|([Hh]is|[Hh]er|[Tt]heir))\s+family$/u;

const DOCUMENT = /^(?:the|this|that|its|their|his|her|a|an)\s+(?:[\p{L}-]+\s+){0,2}?(report|study|statement|letter|memo|memorandum|survey|assessment|analysis|review|complaint|filing|ruling|indictment|paper|document|investigation|investigators|inquiry)$/iu;

/** Who the text says wrote a document: "a report by X", "X's new report", "X released a report". The nearest such, or null. */
function documentAuthor(noun: string, text: string, idx: EntityIndex): Entity | null {
  const n = escapeRe(noun);
  const after = [new RegExp(`^[’']s\\s+(?:[\\p{L}-]+\\s+){0,3}?${n}s?\\b`, 'iu'), new RegExp(`^,?\\s+(?:[\\p{L}-]+\\s+){0,2}?(?:released|published|issued|produced|sent|filed|wrote|unveiled|commissioned)\\s+(?:a|an|its|the|their|his|her)\\s+(?:[\\p{L}-]+\\s+){0,3}?${n}\\b`, 'iu')];
  const before = new RegExp(`\\b${n}\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:by|from|of)\\s+(?:the\\s+)?$`, 'iu');
  const hits = idx.occurrences(text).filter((h) => h.entity.type === 'ORG' || h.entity.type === 'PERSON' || h.entity.type === 'OTHER');
  for (let k = hits.length - 1; k >= 0; k--) {
    const h = hits[k]!;
    const rest = text.slice(h.end, h.end + 160);
    if (after.some((re) => re.test(rest)) || before.test(text.slice(Math.max(0, h.at - 80), h.at))) return h.entity;
  }
  return null;
}

/** The person a pronoun points back to: the latest person mentioned before it, of a matching gender. */
function antecedent(pronoun: 'he' | 'she', before: Mention[], idx: EntityIndex): Entity | null {
  const want = pronoun === 'she' ? 'f' : 'm';
  const sameSubject = pronoun === 'she' ? /^\W*(?:(?:and|but|so|then|yet|later|also|still)\W+)?she\b/i : /^\W*(?:(?:and|but|so|then|yet|later|also|still)\W+)?he\b/i;
  let unknown: Entity | null = null;
  let possessor: Entity | null = null;
  let seen = 0;
  // Sentence by sentence back from the pronoun, and within a sentence from its start: the subject
  // of the latest sentence that names a fitting person ("Trump attacked Clinton and Rubio. He said …"
  // is Trump), as Hobbs's search orders candidates.
  let end = before.length;
  while (end > 0 && seen < 6) {
    let start = end - 1;
    while (start > 0 && before[start - 1]!.sentence === before[end - 1]!.sentence) start--;
    const text = idx.sentences[before[start]!.sentence];
    // "He further said that he felt Mubarak would respond …": a sentence before ours whose subject
    // is the same pronoun carries the same person; the names inside it are others, so the search
    // goes on before it.
    if (text !== undefined && sameSubject.test(text)) {
      end = start;
      continue;
    }
    // "Asked whether Mubarak should step down, Vice President Joe Biden said": the one who speaks
    // in a sentence comes before the names of its leading clause.
    const order = Array.from({ length: end - start }, (_, k) => start + k);
    if (text !== undefined) {
      const lead = LEADING_CLAUSE.exec(text)?.[0].length ?? 0;
      if (lead > 0) order.sort((a, b) => Number(before[a]!.start < lead) - Number(before[b]!.start < lead));
    }
    for (const i of order) {
      const e = idx.find(before[i]!.text);
      // (A lone word the text types as nothing else, opening the sentence just before as the subject
      // of a verb of saying — "Sebelius said …" — is someone of unknown gender.)
      const opensSpeaking = e?.type === 'OTHER' && before[i]!.speaks && before[i]!.start <= 1 && !e.name.includes(' ') && seen === 0 && before[i]!.sentence === before[before.length - 1]!.sentence && !isKnownPlace(e.name);
      if (!e || (e.type !== 'PERSON' && !opensSpeaking)) continue;
      // "He criticized Reich's reasoning": a possessor inside a clause is who the pronoun points back
      // to only when no one else fits ("Hayward's handling of the crisis …; he was" opening one is).
      if (before[i]!.possessive) {
        const pg = genderOf(e);
        if (!possessor && (pg === want || !pg)) possessor = e;
        continue;
      }
      seen++;
      const g = genderOf(e);
      if (g === want) return e;
      if (!g && !unknown) unknown = e;
    }
    if (unknown) return unknown;
    end = start;
  }
  return unknown ?? possessor;
}

function genderOf(e: Entity): 'f' | 'm' | null {
  const titles = e.roles.join(' ');
  if (/\b(Mrs|Ms|Miss|Madam|Queen|Princess|Lady|Duchess|spokeswoman|chairwoman|congresswoman|businesswoman|wife|mother|daughter|sister|aunt|niece|grandmother|granddaughter|girlfriend|widow|fiancée)\b/.test(titles)) return 'f';
  if (/\b(Mr|King|Prince|Lord|Sir|Duke|spokesman|chairman|congressman|businessman|husband|father|son|brother|uncle|nephew|grandfather|grandson|boyfriend|widower|fiancé)\b/.test(titles)) return 'm';
  return genderOfName(e.name);
}

function roleOf(e: Entity | null): string | null {
  if (!e || e.type !== 'PERSON') return null;
  return [...e.roles].sort((a, b) => b.length - a.length)[0] ?? null;
}

const TITLE_SMALL_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'nor', 'in', 'on', 'for', 'to', 'at', 'by', 'with', 'from', 'into', 'over', 'is', 'as', 'vs', 'vs.', 'de', 'la', 'del', 'van', 'von']);

/** Words in title case with no sentence punctuation ("The Steve Harvey Morning Show", "Commander-in-Chief Forum"). */
function isTitle(text: string): boolean {
  // A full stop the sentence put inside the marks, and one subtitle ("Crippled America: How to …").
  const t = text.replace(/[,.\s]+$/, '').trim();
  const [title, subtitle, more] = t.split(/:\s+/);
  // Words in capitals are shouted, not a title ("THIS IS NOT OK.").
  if (more !== undefined || [title, subtitle].some((p) => p !== undefined && /[.!?;:](?:\s|$)|[!?]$/.test(p)) || !/\p{Ll}/u.test(t)) return false;
  const words = t.replace(/:/g, '').split(/\s+/);
  if (words.length < 2 || words.length > (subtitle ? 12 : 8)) return false;
  const titleCase = (p: string) => /^[\p{Lu}\d]/u.test(p) && p.split(/\s+/).every((w) => TITLE_SMALL_WORDS.has(w.toLowerCase()) || /^[\p{Lu}\d‘'(]/u.test(w));
  return titleCase(title!) && (subtitle === undefined || titleCase(subtitle));
}

// A conjunction that carries a quotation on into more of the same words ("“A” because “B”", "to “A”
// and to “B”"); PolNeAR's annotators take such parts as one quotation.
const CONNECTIVE_GLUE = /^[\s,;—–-]*(?:(?:and|but|or)\s+)?(?:because|since|so|rather than|as well as|to|being|has|have|had|is|was|will|would)[\s,;—–-]*$/i;

// Between the items of a quoted list ("a “liar” who is “amoral,” a “bully” and a “narcissist”").
const LIST_GLUE = /^[\s,;]*(?:(?:a|an|the|and|or|who|which|is|was|are|were|as|also|even)[\s,;]+){1,3}$/i;

/**
 * Quoted parts that share one attribution are one quotation: split around it ("“A,” she said, “B.”")
 * or strung on a conjunction ("to “A” and then “B”"). A second verb of saying between them
 * ("said, adding later, “B”") starts a new one.
 */

/**
 * Whether the words between two quoted parts only attribute them (", she said, " / ", said Rick
 * Tyler, a spokesman. "), so the parts are one statement; or say something more, which makes the
 * second part another statement: a new predicate ("” and called him “"), a participle going on from
 * the quotation ("”, adding that …", "”, adding, “"), a reported clause ("said that …") or words
 * leading into a partial quote ("the senator said his campaign here was “").
 */
function onlyAttribution(between: string, cue: RegExpExecArray): boolean {
  const pre = between.slice(0, cue.index);
  const post = between.slice(cue.index + cue[0].length);
  if (/^[\s,;—–-]*(?:and|but)\b/i.test(pre)) return false;
  // A clause of its own before the cue ("” to avoid the failures that led to the meltdown -- which he
  // called “") is more than an attribution.
  if (pre.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length > 8) return false;
  // A participle ("”, adding, “", "” on ABC television, adding: “") goes on to a new statement.
  if (/ing$/i.test(cue[1]!)) return false;
  if (/\bthat\b/i.test(post)) return false;
  // (", he said, but “B”": a conjunction of the reporter's between the parts is still attribution.)
  return /[,.:;—–-]\s*$/.test(post) || /^[\s,;—–-]*(?:and|but)?\s*$/i.test(post) || post.trim().split(/\s+/).filter(Boolean).length < 2;
}

function joinSplitSpans(s: string, spans: Span[]): Span[][] {
  const groups: Span[][] = [];
  for (const span of spans) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    const between = prev ? s.slice(prev.close + 1, span.open) : '';
    const cues = cueMatches(between);
    // A name in quotation marks ("on “The Steve Harvey Morning Show,” she said she wanted to speak
    // “directly to white people”") is a title, not part of anyone's words.
    const title = (sp: Span) => isTitle(s.slice(sp.open + 1, sp.close));
    // A quotation split around its attribution breaks at a comma or a stop ("“A,” she said, “B.”"); a
    // bare word in marks before an attribution (an “embedded” correspondent wrote: “…”) is a scare quote.
    const splitPart = (sp: Span) => /[,.!?;:…—–-]\s*$/.test(s.slice(sp.open + 1, sp.close)) || s.slice(sp.open + 1, sp.close).trim().split(/\s+/).length >= 3;
    const joined = last && !title(prev!) && !title(span) && !/[“”"]/.test(between) && ((cues.length === 1 && between.length <= 100 && splitPart(prev!) && onlyAttribution(between, cues[0]!)) || (cues.length === 0 && (/^[\s,;—–-]*(?:(?:and|but|or|then|and then|before|while)(?:\s+that)?)?[\s,;—–-]*$/i.test(between) || LIST_GLUE.test(between) || CONNECTIVE_GLUE.test(between))));
    if (joined) last.push(span);
    else groups.push([span]);
  }
  return groups;
}

// After a quotation: a second predicate of its speaker ("” and called …", "”, adding that …").
const GOES_ON = new RegExp(`^[\\s,;—–-]*(?:(?:and|but|then)\\s+(?:also\\s+|later\\s+|then\\s+)?(${CUE_WORDS})\\b|(?:and\\s+)?(${CUE_WORDS.split('|').filter((w) => w.endsWith('ing')).join('|')})\\b)(?<!\\badd(?:ing|ed|s)(?=\\s+to\\b))`, 'i');

const clean = (t: string) => t.replace(/^[,\s]+|[,\s]+$/g, '').trim();

interface Attribution {
  cue: string;
  phrase: string;
  /** Where the phrase starts in the sentence, so a pronoun looks back from there. */
  at: number;
  /** Words after the cue, tried when the phrase names nobody (", said Dr Ann Lee at the university: “…”"). */
  after?: string;
}

/** A description after the clause's last comma or dash, right before its verb ("…, Wolf, that man was just"). */
const DESCRIBED_SUBJECT = /(?:,|--|[—–])\s*((?:that|this|the|a|an|one|another)\s+\p{Ll}[\p{L}'’-]*(?:\s+\p{Ll}[\p{L}'’-]*){0,3}?)(?:\s+(?:was|is|were|are|has|had|have|also|just|then|later|again|once|been|would|will))*\s*$/u;

/** Words a page's layout puts before a quotation with a colon ("Quote: “…”"): labels, not speakers. */
const LAYOUT_LABEL = /^(?:Quote|Quotes|Quoted|Update|Updated|Note|Editor['’]?s note|Comment|Comments|Reply|Source|Sources|Photo|Video|Audio|Transcript|Watch|Listen|Read|Related|Advertisement|Breaking|Exclusive|Analysis|Opinion|Statement|Text|Excerpt|Full text|Caption|Q|A)$/i;

/** The cue and speaker phrase of a quotation: after it (", said X" / ", X said"), else before it. */
function attribution(s: string, first: Span, zoneAfter: [number, number]): Attribution | null {
  const after = s.slice(zoneAfter[0], zoneAfter[1]);
  const cutAfter = after.split(/[“"]/)[0]!;
  // "” and called …" / "”, adding that …" go on to a second predicate of the quotation's speaker,
  // who is named before it, not after.
  const goesOn = GOES_ON.test(cutAfter);
  // "Hillary Clinton: “…”" — a name and a colon before the quotation say who speaks, whatever follows.
  const named = /^\s*([\p{Lu}][\p{L}.'’-]+(?:\s[\p{Lu}][\p{L}.'’-]+){0,3}):\s*$/u.exec(s.slice(0, first.open));
  if (named && !LAYOUT_LABEL.test(named[1]!)) return { cue: ':', phrase: named[1]!, at: named.index };
  const leadMatch = goesOn ? null : CUE_FIRST.exec(cutAfter);
  // "any “legitimate” claims arising from …": a noun-like cue right after a quotation that ends with
  // no comma or stop, and with none after it, is a noun, not an attribution.
  const lead = leadMatch && NOUNISH.test(leadMatch[1]!) && !/[,.!?…]\s*$/.test(s.slice(first.open + 1, zoneAfter[0] - 1)) && !/^\s*[,—–-]/.test(cutAfter) ? null : leadMatch;
  if (lead) {
    // ", said Gen. Tomas Brandt, Morland's chief negotiator" — the speaker follows the cue.
    let rest = cutAfter.slice(lead[0].length);
    let cue = lead[1]!;
    const whom = TOLD_WHOM.exec(rest);
    if (/^tol/i.test(cue) && whom) {
      cue = `${cue} ${whom[1]}`;
      rest = rest.slice(whom[0].length);
    }
    // ", said another resident, who gave her name as Manal": the name she gave.
    const givenAs = /\b(?:who\s+)?(?:gave|giving)\s+(?:(?:her|his|their)\s+)?(?:only\s+)?(?:(?:first|full)\s+)?name\s+(?:only\s+)?as\s+(\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+)?)|\bidentified\s+only\s+as\s+(\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+)?)/u.exec(rest.split(PHRASE_END)[0]!);
    const phrase = givenAs ? (givenAs[1] ?? givenAs[2])! : rest.split(PHRASE_END)[0]!.split(/,\s*(?:who|adding|as|while|when|in|at|on)\b|\s(?:amid|during|following|after|before|despite)\s/)[0]!;
    // "“…,” said in a statement" has no speaker after the cue, nor "“…,” according to comments
    // reported in La Stampa" (the paper carried the words): look before instead.
    if (/\p{L}/u.test(phrase) && !(cue.toLowerCase() === 'according to' && CARRIED_BY.test(phrase))) return { cue, phrase, at: zoneAfter[0] + lead[0].length };
  }
  // A subordinate clause after the quotation is not its speaker ("” when asked about it, Trump said"):
  // the speaker is then the subject of the next cue, after the clause's comma.
  let mid: RegExpExecArray | undefined;
  let beforeMid = '';
  for (const m of goesOn ? [] : cueMatches(cutAfter.slice(0, 160))) {
    const words = cutAfter.slice(0, m.index);
    // "“…” on ABC television, adding: …": a participle after a comma goes on from a speaker named
    // before ("quoted him as saying" still names one).
    if (/ing$/i.test(m[1]!) && /,\s*$/.test(words)) continue;
    if (leadMatch && !lead && !/\S/.test(words)) continue; // the noun after a scare quote (above)
    // "… to deal “justly” with damage claims": a phrase opening with a preposition is no subject.
    if (/^[\s,]*(?:with|for|on|in|at|by|from|of|to|over|about|under|into|against|despite|amid|following|including|unlike)\s[^,]*$/i.test(words)) continue;
    if (!SUBORDINATE.test(words)) {
      [mid, beforeMid] = [m, words];
      break;
    }
    const tail = words.slice(words.lastIndexOf(',') + 1);
    if (words.includes(',') && /\p{L}{2}/u.test(tail) && !SUBORDINATE.test(tail)) {
      [mid, beforeMid] = [m, tail];
      break;
    }
  }
  if (mid && !/[.!?;]\s/.test(beforeMid.replace(ABBREV_DOT, ''))) {
    // ", Trump told Bloomberg" / ", the Indiana governor said" — the speaker precedes the cue.
    let cue = mid[1]!;
    const whom = TOLD_WHOM.exec(cutAfter.slice(mid.index + cue.length));
    if (/^tol/i.test(cue) && whom) cue = `${cue} ${whom[1]}`;
    if (cue.toLowerCase() === 'according to') {
      const source = cutAfter.slice(mid.index + mid[0].length).split(PHRASE_END)[0]!.split(',')[0]!;
      if (!CARRIED_BY.test(source)) return { cue, phrase: source, at: zoneAfter[0] + mid.index };
    } else return { cue, phrase: beforeMid, at: zoneAfter[0] + mid.index - beforeMid.length };
  }
  // "“…” ― Pamela Padilla": a dash and a name after the quotation.
  const dash = /^\s*[―—–]+\s*([\p{Lu}][^,;(\n]{1,60})/u.exec(cutAfter);
  if (dash) return { cue: '―', phrase: dash[1]!, at: zoneAfter[0] };
  // Before the quotation, within its clause: "Trump said the election would be “…”", "Varga: “…”".
  const before = s.slice(0, first.open);
  // A title in quotation marks ("told MSNBC’s “Morning Joe” that …", "On “The Steve Harvey Morning
  // Show,” Clinton said …") does not end the clause.
  const unmarked = before.replace(/[“"]([^“”"]{1,60})[”"]/g, (m, inner: string) => (inner.trim().split(/\s+/).length < 4 || isTitle(inner) ? ` ${inner} ` : m));
  // An initial or abbreviation ("Sheila C. Bair", "Gov. Jindal") does not end the clause.
  const stops = unmarked.replace(ABBREV_DOT, (m) => `${m.slice(0, -1)}_`);
  const clauseStart = Math.max(stops.lastIndexOf('. '), stops.lastIndexOf('; '), stops.lastIndexOf('”'), stops.lastIndexOf('"'));
  const clause = before.slice(clauseStart + 1);
  // A verb of saying right before the quotation ("Trump boasted, “…”") is its cue; otherwise the
  // clause's first one is its main verb ("Clinton says Trump's tweets were “…”"). A word such as
  // "tweets" or "calls" after an article or possessive is a noun, not a cue.
  const cues = cueMatches(clause).filter((m) => !(NOUNISH.test(m[1]!) && NOUN_BEFORE.test(clause.slice(0, m.index))));
  const adjacent = cues.find((m) => /^\s*(?:that\s*)?[,:]?\s*$/.test(clause.slice(m.index + m[0].length)));
  // "…, with US Ambassador Susan Rice saying talks had gone on in a “…”": the one saying it is the
  // name after "with", not the subject of the clause's first verb.
  const withSaying = cues.findLast((m) => /\bwith\s+(?:[\p{Lu}][\p{L}.'’-]*\s+){1,6}$/u.test(clause.slice(0, m.index)));
  if (!adjacent && withSaying && /ing$/i.test(withSaying[1]!)) {
    const name = /\bwith\s+((?:[\p{Lu}][\p{L}.'’-]*\s+){1,6})$/u.exec(clause.slice(0, withSaying.index))![1]!;
    return { cue: withSaying[1]!, phrase: name, at: clauseStart + 1 + withSaying.index - name.length };
  }
  // The clause's main verb: not one inside a leading clause ("In announcing its downgrade, Moody's
  // said …"), and the first one with a name right before it when the very first has none ("The
  // protests have continued despite the crackdown French Foreign Minister Alain Juppe said …").
  const leading = LEADING_CLAUSE.exec(clause)?.[0].length ?? 0;
  const main = cues.filter((m) => m.index >= leading);
  const withName = main.find((m) => NAME_BEFORE_CUE.test(clause.slice(0, m.index)));
  const last = adjacent ?? (main[0] && !NAME_BEFORE_CUE.test(clause.slice(0, main[0].index)) && withName ? withName : (main[0] ?? cues[0]));
  if (last) {
    const cue = last[1]!;
    const offset = clauseStart + 1;
    if (cue.toLowerCase() === 'according to') {
      return { cue, phrase: clause.slice(last.index + cue.length).split(/[,;]/)[0]!, at: offset + last.index };
    }
    let subject = clause.slice(0, last.index);
    // "… or, as King Abdullah once put it, “…”": the one after "as" said it.
    const asX = /(?:^|[\s,])as\s+((?:the\s+)?\p{Lu}[^,;:]{1,60}?)(?:\s+(?:once|later|famously|memorably|himself|herself|recently|has|had|would|might))*\s*$/u.exec(subject);
    if (asX && /(?:put it|said|says|wrote|writes|noted|notes)/i.test(last[1]!)) return { cue: last[1]!, phrase: asX[1]!, at: offset + asX.index };
    // "said Trump: “…”" (speaker after the cue) versus "Trump said: “…”".
    if (!/\p{L}{2}/u.test(subject.replace(/^\s*(?:and|but|then|so|also|later|earlier)\b/i, ''))) {
      return { cue, phrase: clause.slice(last.index + cue.length).split(/[,:;]/)[0]!, at: offset + last.index };
    }
    // "Gibbs said no one was blaming BP, but added: “…”": the subject is that of the first cue.
    // A cue inside a leading clause ("In a column posted Wednesday, Weiss argued …") is not one.
    const earlier = cues.find((m) => m.index >= leading && m.index < last.index);
    // Not when a name stands right before the cue as its own subject ("… - abandoned Mr Suttles said:").
    if (earlier && /\p{L}{2}/u.test(clause.slice(0, earlier.index)) && !NAME_BEFORE_CUE.test(subject)) subject = clause.slice(0, earlier.index);
    // "Asked about Trump, Clinton said …": the leading clause is not the subject.
    subject = subject.replace(LEADING_CLAUSE, '');
    // "COOPER: Wolf -- one of the things, Wolf, that man was just saying is, “…”": a description
    // right before the verb, after the clause's last comma or dash, is its subject; a name before
    // that break is someone addressed or the subject of another clause, not the one saying it.
    const described = DESCRIBED_SUBJECT.exec(subject);
    if (described) return { cue, phrase: described[1]!, at: offset + clause.lastIndexOf(subject) + described.index + described[0].indexOf(described[1]!) };
    const rest = clause.slice(last.index + cue.length);
    const after = /^\s+(?!that\b)\p{Lu}/u.test(rest) ? rest.split(/[,:;]/)[0]! : undefined;
    return { cue, phrase: subject.split(/,\s*(?:who|which|when|while|after|before|as)\b/)[0]!, at: offset, after };
  }
  const label = /(?:^|\s)([\p{Lu}][\p{L}.'’-]+(?:\s[\p{Lu}][\p{L}.'’-]+){0,3}):\s*$/u.exec(before);
  if (label && !LAYOUT_LABEL.test(label[1]!)) return { cue: ':', phrase: label[1]!, at: before.length - label[0].length };
  // "In an interview, Hayward put the blame on Transocean: “…”" — the clause's subject introduces it.
  if (/:\s*$/.test(clause)) return { cue: ':', phrase: clause.replace(LEADING_CLAUSE, ''), at: clauseStart + 1 };
  return null;
}

// A nickname inside a name (Marcia "Cia" Price): its marks become single quotes of the same length,
// so that they neither open a quotation nor cut an attribution in two.
const NICKNAME = /(\p{Lu}[\p{L}.]*\s)[“"](\p{Lu}[\p{L}'’.-]*(?:\s\p{Lu}[\p{L}'’.-]*)?)[”"](?=\s\p{Lu})/gu;

/**
 * Who a sentence is about, as the speaker of a quotation that follows it: the subject of its verb of
 * saying ("Mr Martin said …", "He conceded that …"), else the person it opens with ("However, Dr David
 * Morens, director of the institute, is not convinced."). Null when it opens with someone else.
 */
function subjectOf(sentence: string, before: Mention[], idx: EntityIndex): Entity | null {
  const s = sentence.replace(/^(?:however|but|and|still|yet|meanwhile|instead|now|then|so|also),?\s+/i, '').replace(LEADING_CLAUSE, '');
  const cue = cueMatches(s).find((m) => !(NOUNISH.test(m[1]!) && NOUN_BEFORE.test(s.slice(0, m.index))));
  if (cue && cue.index > 0 && cue[1]!.toLowerCase() !== 'according to') {
    // "Capitalism had orchestrated the epidemic, he said.": the subject after the last comma.
    const tail = /,\s*((?:he|she|[\p{Lu}][^,]{0,60}?))\s*$/u.exec(s.slice(0, cue.index));
    const subject = tail ? tail[1]! : s.slice(0, cue.index).split(/,\s*(?:who|which|when|while|after|before|as)\b/)[0]!;
    if (subject.length <= 120) return resolvePhrase(subject, before, idx);
  }
  // "He was cleaning his car with a red cloth.": the person the pronoun points to.
  const pron = /^(he|she)\b/i.exec(s);
  if (pron) return antecedent(pron[1]!.toLowerCase() as 'he' | 'she', before, idx);
  const first = idx.occurrences(s.slice(0, 120))[0];
  return first && first.at < 100 && first.entity.type === 'PERSON' && !/^[’']s\b/.test(s.slice(first.end)) ? first.entity : null;
}

/**
 * Whether what follows a quotation in its sentence says who spoke ("”, Mr Fabius said.", "” in the
 * 2008 primary, said professor Paul Beck.") rather than going on with the reporter's own clause ("” but
 * added there was more to worry about.", "” of people affected by the crisis.").
 */
function attributionOnly(tail: string): boolean {
  const cue = cueMatches(tail)[0];
  if (!cue || tail.slice(0, cue.index).split(/\s+/).filter((w) => /\p{L}/u.test(w)).length > 8) return false;
  return !/^\s+(?:that|there|it|he|she|they|we|i|you|this|these|those)\b/i.test(tail.slice(cue.index + cue[0].length));
}

/** A quotation inside the reporter's own sentence: a scare quote, or a partial one it runs into. */
function embedded(sentence: string, sp: Span): boolean {
  const inner = sentence.slice(sp.open + 1, sp.close).trim();
  return inner.split(/\s+/).length < 4 || runsInto(sentence.slice(0, sp.open), inner);
}

/** A quotation opening in lower case right after a word of the reporter's ("saying “he's got …”"). */
const runsInto = (before: string, inner: string) => /^\p{Ll}/u.test(inner) && /[\p{L}\d]\s*$/u.test(before);

export function findQuotes(input: string[], ctx: SpeakerContext): Quote[] {
  const sentences = input.map((s) => (/[“"]/.test(s) ? s.replace(NICKNAME, '$1‘$2’') : s));
  const idx = new EntityIndex(ctx.entities, sentences);
  // Names a pronoun can point back to: those outside quotation marks.
  const spansBySentence = sentences.map(quotedSpans);
  const mentionsBySentence: Mention[][] = sentences.map(() => []);
  for (const m of ctx.mentions) {
    if (spansBySentence[m.sentence]?.some((sp) => m.start > sp.open && m.start < sp.close)) continue;
    mentionsBySentence[m.sentence]?.push(m);
  }
  // The text a phrase can look back into: the eight sentences before it and its own sentence up to it.
  const textBefore = (sentence: number, at: number): string => [...sentences.slice(0, sentence), sentences[sentence]!.slice(0, at)].join(' ');
  const mentionsBefore = (sentence: number, at: number): Mention[] => {
    const out: Mention[] = [];
    for (let i = Math.max(0, sentence - 8); i < sentence; i++) out.push(...mentionsBySentence[i]!);
    out.push(...mentionsBySentence[sentence]!.filter((m) => m.start < at));
    return out;
  };
  const quotes: Quote[] = [];
  const sites: QuoteSite[] = [];
  let lastDirect: Quote | null = null;
  const partial = new WeakSet<Quote>();
  let lastAt = -1;
  let shortAttr: { speaker: Entity | null; cue: string; at: number; opening: string | null; said?: Attribution; quote?: Quote } | null = null;
  let openTail: { quote: Quote; at: number; mark: string } | null = null;
  sentences.forEach((s, i) => {
    const found: Quote[] = [];
    let continued = false;
    // The last sentence the latest quotation reaches: the next one when that one only attributes it.
    let reach = i;
    const groups = joinSplitSpans(s, spansBySentence[i]!);
    groups.forEach((group, g) => {
      const first = group[0]!;
      const lastSpan = group[group.length - 1]!;
      const text = group.map((sp) => clean(s.slice(sp.open + 1, sp.close))).join(' … ');
      const nextOpen = groups[g + 1]?.[0]!.open ?? s.length;
      const zone: [number, number] = group.length > 1 ? [first.close + 1, group[1]!.open] : [lastSpan.close + 1, nextOpen];
      const attr = attribution(s, first, zone);
      const bare = !attr && s.slice(0, first.open).trim() === '' && s.slice(lastSpan.close + 1).trim().length < 3;
      const nextAttr = bare && i + 1 < sentences.length ? nextAttribution(sentences[i + 1]!) : null;
      const attributedNext = nextAttr !== null;
      // A quotation standing alone right after another one goes on in the same speaker's words
      // ("“A,” he said. “B.”"): one quotation, as annotators of attribution count them.
      if (bare && !attributedNext && lastDirect && lastAt >= i - 1 && !partial.has(lastDirect)) {
        lastDirect.text = `${lastDirect.text} … ${text}`;
        lastAt = i;
        continued = true;
        return;
      }
      // A list of words in quotation marks ("a “loser,” a “liar” and a “whiner”") is epithets, not a statement.
      const longestPart = Math.max(...group.map((sp) => clean(s.slice(sp.open + 1, sp.close)).split(/\s+/).length));
      // A name in title case on its own ("“The Lead with Jake Tapper”") is a title, not a statement.
      // "The study, titled “The long-term fate of the oil spill”": a name given to a work is a title.
      const named = group.length === 1 && /\b(?:titled|entitled|headlined|captioned)\s*[,:]?\s*$/i.test(s.slice(0, first.open));
      if (text.split(/\s+/).length < 4 || (group.length > 1 && longestPart < 3) || (group.length === 1 && isTitle(text)) || named) {
        // Too short to be a statement, but it says who is talking: "left him feeling “gutted”, he said."
        // A short quotation that opens its sentence ("“It’s finished,” she said. “In my head, anyway.”")
        // is the first words of what follows, not a scare quote.
        const opening = s.slice(0, first.open).trim() === '' && !isTitle(text) ? text : null;
        if (attr && attr.cue !== ':') {
          let said = attr;
          let speaker = resolvePhrase(attr.phrase, mentionsBefore(i, attr.at), idx, () => textBefore(i, attr.at));
          // "fix the nation’s “broken” system and he, once again, pledged …": words run on from a
          // clause on both sides belong to that clause's verb of saying, not to a later one that
          // names nobody here.
          if (!speaker && attr.at > lastSpan.close && runsInto(s.slice(0, first.open), text) && /^\s+\p{Ll}/u.test(s.slice(lastSpan.close + 1))) {
            const own = attribution(s, first, [lastSpan.close + 1, lastSpan.close + 1]);
            if (own && own.at < first.open && own.cue !== ':') {
              said = own;
              speaker = resolvePhrase(own.phrase, mentionsBefore(i, own.at), idx, () => textBefore(i, own.at));
            }
          }
          shortAttr = { speaker, cue: said.cue, at: i, opening, said };
        }
        // A few words inside the reporter's sentence that it attributes to someone ("Rubio said Obama
        // is “obsessed”", "called Trump “unhinged,”") are a partial quotation of theirs; with no verb
        // of saying and nobody named, they are scare quotes, a title or a term, and stay out.
        const who = shortAttr?.at === i ? shortAttr.speaker : null;
        // ("the so-called “rebels”", "the hacker known as “Guccifer”", "on Fox's “Hannity,”": a name or label.)
        const label = /\b(?:so-called|known as|nicknamed|dubbed|titled|entitled|named|the word|the term|the phrase)\s*$/i.test(s.slice(0, first.open)) || (/[’']s\s*$/.test(s.slice(0, first.open)) && /^\p{Lu}/u.test(text));
        // A short quotation of its own ("“People are angry,” said Ann Lee") is one too, until a
        // quotation standing alone after it goes on with it.
        if (who && !label && attr && attr.cue !== '―' && !named && !(group.length === 1 && isTitle(text)) && /\p{L}{2}/u.test(text)) {
          const quote: Quote = { text, speaker: who.name, speakerRole: roleOf(who), cue: shortAttr!.cue.toLowerCase(), sentence: i, direct: true, partial: true };
          if (opening) shortAttr!.quote = quote;
          partial.add(quote);
          found.push(quote);
          const said = shortAttr!.said ?? attr;
          sites.push({ quote, sentence: i, open: first.open, close: lastSpan.close, mode: siteMode(said, lastSpan), phrase: { sentence: i, start: said.at, end: said.at + said.phrase.length }, rule: who });
        }
        return; // scare quotes and titles, not statements
      }
      let speaker: Entity | null = null;
      let cue: string | null = null;
      let mode: SiteMode = 'none';
      let phrase: QuoteSite['phrase'] = null;
      // "“A.⏎⏎“B,” she said.": a quotation left open at a paragraph's end goes on in the next paragraph
      // that opens with the same quotation mark; the attribution found there is the whole quotation's.
      let merged = text;
      if (g === 0 && openTail && openTail.at === i - 1 && openTail.mark === s[first.open] && s.slice(0, first.open).trim() === '' && (attr || attributedNext)) {
        quotes.splice(quotes.indexOf(openTail.quote), 1);
        merged = `${openTail.quote.text} ${text}`;
      }
      // "“A,” she said, adding that it was “B”": the second part goes on from the first one's
      // attribution, so it has the same speaker (not the object of "adding" or "called").
      const previous = g > 0 ? found[found.length - 1] : undefined;
      // ("” on ABC television, adding: “": a short phrase of place or medium may come before the participle.)
      const goesOn = previous?.speaker ? GOES_ON.exec(s.slice(groups[g - 1]!.at(-1)!.close + 1, first.open).replace(/^[\s,]*(?:on|in|at|during|to|for)\s[^,“”"]{1,40},\s*/i, ' ')) : null;
      // "… that “A” where “B”": a second quotation joined to the first by a few plain words, with no
      // attribution of its own, is the same speaker's.
      const glued = previous?.speaker && !attr && /^[\s,]*\p{Ll}+(?:\s+\p{Ll}+){0,2}[\s,]*$/u.test(s.slice(groups[g - 1]!.at(-1)!.close + 1, first.open));
      if (goesOn) {
        speaker = idx.find(previous!.speaker!) ?? null;
        cue = (goesOn[1] ?? goesOn[2])!;
        mode = 'continued';
      } else if (glued) {
        speaker = idx.find(previous!.speaker!) ?? null;
        cue = previous!.cue;
        mode = 'continued';
      } else if (bare && !attributedNext && shortAttr && shortAttr.at >= i - 1) {
        speaker = shortAttr.speaker;
        cue = shortAttr.cue;
        mode = 'short';
        if (shortAttr.opening) merged = `${shortAttr.opening} … ${merged}`;
        if (shortAttr.quote) {
          const at = quotes.indexOf(shortAttr.quote);
          if (at >= 0) quotes.splice(at, 1);
          shortAttr.quote = undefined;
        }
      } else if (attr) {
        cue = attr.cue;
        speaker = resolvePhrase(attr.phrase, mentionsBefore(i, attr.at), idx, () => textBefore(i, attr.at));
        mode = siteMode(attr, lastSpan);
        phrase = { sentence: i, start: attr.at, end: attr.at + attr.phrase.length };
        // "“…,” said Ahmed. “…,” the 19-year-old law student said": a description that fits no one
        // named continues the speaker of the quotation just before.
        // ("… the brunt, he said. “…,” said the analyst": one sentence between that names no one else.)
        // A description with an age ("the 29-year-old electronics dealer") with no quotation before it
        // is the person the sentence before is about.
        const aged = /\d+-year-old/i.test(attr.phrase);
        const described = !speaker && /^\s*the\s+[\p{L}\d\s'’-]{3,60}$/iu.test(attr.phrase) && !DOCUMENT.test(attr.phrase.trim()) && (ROLE_NOUNS.test(attr.phrase) || aged);
        const someoneElse = (m: Mention) => {
          const e = idx.find(m.text);
          return !!e && (e.type === 'PERSON' || e.type === 'OTHER') && e.name !== lastDirect?.speaker;
        };
        if (described && lastDirect?.speaker && (lastAt >= i - 1 || (lastAt === i - 2 && !mentionsBySentence[i - 1]!.some(someoneElse)))) speaker = idx.find(lastDirect.speaker) ?? null;
        else if (described && aged && i > 0 && spansBySentence[i - 1]!.length === 0) {
          // The first person the sentence names (else the first name typed nothing else), not a possessor.
          const named = [...mentionsBySentence[i - 1]!].sort((a, b) => a.start - b.start).filter((m) => !m.possessive);
          const first = named.find((m) => idx.find(m.text)?.type === 'PERSON') ?? named.find((m) => idx.find(m.text)?.type === 'OTHER');
          if (first) speaker = idx.find(first.text)!;
        }
        // "An unnamed senior commander said … “…,” he said.": the pronoun is that unnamed person's.
        const opensWith = s.slice(0, first.open).trim() === '' || /^\s*(?:he|she)\b/i.test(s.slice(0, first.open));
        const unnamed = i > 0 && /^\s*(?:he|she)\s*$/i.test(attr.phrase) && opensWith ? unnamedSubject(sentences[i - 1]!, idx) : null;
        if (unnamed) speaker = unnamed.body;
        if (!speaker && attr.after && !DOCUMENT.test(attr.phrase.trim())) speaker = resolvePhrase(attr.after, mentionsBefore(i, attr.at), idx);
      } else if (attributedNext) {
        // "“Does anybody know?” Graham asked." — the splitter ends the sentence at the question mark.
        const next = sentences[i + 1]!;
        const m = nextAttr!;
        const lead = CUE_FIRST.exec(next);
        cue = lead ? lead[1]! : m[2]!;
        // (A cue first that CUE_FIRST turns down, "Added to the …", leaves no phrase: nobody named.)
        const words = lead ? next.slice(lead[0].length).split(PHRASE_END)[0]!.split(/[,“"]/)[0]! : (m[1] ?? '');
        speaker = resolvePhrase(words, mentionsBefore(i + 1, 0), idx, () => textBefore(i + 1, 0));
        reach = i + 1;
        mode = 'next';
        const from = lead ? lead[0].length : 0;
        phrase = { sentence: i + 1, start: from, end: from + words.length };
      } else if (bare && i > 0 && /:\s*$/.test(sentences[i - 1]!)) {
        // "Varga said in a statement:" followed by the quotation on its own.
        const intro = attribution(sentences[i - 1]!, { open: sentences[i - 1]!.length, close: sentences[i - 1]!.length }, [sentences[i - 1]!.length, sentences[i - 1]!.length]);
        if (intro) {
          cue = intro.cue;
          speaker = resolvePhrase(intro.phrase, mentionsBefore(i - 1, intro.at), idx, () => textBefore(i - 1, intro.at));
          mode = 'intro';
          phrase = { sentence: i - 1, start: intro.at, end: intro.at + intro.phrase.length };
        }
      } else if (bare && i > 0 && spansBySentence[i - 1]!.every((sp) => embedded(sentences[i - 1]!, sp))) {
        // (A scare quote in that sentence, "any “legitimate” claims", or a few words quoted inside it,
        // "said Hayward was “rubbing salt into the wounds”", does not make it a quotation.)
        // A quotation standing alone after a sentence about someone is theirs: "Mr Martin said the
        // report drew on research in Iowa. “They came and …”", "Dr Ann Lee is not convinced. “It's …”".
        speaker = subjectOf(sentences[i - 1]!, mentionsBefore(i - 1, 0), idx);
        mode = 'previous';
        phrase = { sentence: i - 1, start: 0, end: sentences[i - 1]!.length };
        // "Professor Wendy Barclay says … The key lies in the H1 protein. “There are two aspects …”": over
        // one sentence that names no one, to a speaker the sentence before it introduced.
        if (!speaker && i > 1 && mentionsBySentence[i - 1]!.length === 0 && spansBySentence[i - 2]!.length === 0 && cueMatches(sentences[i - 2]!).length > 0) {
          const earlier = subjectOf(sentences[i - 2]!, mentionsBefore(i - 2, 0), idx);
          if (earlier?.type === 'PERSON') speaker = earlier;
        }
      }
      if (!cue && !bare) {
        // No verb of saying: a partial quote belongs to the person or body the clause is about
        // ("Trump is questioning whether the vote is “on the up and up”", "She has touted his record as
        // “the longest peacetime expansion in our history”"); with nobody named or pointed to there,
        // it is a phrase in quotation marks (a title, a term), not a statement.
        const clause = s.slice(0, first.open).split(/[.;]\s|[”"]/).pop()!.replace(LEADING_CLAUSE, '');
        mode = 'clause';
        phrase = { sentence: i, start: first.open - clause.length, end: first.open };
        // The first person or body named, passing over a possessor when someone else is named
        // ("Obama's chief of staff, Rahm Emanuel, condemned …"; but "Mr Volcker's report found …").
        const named = idx.occurrences(clause).filter((h) => h.entity.type === 'PERSON' || h.entity.type === 'ORG');
        const subject = named.find((h) => !/^[’']s\b/.test(clause.slice(h.end))) ?? named[0];
        // "… the news that the US was “prepared for the worst scenario”": a country as the subject
        // of the clause speaks for its government.
        const country = [...clause.matchAll(/(?<![\p{L}.])((?:[\p{Lu}][\p{L}.]*)(?:\s[\p{Lu}][\p{L}]+){0,2})\s+(?:was|is|were|are|has|had|would|will|wants|wanted|remains|remained)\b/gu)].find((m) => isKnownPlace(m[1]!.replace(/\.$/, '')) || isKnownPlace(m[1]!));
        if (subject) speaker = subject.entity;
        else if (country) speaker = idx.add(country[1]!);
        else {
          const pron = /^\s*(?:(?:and|but|then|so)\s+)?(he|she)\b/i.exec(clause);
          if (pron) speaker = antecedent(pron[1]!.toLowerCase() as 'he' | 'she', mentionsBefore(i, first.open), idx);
          else return;
        }
      }
      const quote: Quote = { text: merged, speaker: speaker?.name ?? null, speakerRole: roleOf(speaker), cue: cue?.toLowerCase() ?? null, sentence: i, direct: true };
      // A partial quotation inside the reporter's sentence, which goes on after it ("saying “he's got
      // his life back” but added …"), is not one that a quotation standing alone after it continues.
      const tail = s.slice(lastSpan.close + 1);
      if (runsInto(s.slice(0, first.open), text) && (tail.match(/\p{L}{2,}/gu) ?? []).length >= 2 && !attributionOnly(tail)) partial.add(quote);
      found.push(quote);
      sites.push({ quote, sentence: i, open: first.open, close: lastSpan.close, mode, phrase, rule: speaker });
      if (g === groups.length - 1) openTail = !cue && lastSpan.close === s.length ? { quote, at: i, mark: s[first.open]! } : null;
    });
    if (found.length > 0) {
      quotes.push(...found);
      lastDirect = found[found.length - 1]!;
      lastAt = reach;
      return;
    }
    if (continued) return;
    const ind = INDIRECT.exec(s) ?? INDIRECT_BARE.exec(s);
    if (ind && !/[“”"]/.test(s)) {
      const speaker = resolvePhrase(ind[1]!.replace(LEADING_CLAUSE, ''), mentionsBefore(i, 0), idx, () => textBefore(i, 0));
      if (speaker) {
        quotes.push({ text: ind[3]!.replace(/[.\s]+$/, ''), speaker: speaker.name, speakerRole: roleOf(speaker), cue: ind[2]!.toLowerCase(), sentence: i, direct: false });
      }
    }
  });
  chooseSpeakers(sites, new Set(quotes), { sentences, mentionsBySentence, find: (form) => idx.find(form) }, ctx);
  return quotes;
}

/** How an attribution names the speaker: with a colon or dash, after the quotation, or before it. */
const siteMode = (attr: Attribution, last: Span): SiteMode => (attr.cue === ':' || attr.cue === '―' ? 'colon' : attr.at > last.close ? 'after' : 'before');

/**
 * The learned chooser's pick for each quotation (the rules' pick while no model is trained, or when
 * the caller asks for the rules). The last speaker a candidate is compared with is the rules' pick of
 * the quotation before, within three sentences, the same at training time and here.
 */
function chooseSpeakers(sites: QuoteSite[], kept: Set<Quote>, rank: Parameters<typeof candidatesOf>[1], ctx: SpeakerContext): void {
  const useModel = ctx.speakers !== 'rules' && modelIsTrained();
  let previous: QuoteSite | null = null;
  for (const site of sites) {
    if (!kept.has(site.quote)) continue;
    const last = previous && previous.sentence >= site.sentence - 3 ? previous.rule : null;
    previous = site;
    const decides = useModel && modelDecides(site, rank.sentences);
    if (!decides && !ctx.onSite) continue;
    const cands = candidatesOf(site, rank, last);
    ctx.onSite?.(site, cands);
    if (!decides) continue;
    const chosen = choose(cands).entity;
    site.quote.speaker = chosen?.name ?? null;
    site.quote.speakerRole = roleOf(chosen);
  }
}
