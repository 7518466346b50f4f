import type { Entity, EntityType } from '../model/index.js';
import { isGivenName } from './names.js';
import { isKnownPlace } from './places.js';

// Words that make a capitalised phrase a title rather than (part of) a name.
const TITLE_WORDS = new Set(
  [
    'president', 'vice', 'prime', 'minister', 'secretary', 'governor', 'mayor', 'general', 'gen.', 'colonel',
    'col.', 'lieutenant', 'lt.', 'major', 'captain', 'capt.', 'admiral', 'ambassador', 'spokesperson',
    'spokesman', 'spokeswoman', 'chancellor', 'king', 'queen', 'prince', 'senator', 'sen.', 'rep.',
    'representative', 'dr.', 'mr.', 'mrs.', 'ms.', 'dr', 'mr', 'mrs', 'ms', 'prof.', 'professor', 'chief', 'director', 'commissioner',
    'chairman', 'chairwoman', 'chair', 'envoy', 'negotiator', 'judge', 'justice', 'pope', 'foreign',
    'defense', 'defence', 'health', 'interior', 'finance', 'deputy', 'acting', 'head', 'commander', 'officer',
    'coordinator', 'administrator', 'inspector', 'superintendent', 'premier', 'sheikh', 'emir', 'sultan',
    'leader', 'economy', 'energy', 'justice', 'agriculture', 'trade', 'emergency', 'emergencies', 'water', 'transport',
    'president-elect', 'vice-president', 'governor-elect', 'senator-elect', 'gov.', 'gov', 'atty.', 'amb.', 'supt.', 'pte', 'pte.', 'pvt', 'pvt.', 'cpl', 'cpl.', 'corporal', 'sgt', 'sgt.', 'sergeant', 'brigadier', 'lt', 'col', 'maj.', 'capt', 'cmdr', 'adm', 'adm.',
  ],
);
// Nouns that carry a role when they follow a name in apposition ("X, the country's chief negotiator,").
export const ROLE_NOUNS =
  /\b(president|minister|secretary|governor|mayor|general|colonel|ambassador|spokes(?:person|man|woman)|chancellor|senator|chief|director|commissioner|chair(?:man|woman)?|envoy|negotiator|judge|head|commander|officer|official|coordinator|administrator|inspector|analyst|researcher|professor|economist|expert|epidemiologist|engineer|executive|scientist|microbiologist|consultant|barrister|attorney|prosecutor|activist|manager|adviser|advisor|aide|leader|founder|editor|correspondent|lawyer|doctor|nurse|spokesperson|representative|mediator|deputy|protester|protestor|resident|student|teacher|farmer|fisherman|shopkeeper|owner|voter|supporter|member|witness|survivor|volunteer|veteran|commander|pilot|driver|nurse|worker)\b/i;
const ROLE_BEFORE = new RegExp(`(?<![\\w'’-])((?:[A-Z][\\w.'’-]*\\s+){0,4}(?:(?!(?:the|a|an|and|or|of|to|by|with|said|says|for|as|is|was|his|her|their|its|from|at|in|on)\\s)[a-z-]+\\s+){0,2}${ROLE_NOUNS.source.replace(/^\\b\(/, '(?:').replace(/\\b$/, '')})\\s+$`);
// Given names that are more often other capitalised words ("North Carolina", "the Red Sox").
const NOT_GIVEN = new Set(['North', 'South', 'East', 'West', 'Red', 'Royal', 'Major', 'King', 'Star', 'Sky', 'Summer', 'Winter', 'Spring', 'Autumn', 'Grace', 'Hope', 'Faith', 'Joy', 'Will', 'May', 'June', 'April', 'August', 'Christian', 'Rich', 'Page', 'Young', 'Justice', 'Chase', 'Angel', 'Golden', 'Crystal', 'Dell', 'San', 'Santa', 'Saint', 'Fort', 'Port', 'Mount', 'Lake', 'Gay', 'Bay', 'Forest']);
const ORG_WORDS =
  /\b(capital|infirmary|ministry|agency|council|organi[sz]ation|bank|party|company|corporation|university|institute|inc|corp|ltd|group|service|authority|committee|union|forces|army|navy|police|office|department|commission|court|parliament|assembly|association|federation|fund|network|foundation|red cross|crescent|airlines?|railways?|utility|board|alliance|coalition|front|movement|center|centre|hospital|clinic|programme|program|bureau|guard|news|times|post|ledger|wire|daily|press|affairs)\b/i;
// Head nouns that make the words before them a body's name ("Health Ministry", "Justice Department").
const DEPARTMENT_HEAD = /^(?:Ministry|Department|Office|Agency|Service|Committee|Council|Commission|Authority|Bureau|Directorate|Board|Court|Command)$/;
const PLACE_WORDS = /\b(river|valley|province|region|district|county|city|island|islands|mountains?|lake|sea|bay|coast|gulf|port|strait|republic|kingdom|state|village|town|dam|bridge|square|street)\b/i;
const PLACE_PREPOSITIONS = /\b(in|from|to|near|across|outside|inside|towards?|into|at|of|around|throughout|via)\s*$/i;
const SPEECH_AFTER = /^\s*(said|says|told|added|warned|stated|announced|insisted|noted|explained|wrote|argued|confirmed|urged|acknowledged|declared|asked|died|dies|was born|married|resigned|testified|pleaded|apologi[sz]ed)\b/i;
// A verb of saying right after a name: the name is its subject.
const SPEAKS_AFTER = /^\s+(?:said|says|told|added|warned|stated|insisted|noted|explained|argued|confirmed|urged|acknowledged|declared|asked|testified)\b/i;
// "Reid's lawyer": a possessive before a word for someone's people marks a person.
const PERSON_POSSESSIVE = /^\s+(wife|husband|son|daughter|mother|father|brother|sister|lawyer|attorney|publicist|representative|rep|spokesman|spokeswoman|spokesperson|family|girlfriend|boyfriend|widow|parents|children|aide|manager|agent|career|death|birthday|campaign)\b/i;
const CONNECTORS = new Set(['of', 'the', 'for', 'de', 'del', 'da', 'van', 'von', 'bin', 'al']);
// Capitalised words that start sentences or stand alone without naming anything.
const STOP_CAPS = new Set(
  [
    'the', 'a', 'an', 'in', 'on', 'at', 'but', 'and', 'or', 'if', 'as', 'it', 'its', 'he', 'she', 'they', 'we',
    'i', 'this', 'that', 'these', 'those', 'there', 'their', 'his', 'her', 'our', 'after', 'before', 'when',
    'while', 'with', 'without', 'by', 'for', 'from', 'to', 'of', 'some', 'many', 'most', 'more', 'no', 'not',
    'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'monday', 'tuesday',
    'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may',
    'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan.', 'feb.', 'aug.',
    'sept.', 'oct.', 'nov.', 'dec.', 'yesterday', 'today', 'tomorrow', 'earlier', 'later', 'officials',
    'residents', 'sample', 'data', 'according', 'asked', 'meanwhile', 'however', 'still', 'what', 'who',
    'where', 'why', 'how', 'all', 'both', 'each', 'several', 'since', 'until', 'during', 'under', 'over',
    'about', 'also', 'only', 'even', 'such', 'than', 'then', 'thus', 'so', 'yet', 'we’re', 'it’s', 'you',
    'although', 'though', 'because', 'unless', 'whether', 'despite', 'whereas', 'another', 'others',
    'my', 'your', 'is', 'was', 'are', 'were', 'will', 'would', 'could', 'should', 'can', 'may', 'might',
  ],
);

export interface Mention {
  text: string;
  sentence: number;
  start: number;
  roles: string[];
  type: EntityType;
  /** How strongly the context says so: a title, a given name or a verb of saying outweigh a preposition. */
  weight: number;
  /** Written as a possessor inside a clause ("he criticized Reich's reasoning"), not opening it. */
  possessive?: boolean;
  /** The subject of a verb of saying right after it ("Sebelius said …"). */
  speaks?: boolean;
}

const WORD = /[A-Z\u00C0-\u024F][\p{L}'’.-]*|[\p{Ll}][\p{L}'’.-]*|\d[\d,.]*|[^\s\p{L}\d]+/gu;

/** A stop word whether or not the sentence's full stop is stuck to it ("Saturday."). */
// Words in capitals that scraped pages carry as navigation and labels, not names ("BACK 1 of 9 NEXT").
const PAGE_WORDS = /^(?:BACK|NEXT|PREV|PREVIOUS|MORE|HOME|TOP|CLOSE|MENU|SHARE|PRINT|EMAIL|E-MAIL|READ|WATCH|VIDEO|PHOTOS?|GALLERY|UPDATE|UPDATED|BREAKING|LIVE|NEW|COMMENTS?|ADVERTISEMENT|RELATED|GRAPHIC)[.,;:]*$/;

function isStop(w: string): boolean {
  // "WHO" (the World Health Organization) is not the pronoun "who", nor "US" the pronoun "us".
  if (/^[A-Z]{2,}(?:[’']s)?[.,;:]*$/.test(w)) return PAGE_WORDS.test(w);
  // ("I've", "We're", "It's": a pronoun with its verb.)
  const l = w.toLowerCase().replace(/[’'](?:s|ve|m|d|ll|re)$/, '');
  return STOP_CAPS.has(l) || STOP_CAPS.has(l.replace(/[.,;:]+$/, ''));
}

function isCap(w: string): boolean {
  // "al-Assad", "el-Sisi", "bin-Talal": an Arabic article or patronymic joined to a capitalised name.
  return (/^[A-Z\u00C0-\u00DE]/.test(w) && /\p{L}/u.test(w)) || ARABIC_PARTICLE.test(w);
}

const ARABIC_PARTICLE = /^(?:al|el|ad|as|ash|at|az|bin|ibn|abu|abd)-\p{Lu}/u;
/** "Assad" for "al-Assad": the name without its joined particle. */
const bareName = (w: string) => w.replace(ARABIC_PARTICLE, (m) => m.slice(-1));

// "1:53 p.m. ET", "10am GMT": a time zone after a time is no name.
const TIME_ZONE = /^(?:[ECMP][SD]?T|GMT|UTC|BST|CES?T|EES?T|AE[SD]T|IST|JST|MSK)[.,;:)]*$/;

/** Capitalised name phrases of one sentence, with a title before or a role after them where given. */
export function findMentions(sentence: string, index: number): Mention[] {
  const tokens = [...sentence.matchAll(WORD)].map((m) => ({ w: m[0], at: m.index ?? 0 }));
  // A headline in capitals ("SYRIA SAYS “TERRORIST” GROUP LEADER ARRESTED"): three or more words of
  // three or more capitals in a row (punctuation between them aside) carry no sign of a name.
  const capsRun = new Set<number>();
  for (let i = 0; i < tokens.length; ) {
    const run: number[] = [];
    let j = i;
    for (; j < tokens.length; j++) {
      if (/^[A-Z]{3,}[.,;:]*$/.test(tokens[j]!.w)) run.push(j);
      else if (!/^[^\p{L}\d]+$/u.test(tokens[j]!.w)) break;
    }
    if (run.length >= 3) for (const k of run) capsRun.add(k);
    i = Math.max(j, i + 1);
  }
  /** Whether the token at k cannot open a name. */
  const noStart = (k: number): boolean => {
    const w = tokens[k]!.w;
    if (!isCap(w) || (isStop(w) && !TITLE_WORDS.has(w.toLowerCase())) || capsRun.has(k)) return true;
    if (TIME_ZONE.test(w) && /^(?:[ap]\.?m\.?|\d+)$/i.test(tokens[k - 1]?.w ?? '')) return true;
    // "London-based", "Kremlin-backed": a word made from a name, not one ("President-elect" is a title).
    return /^\p{Lu}[\p{L}.]*-\p{Ll}{2,}[.,;:]*$/u.test(w) && !TITLE_WORDS.has(w.split('-')[0]!.toLowerCase());
  };
  const out: Mention[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (noStart(i)) {
      i++;
      continue;
    }
    // Grow a run of capitalised words, allowing lowercase connectors inside ("Ministry of Health").
    let j = i;
    while (j + 1 < tokens.length) {
      const n = tokens[j + 1]!;
      // A full stop ends the name unless it belongs to an initial or abbreviation ("J.", "U.N.").
      if (/[a-z]{2,}\.$/.test(tokens[j]!.w) && !TITLE_WORDS.has(tokens[j]!.w.toLowerCase())) break;
      // So does an acronym's ("… with the HPA. The HPA has …"); "U.S." keeps going.
      if (/^[A-Z]{2,}\.$/.test(tokens[j]!.w)) break;
      // "al-Aryan's Cairo home", "Smith's London flat": a possessor before a known place ends its own
      // name; the place is another ("People's Republic", "King's College" go on).
      if (/[’']s$/.test(tokens[j]!.w) && isKnownPlace(n.w.replace(/[.,;:!?]+$/, ''))) break;
      // A middle initial is not the article "A": "Stephen A. Smith", "Dirk A. Kempthorne".
      if (isCap(n.w) && (!isStop(n.w) || (/^[A-Z]\.$/.test(n.w) && isCap(tokens[j + 2]?.w ?? '')))) j++;
      // "Ministry of Health" goes on; "Michael Blum of Tulane University" is a person, then a body.
      else if (CONNECTORS.has(n.w.toLowerCase()) && j + 2 < tokens.length && isCap(tokens[j + 2]!.w) && !isStop(tokens[j + 2]!.w) && !(n.w === 'of' && j > i && tokens.slice(i, j).some((t) => isGivenName(t.w) && !NOT_GIVEN.has(t.w)))) j += 2;
      else break;
    }
    let words = tokens.slice(i, j + 1);
    // "Indonesia's Aceh province": the country that owns a place is not part of its name.
    const owner = /^(.+)[’']s$/.exec(words[0]!.w);
    if (owner && words.length > 1 && isKnownPlace(owner[1]!)) words = words.slice(1);
    // Split a leading title from the name: "Foreign Minister Ilse Varga".
    let titleEnd = 0;
    while (titleEnd < words.length - 1 && (TITLE_WORDS.has(words[titleEnd]!.w.toLowerCase()) || /^[A-Z][a-z]+(?:ian|ese|ish|i|an)$/.test(words[titleEnd]!.w) && TITLE_WORDS.has(words[titleEnd + 1]?.w.toLowerCase() ?? ''))) titleEnd++;
    let role: string | null = null;
    // "Health Ministry", "Interior Department": a department's name, not a title before a name.
    if (titleEnd > 0 && DEPARTMENT_HEAD.test(words[titleEnd]!.w)) titleEnd = 0;
    // "Health Protection Agency": words before a body's name are part of it, not a person's title.
    if (titleEnd > 0 && ORG_WORDS.test(words[words.length - 1]!.w)) titleEnd = 0;
    // "… Climate Change Secretary BP": a person's title does not go before initials in capitals; the
    // initials are a body of their own, the title words before them nobody's.
    const initialsAfterTitle = (k: number) => k === words.length - 1 && /^[A-Z]{2,}[.,;:]*$/.test(words[k]!.w);
    if (titleEnd > 0 && initialsAfterTitle(titleEnd)) {
      words = words.slice(titleEnd);
      titleEnd = 0;
    }
    if (titleEnd > 0 && words.slice(0, titleEnd).some((w) => TITLE_WORDS.has(w.w.toLowerCase()))) {
      // "Secretary of State Hillary Clinton": a title that goes on through "of" runs up to the given
      // name; "the King of Pop", with no name after it, is an epithet, not a title and a name ("of Pop").
      if (/^\p{Ll}/u.test(words[titleEnd]!.w)) {
        const k = words.findIndex((w, n) => n > titleEnd && isGivenName(w.w) && !NOT_GIVEN.has(w.w));
        if (k < 0) {
          i = j + 1;
          continue;
        }
        titleEnd = k;
      }
      role = words.slice(0, titleEnd).map((w) => w.w).join(' ');
      words = words.slice(titleEnd);
    }
    // A title inside the phrase ends its description: "Homeland Security Secretary Jeh Johnson".
    if (!role && words.length >= 3) {
      let t = -1;
      for (let k = 1; k < words.length - 1; k++) if (TITLE_WORDS.has(words[k]!.w.toLowerCase()) && !TITLE_WORDS.has(words[k + 1]!.w.toLowerCase())) t = k;
      const rest = words.slice(t + 1).map((w) => w.w).join(' ');
      if (t > 0 && initialsAfterTitle(t + 1)) words = words.slice(t + 1);
      else if (t > 0 && !ORG_WORDS.test(rest) && !PLACE_WORDS.test(rest)) {
        role = words.slice(0, t + 1).map((w) => w.w).join(' ');
        words = words.slice(t + 1);
      }
    }
    // A given name inside the phrase starts the person's name: "Republican Donald Trump",
    // "Miss Universe Alicia Machado"; the words before it describe the person.
    let given = false;
    // "the Boston Red Sox", "the Supreme Court": people are not written with "the" before their names.
    const afterThe = !role && /\bthe\s+$/i.test(sentence.slice(0, words[0]!.at));
    const phrase = words.map((w) => w.w).join(' ');
    const mayHoldPerson = !afterThe && !isKnownPlace(phrase) && !PLACE_WORDS.test(phrase);
    for (let k = 0; mayHoldPerson && k < words.length - 1; k++) {
      if (!isGivenName(words[k]!.w) || NOT_GIVEN.has(words[k]!.w)) continue;
      const from = words.slice(k).map((w) => w.w).join(' ');
      if (isKnownPlace(from) || ORG_WORDS.test(from)) continue;
      if (k > 0) {
        const prefix = words.slice(0, k).map((w) => w.w).join(' ');
        if (!role && (words.slice(0, k).some((w) => TITLE_WORDS.has(w.w.toLowerCase())) || /^[A-Z][a-z]+(?:an|ic|at)$/.test(words[k - 1]!.w))) role = prefix;
        words = words.slice(k);
      }
      given = true;
      break;
    }
    // "White House spokeswoman Dana Perino", "BP chief executive Tony Hayward": a role noun just before.
    if (!role && words.length >= 2) {
      const lead = ROLE_BEFORE.exec(sentence.slice(0, words[0]!.at));
      // (A sentence's opening conjunction or adverb is not part of it: "But US State Department spokeswoman".)
      if (lead) role = lead[1]!.trim().replace(/^(?:But|And|Or|Nor|So|Yet|Then|Also|Still|However|Meanwhile|Now|Later|Earlier|Separately|Instead)\s+/, '') || null;
    }
    // "the mayor, Marcelo Ebrard, said": the role in apposition before the name.
    if (!role && words.length >= 2) role = appositiveRoleBefore(sentence.slice(Math.max(0, words[0]!.at - 90), words[0]!.at));
    // "Reid's", and a plural's "the United States' reaction": the possessive is not the name's.
    const name = words.map((w) => w.w).join(' ').replace(/[’']s$/, '').replace(/(?<=s)[’']$/, '').replace(/[.,;:]+$/, '');
    const startAt = words[0]!.at;
    const endAt = words[words.length - 1]!.at + words[words.length - 1]!.w.length;
    // Words all in capitals, two or more, are a headline ("SYRIA SAYS"), not a name.
    const shouted = words.length >= 2 && words.every((w) => /^[A-Z][A-Z'’.&-]+[,.;:]*$/.test(w.w));
    if (name.length > 1 && !shouted && !(words.length === 1 && TITLE_WORDS.has(name.toLowerCase()))) {
      const after = sentence.slice(endAt);
      const near = sentence.slice(Math.max(0, startAt - 60), startAt);
      const kin = KIN_BEFORE.exec(near);
      const roles = [role, appositiveRole(after), kin && `${kin[1]} ${kin[2]}`].filter((r): r is string => !!r).map(expandTitle);
      const possessive = /[’']s$/.test(words[words.length - 1]!.w) && PERSON_POSSESSIVE.test(after);
      const [type, weight] = placeByContext(name, near, after) && !role
        ? (['PLACE', 3] as const)
        : given && !ORG_WORDS.test(name)
        ? (['PERSON', 3] as const)
        : possessive && !ORG_WORDS.test(name)
          ? (['PERSON', 2] as const)
          : afterThe && !isKnownPlace(name) && !PLACE_WORDS.test(name)
            ? (['ORG', 1] as const)
            : guessType(name, roles[0] ?? null, sentence.slice(0, startAt), after);
      out.push({ text: name, sentence: index, start: startAt, roles, type, weight, ...(SPEAKS_AFTER.test(after) ? { speaks: true } : {}), ...(/[’']s$/.test(words[words.length - 1]!.w) && /\p{L}/u.test(sentence.slice(0, startAt).replace(/^\W*(?:(?:and|but|so|yet|then|also|still|however|meanwhile)\b\W*)*/i, '')) ? { possessive: true } : {}) });
    }
    i = j + 1;
  }
  return out;
}

const TITLE_ABBREVIATIONS: Record<string, string> = {
  'Gen.': 'General', 'Col.': 'Colonel', 'Lt.': 'Lieutenant', 'Capt.': 'Captain', 'Sen.': 'Senator', 'Rep.': 'Representative', 'Prof.': 'Professor', 'Gov.': 'Governor',
};

function expandTitle(role: string): string {
  return role.split(' ').map((w) => TITLE_ABBREVIATIONS[w] ?? w).join(' ');
}

function appositiveRole(after: string): string | null {
  // ", the bank's chief economist," and, with no determiner, ", chief economist at the central bank,".
  const m = /^\s*,\s*((?:(?:the|a|an|its|his|her|[A-Z][\p{L}]+['’]s)\s)?[^,;"“”]{2,80}?)\s*(?:,|$|\s(?:said|told|says))/u.exec(after);
  if (!m) return null;
  const phrase = m[1]!.trim().replace(/[.,;:]+$/, '');
  if (!ROLE_NOUNS.test(phrase) || ROLE_CLAUSE.test(phrase)) return null;
  // Without a determiner the phrase must open with the post itself ("chief economist at …",
  // "Deputy Health Minister"), not with another clause (", 45, a father of two").
  if (!/^(?:the|a|an|its|his|her|[A-Z][\p{L}]+['’]s)\s/u.test(phrase) && !new RegExp(`^(?:[\\p{L}-]+\\s+){0,3}${ROLE_NOUNS.source}`, 'iu').test(phrase)) return null;
  return phrase.replace(/^(the|a|an)\s+/i, '');
}

/** A clause, not a post: a verb or a relative word inside the phrase. */
const ROLE_CLAUSE = /\b(?:who|which|whom|whose|that|where|when|said|says|told|should|would|will|could|can|has|have|had|was|were|is|are|been|being)\b/i;

/**
 * What the words around a name say it is a place: "Aceh province", "the province of Aceh", "in
 * Beverly Hills", "a New Bedford home" (a given name inside it notwithstanding).
 */
function placeByContext(name: string, before: string, after: string): boolean {
  if (/^\s+(?:province|region|district|county|state|island|prefecture|governorate|oblast|canton)\b/i.test(after)) return true;
  if (/\b(?:province|region|district|county|island|prefecture|governorate|city|town|village) of\s+$/i.test(before)) return true;
  if (/\s(?:Hills?|Heights|Springs|Beach|Falls|Valley|Creek|Harbou?r|Bay)$/.test(name) && /\b(?:in|at|near|outside|from|to)\s+$/i.test(before)) return true;
  return /^(?:New|San|Los|Las|Fort|Port)\s\p{Lu}[\p{L}'’.-]*$/u.test(name) && !ORG_WORDS.test(name) && !/\p{Ll}s$/u.test(name);
}

function appositiveRoleBefore(before: string): string | null {
  if (!/,\s*$/.test(before)) return null;
  const m = /(?:^|[\s,(])(?:[Tt]he|its|his|her|their|[A-Z][\p{L}]+['’]s)\s+([^,;"“”()]{2,60}?),\s*$/u.exec(before);
  if (!m) return null;
  // From the last determiner on: "… its alert as the mayor, " is "mayor"; back to an earlier one
  // when that holds no role ("The head of the WHO's global influenza program, ").
  const pieces = m[0].replace(/^[\s,(]+/, '').replace(/,\s*$/, '').split(/\s(?=(?:the|its|his|her|their)\s)/);
  for (let k = pieces.length - 1; k >= 0; k--) {
    const phrase = pieces.slice(k).join(' ');
    if (!ROLE_NOUNS.test(phrase)) continue;
    if (/\b(?:said|says|told|and|or)\b/.test(phrase) || phrase.split(/\s+/).length > 8) return null;
    return phrase.replace(/^the\s+/i, '');
  }
  return null;
}

// "her husband Todd", "Hala's daughter, Rhonda,": a kinship before a name says a person.
const KIN_BEFORE = /(\b(?:[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur)|\p{Lu}[\p{L}-]+['’]s)\s+(wife|husband|son|daughter|mother|father|brother|sister|uncle|aunt|nephew|niece|cousin|grandson|granddaughter|grandmother|grandfather|partner|fianc[eé]e?|girlfriend|boyfriend|widow|widower),?\s+$/u;

function guessType(name: string, role: string | null, before: string, after: string): [EntityType, number] {
  if (isKnownPlace(name)) return ['PLACE', 3];
  if (/^[A-Z][A-Z&.-]+$/.test(name) && name.length <= 8) return ['ORG', 1]; // "HP", "SEACOM", "UN"
  if (ORG_WORDS.test(name)) return ['ORG', 2];
  if (role && !ORG_WORDS.test(role)) return ['PERSON', 3];
  if (PLACE_WORDS.test(name)) return ['PLACE', 2];
  if (/^(Mr|Mrs|Ms|Dr)\.?\s/.test(name)) return ['PERSON', 3];
  if (SPEECH_AFTER.test(after) && name.split(' ').length >= 2) return ['PERSON', 2];
  // ", said LuAnn White, director of …": a full name right after a verb of saying speaks.
  if (/\b(?:said|says|told|added|asked)\s+$/i.test(before) && name.split(' ').length >= 2 && /^\s*(?:[,.;]|$)/.test(after)) return ['PERSON', 2];
  // "Tara Reid, 33,", "Heather (whose last name is withheld), 23,"
  if (/^\s*(?:\([^()]{0,160}\)\s*)?,\s*\d{1,2}\s*,/.test(after)) return ['PERSON', 2];
  // "said Dalia, a protester": a lone given name that speaks or is described is a person.
  if (!name.includes(' ') && isGivenName(name) && !NOT_GIVEN.has(name) && (SPEECH_AFTER.test(after) || /\b(?:said|says|told|added|asked)\s+$/i.test(before) || /^\s*,\s*(?:a|an)\s/.test(after))) return ['PERSON', 2];
  // "59-year-old Raj Chohan", "her husband Todd": an age or a kinship says a person.
  if (/\b\d{1,3}[- ]years?[- ]old\s+$/i.test(before) || KIN_BEFORE.test(before)) return ['PERSON', 2];
  if (PLACE_PREPOSITIONS.test(before) && name.split(' ').length <= 3) return ['PLACE', 1];
  return ['OTHER', 1];
}

/** Each written form of the entities (name or alias) → its entity; the first entity to use a form keeps it. */
export function entitiesByForm(entities: Entity[], keep: (e: Entity) => boolean = () => true): Map<string, Entity> {
  const byForm = new Map<string, Entity>();
  for (const e of entities) if (keep(e)) for (const f of [e.name, ...e.aliases]) if (!byForm.has(f)) byForm.set(f, e);
  return byForm;
}

// Words that make a country's name its state's formal name: "Morland Federation", "Czech Republic".
const STATE_FORM = /^(\p{Lu}[\p{L}'’-]+) (?:Federation|Republic|Kingdom|Confederation|Principality|Emirates|Sultanate|Commonwealth)$/u;

/** "Morland" for "Morland Federation": the short name a state's formal name stands for, else null. */
export function stateShortName(name: string): string | null {
  return STATE_FORM.exec(name)?.[1] ?? null;
}

/** "HPA" for "Health Protection Agency" (small words left out); null for a single word. */
function initials(name: string): string | null {
  const words = name.split(/[\s-]+/).filter((w) => !/^(?:of|the|and|for|on|in|&)$/i.test(w));
  return words.length >= 2 && words.every((w) => /^\p{Lu}/u.test(w)) ? words.map((w) => w[0]).join('') : null;
}

/**
 * Merge mentions into entities: a later "Varga" joins "Ilse Varga"; the fullest form becomes the name,
 * roles and types are pooled (a type seen with stronger evidence wins over OTHER).
 */
export function mergeMentions(mentions: Mention[]): Entity[] {
  const groups: { forms: Map<string, number>; roles: Set<string>; types: Map<EntityType, number> }[] = [];
  const byForm = new Map<string, (typeof groups)[number]>();
  const sorted = [...mentions].sort((a, b) => b.text.split(' ').length - a.text.split(' ').length);
  for (const m of sorted) {
    let g = byForm.get(m.text);
    if (!g) {
      const parts = m.text.split(' ');
      if (parts.length === 1) {
        // A single word joins the person whose last (or first) name it is.
        g = groups.find((x) => [...x.forms.keys()].some((f) => {
          const fp = f.split(' ');
          return fp.length > 1 && (fp[fp.length - 1] === m.text || bareName(fp[fp.length - 1]!) === m.text || (fp[0] === m.text && (x.types.get('PERSON') ?? 0) === 0));
        }) && ((x.types.get('PERSON') ?? 0) > 0 || m.type !== 'PLACE'));
        // "Morland" is the country whose state is the "Morland Federation" ("Washington" is not the Post).
        g ??= groups.find((x) => [...x.forms.keys()].some((f) => stateShortName(f) === m.text));
        // "HPA" is the Health Protection Agency, "WHO" the World Health Organization: an acronym joins
        // the name whose initials it spells.
        if (/^[A-Z]{2,6}$/.test(m.text)) g ??= groups.find((x) => (x.types.get('PLACE') ?? 0) === 0 && [...x.forms.keys()].some((f) => initials(f) === m.text));
      }
      if (!g) {
        g = { forms: new Map(), roles: new Set(), types: new Map() };
        groups.push(g);
      }
      byForm.set(m.text, g);
    }
    g.forms.set(m.text, (g.forms.get(m.text) ?? 0) + 1);
    for (const r of m.roles) if (!/^(Mr|Mrs|Ms|Dr)\.?$/.test(r)) g.roles.add(r);
    g.types.set(m.type, (g.types.get(m.type) ?? 0) + m.weight);
  }
  return groups.map((g) => {
    const forms = [...g.forms.keys()].sort((a, b) => b.length - a.length);
    const typed = [...g.types.entries()].filter(([t]) => t !== 'OTHER').sort((a, b) => b[1] - a[1]);
    // A country named both ways ("Morland", "the Morland Federation") is a place.
    const country = forms.some((f) => forms.includes(stateShortName(f) ?? ''));
    const type: EntityType = country ? 'PLACE' : (typed[0]?.[0] ?? 'OTHER');
    return {
      name: forms[0]!,
      type: type === 'OTHER' && g.roles.size > 0 ? 'PERSON' : type,
      aliases: forms.slice(1),
      roles: [...g.roles],
      mentions: [...g.forms.values()].reduce((a, b) => a + b, 0),
    };
  }).sort((a, b) => b.mentions - a.mentions);
}
