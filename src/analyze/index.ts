import type { Analysis, Entity } from '../model/index.js';
import { entitiesByForm, findMentions, mergeMentions, type Mention } from './entities.js';
import { findDates } from './dates.js';
import { findQuotes, type SpeakerContext } from './quotes.js';
import { findQuantities } from './quantities.js';
import { splitSentences, withoutDateline } from './sentences.js';
import { isGivenName } from './names.js';

export { splitSentences, withoutDateline } from './sentences.js';

const DEMONYM = /^\p{Lu}\p{Ll}+(?:ian|ean|ese|ish)$/u;

export interface AnalyzeOptions {
  /** Publication date (YYYY-MM-DD or ISO); relative dates resolve against it. */
  published?: string | null;
  /** What relative dates resolve against in a text without a publication date (default: now). */
  now?: Date;
  /** Who picks a quotation's speaker, and a hook that sees the candidates (for training). */
  speakers?: SpeakerContext['speakers'];
  onSite?: SpeakerContext['onSite'];
}

function parsePublished(v: string | null | undefined): Date | null {
  if (!v) return null;
  // A bare date means noon UTC, so weekday arithmetic never slips across midnight.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T12:00:00Z`) : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Plain text → sentences, entities, quotes and dates (the `sitrep analyze` contract). */
export function analyzeText(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeWithMentions(text, options).analysis;
}

/** A name as it occurs: sentence index, offset in that sentence, and the type of its entity. */
export interface TypedMention {
  text: string;
  sentence: number;
  start: number;
  type: Entity['type'];
  entity: string;
}

/** The analysis plus every name occurrence, typed by the entity it was merged into. */
function blankDateline(sentence: string): string {
  const rest = withoutDateline(sentence);
  return rest.length < sentence.length && sentence.endsWith(rest) ? ' '.repeat(sentence.length - rest.length) + rest : sentence;
}

export function analyzeWithMentions(text: string, options: AnalyzeOptions = {}): { analysis: Analysis; mentions: TypedMention[] } {
  const sentences = splitSentences(text);
  // A dateline or timestamp glued to a sentence ("Thursday, December 18, 2008; 11:33 AM President-elect
  // Barack Obama …") is no part of a name: names are found with it blanked out, offsets unchanged.
  const found = sentences.flatMap((s, i) => findMentions(i < 3 ? blankDateline(s) : s, i));
  // A lone capitalised word opening a sentence ("Talks ended…") is a name only if it is also
  // capitalised somewhere else (alone or as part of a longer name), or typed by its context.
  const midSentence = new Set([...found.filter((m) => m.start > 1).map((m) => m.text), ...found.filter((m) => m.text.includes(' ')).flatMap((m) => m.text.split(' '))]);
  // "the Karvenian coast", "Karvenian and Morland delegations": a lone word shaped like a nationality
  // adjective (-ian, -ean, -ese, -ish) that is always followed by a lowercase word, is no given name
  // and no part of a longer name in the text, describes something; it is not a name.
  const adjectival = new Map<string, boolean>();
  for (const m of found) {
    if (m.text.includes(' ') || !DEMONYM.test(m.text) || isGivenName(m.text)) continue;
    const next = /^\s+\p{Ll}/u.test(sentences[m.sentence]!.slice(m.start + m.text.length));
    adjectival.set(m.text, (adjectival.get(m.text) ?? true) && next);
  }
  const inLonger = new Set(found.filter((m) => m.text.includes(' ')).flatMap((m) => m.text.split(' ')));
  // "Sebelius said …" opening a sentence names someone when the text never writes the word in lower
  // case ("Police said …" beside "the police").
  const namesSpeaker = (m: Mention) => m.speaks === true && !new RegExp(`(?<![\\p{L}])${m.text.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u').test(text);
  const mentions = found.filter((m) => !(m.start <= 1 && m.type === 'OTHER' && !m.text.includes(' ') && !midSentence.has(m.text) && !namesSpeaker(m)) && !(adjectival.get(m.text) && !inLonger.has(m.text)));
  splitPossessors(mentions);
  splitKnownSuffixes(mentions);
  surnameReferences(mentions);
  const labels = transcriptSpeakers(sentences, mentions);
  const entities = withFullNames(mergeMentions(mentions), labels);
  const quotes = findQuotes(sentences, { entities, mentions, speakers: options.speakers, onSite: options.onSite });
  // A quoted speaker with a full name is a person even when nothing else in the text says so
  // ("Microsoft said" alone is not enough).
  for (const q of quotes) {
    const e = entities.find((x) => x.name === q.speaker);
    if (e && e.type === 'OTHER' && (e.name.includes(' ') || e.roles.length > 0)) e.type = 'PERSON';
  }
  const dates = findDates(sentences, parsePublished(options.published), options.now);
  const byForm = entitiesByForm(entities);
  const typed = mentions.map((m) => {
    const e = byForm.get(m.text);
    return { text: m.text, sentence: m.sentence, start: m.start, type: e?.type ?? m.type, entity: e?.name ?? m.text };
  });
  return { analysis: { sentences, entities, quotes, dates, quantities: findQuantities(sentences) }, mentions: typed };
}

/**
 * "Police came to al-Aryan's Cairo home": a possessor run into the name after it is two names, the
 * possessor's and the owned one's, where the text writes either on its own elsewhere ("Issam al-Aryan",
 * "in Cairo"). A name that holds a possessive and is never split so ("People's Republic of China",
 * "Martha's Vineyard", "Moody's Investors Service") stays whole.
 */
function splitPossessors(mentions: Mention[]): void {
  const words = new Map<string, number>();
  for (const m of mentions) for (const w of new Set(m.text.split(' '))) words.set(w, (words.get(w) ?? 0) + 1);
  const whole = new Set(mentions.map((m) => m.text));
  const added: Mention[] = [];
  for (const m of mentions) {
    const parts = m.text.split(' ');
    const k = parts.findIndex((p, i) => i < parts.length - 1 && /\p{L}[’']s$/u.test(p));
    if (k < 0) continue;
    const owner = parts.slice(0, k + 1).join(' ').replace(/[’']s$/, '');
    const owned = parts.slice(k + 1).join(' ');
    // Written elsewhere: the owner's last word as a word of another name, or the owned name alone.
    const ownerWord = owner.split(' ').pop()!;
    if ((words.get(ownerWord) ?? 0) === 0 && !whole.has(owned)) continue;
    added.push({ text: owner, sentence: m.sentence, start: m.start, roles: [], type: 'OTHER', weight: 1, possessive: true });
    m.start += parts.slice(0, k + 1).join(' ').length + 1;
    m.text = owned;
  }
  if (added.length === 0) return;
  mentions.push(...added);
  mentions.sort((a, b) => a.sentence - b.sentence || a.start - b.start);
}

/** A word in capitals and a colon opening a line of a transcript ("BLITZER: …", "UNIDENTIFIED MALE: …"). */
const TRANSCRIPT_LABEL = /^([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}) ?:\s/;
/** Labels a page's layout or an interview's questions use, not speakers. */
const NOT_A_SPEAKER_LABEL = /^(?:Q|A|UPDATE|UPDATED|NOTE|EDITOR'S NOTE|VIDEO|AUDIO|PHOTO|WATCH|READ|RELATED|BREAKING|EXCLUSIVE|TRANSCRIPT|SOURCE|SOURCES|CAPTION|ADVERTISEMENT|WARNING|CORRECTION|CLARIFICATION)$/;

/**
 * "COOPER: … BLITZER: … COOPER: …": in a transcript, a name in capitals that opens turns is a
 * speaker, so a person, not an acronym's organisation. A transcript has two or more such labels, one
 * of them at least twice; a lone "NATO: …" heading is not one.
 */
function transcriptSpeakers(sentences: string[], mentions: Mention[]): Set<string> {
  const turns = new Map<string, number>();
  for (const s of sentences) {
    const label = TRANSCRIPT_LABEL.exec(s)?.[1];
    if (label && !NOT_A_SPEAKER_LABEL.test(label)) turns.set(label, (turns.get(label) ?? 0) + 1);
  }
  if (turns.size < 2 || Math.max(...turns.values()) < 2) return new Set();
  for (const m of mentions) {
    if (!turns.has(m.text)) continue;
    m.type = 'PERSON';
    m.weight = 3;
  }
  return new Set(turns.keys());
}

/**
 * "DAMON: …" in a transcript that also writes "Arwa Damon": the label is her surname in capitals,
 * so the label's entity joins the one full name the text gives with that surname (none where two do).
 */
function withFullNames(entities: Entity[], labels: Set<string>): Entity[] {
  if (labels.size === 0) return entities;
  const gone = new Set<Entity>();
  for (const label of labels) {
    const own = entities.find((e) => e.name === label);
    if (!own || label.includes(' ')) continue;
    const full = entities.filter((e) => e !== own && e.type !== 'PLACE' && e.type !== 'ORG' && e.name.includes(' ') && e.name.split(' ').pop()!.toUpperCase() === label);
    if (full.length !== 1) continue;
    const person = full[0]!;
    person.type = 'PERSON';
    person.mentions += own.mentions;
    for (const f of [own.name, ...own.aliases]) if (!person.aliases.includes(f)) person.aliases.push(f);
    for (const r of own.roles) if (!person.roles.includes(r)) person.roles.push(r);
    gone.add(own);
  }
  return gone.size ? entities.filter((e) => !gone.has(e)) : entities;
}

/**
 * "Republican Donald Trump" is "Donald Trump" described, when "Donald Trump" also stands alone in the
 * text: the longest such two-word-or-longer tail becomes the name, the words before it are dropped.
 */
function splitKnownSuffixes(mentions: Mention[]): void {
  const forms = new Set(mentions.filter((m) => m.text.includes(' ')).map((m) => m.text));
  for (const m of mentions) {
    const parts = m.text.split(' ');
    for (let k = 1; k <= parts.length - 2; k++) {
      const tail = parts.slice(k).join(' ');
      if (!forms.has(tail)) continue;
      m.start += parts.slice(0, k).join(' ').length + 1;
      m.text = tail;
      break;
    }
  }
}

/**
 * "Bettie Page … Page said": a two- or three-word name whose last word is later used alone is how
 * news writes about people, so such a name is a person unless its words say otherwise.
 */
function surnameReferences(mentions: Mention[]): void {
  const alone = new Set(mentions.filter((m) => !m.text.includes(' ')).map((m) => m.text));
  for (const m of mentions) {
    if (m.type !== 'OTHER') continue;
    const parts = m.text.split(' ');
    if (parts.length < 2 || parts.length > 3 || !alone.has(parts[parts.length - 1]!)) continue;
    if (parts.some((p) => !/^[\p{Lu}][\p{Ll}'’-]+$/u.test(p) || p.length < 2)) continue;
    m.type = 'PERSON';
    m.weight = 2;
  }
}
