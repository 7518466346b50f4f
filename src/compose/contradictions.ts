import type { Analysis, Contradiction } from '../model/index.js';

// Where sources disagree, with claim identity: the same quantity of the same thing, about the same
// event and period, from different origins. "At least 12 killed in the attack on Kyiv" against "14
// killed in the attack on Kyiv" is one; a day's figure against a running total, two groups of people,
// or two events are not. A false disagreement costs more trust than a missed one, so every test
// below leans to leaving a pair out.

/** What is counted, by the word that names it (a bare "people" needs a verb to say what happened to them). */
const THING: Record<string, string> = {
  dead: 'killed', deaths: 'killed', killed: 'killed', died: 'killed', fatalities: 'killed', bodies: 'killed',
  injured: 'injured', wounded: 'injured', hurt: 'injured', injuries: 'injured',
  missing: 'missing',
  cases: 'cases', infections: 'cases', infected: 'cases',
  arrested: 'arrested', detained: 'arrested', arrests: 'arrested', detainees: 'detained people',
  prisoners: 'prisoners', hostages: 'hostages',
  evacuated: 'evacuated', evacuees: 'evacuated', displaced: 'displaced', refugees: 'refugees',
  homes: 'homes', houses: 'homes',
};
const NOUNS = Object.keys(THING).join('|');
// "12 people were killed", "at least 14 killed", "1,000 homes", "3 more cases".
const COUNT = new RegExp(`\\b(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)(\\s+million)?\\s+(?:(?:more|new|other|further|confirmed|suspected|people|civilians|soldiers|protesters|demonstrators|children|workers|residents|troops|police|officers|passengers|patients|Americans|Britons)\\s+){0,2}(?:(?:have|had|were|was|are|been|being|reported|now|also)\\s+){0,3}(${NOUNS})\\b`, 'gi');

// The verb first: "the attack killed 14 people", "police arrested at least 30 protesters".
const VERB_COUNT = /\b(killed|killing|injured|injuring|wounded|wounding|infected|infecting|evacuated|evacuating|arrested|arresting|detained|detaining)\s+((?:at least|more than|over|about|around|some|nearly|almost|an estimated)\s+)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s+million)?\s+(?:people|civilians|soldiers|protesters|demonstrators|children|workers|residents|troops|police|officers|passengers|patients|others|\w+s)\b/gi;
const VERB_THING: Record<string, string> = { kill: 'killed', injur: 'injured', wound: 'injured', infect: 'cases', evacuat: 'evacuated', arrest: 'arrested', detain: 'arrested' };
const THING_BY_VERB = (verb: string): string => Object.entries(VERB_THING).find(([stem]) => verb.toLowerCase().startsWith(stem))?.[1] ?? '';

// A running total against a day's or an episode's figure: never compared with each other.
const CUMULATIVE = /\b(?:total|in all|so far|to date|since|overall|cumulative|death toll|toll|altogether|tally|this year|in recent (?:weeks|months))\b/i;
const EPISODE = /\b(?:first|second|third|last|latest|another|new|each|every|per|a) (?:day|night|week|round|wave|swap|exchange|batch)\b|\b(?:today|yesterday|overnight|daily|in the past 24 hours|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b/i;
// Counts that are not a claim about the event: estimates of the future, hypotheticals, history.
const NOT_A_CLAIM = /\b(?:could|would|might|may|if|expected|estimated to|projected|forecast|up to|as many as|worst case|in \d{4}|since \d{4}|years? ago|each year|a year|annually|every year)\b/i;

const STOP = new Set('least the a an of in on at to for from by with and or but as is was were are be been has have had that this these those it its their his her they he she we our after before over under about into than then there which who whom whose what when where while also more most some any all other such only just not no said says say told according reported officials official people'.split(' '));

interface Sourced {
  id: string;
  analysis: Analysis;
  published: string | null;
}

export interface Claim {
  thing: string;
  value: number;
  raw: string;
  article: string;
  origin: string;
  sentence: string;
  /** YYYY-MM-DD the count is about: a date the sentence names, else the day it was published. */
  period: string;
  scope: 'total' | 'episode' | 'plain';
  /** The sentence names the date itself (else the period is only the day it was published). */
  explicit: boolean;
  /** "more than 100" (a floor), "about 150" (rough), or as stated ("at least 12" counts as stated). */
  bound: 'exact' | 'floor' | 'rough';
  /** Content words of the clause around the count: what event it belongs to. */
  context: Set<string>;
  /** The sentence gives its figure as the latest ("there are now 39", "has risen to", "so far"). */
  current: boolean;
  /** The figure is told as an earlier state ("had reported 1,085"): a pluperfect before it. */
  earlier: boolean;
  /** For an increment, the running total it brings ("bringing the total to 203"), if stated. */
  total: number | null;
  /** What the count is of or where, as the sentence says it right after it ("of H1N1 infection", "in the UK"). */
  complement: string | null;
}

// "1,085 cases of H1N1 infection", "39 confirmed cases in the UK": the phrase after a count that
// says what or where, up to four words, before any date, figure or punctuation.
const COMPLEMENT = /^\s+((?:of|in|at|across|among|from)\s+(?:the\s+)?(?:[\p{L}][\p{L}'’-]*)(?:\s+(?!(?:on|at|by|since|after|before|and|but|or|as|when|while|which|who|that|were|was|have|has|had|are|is)\b)[\p{L}][\p{L}'’-]*){0,3})/u;
const DATE_WORD = /\s+(?:on|in|since)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|today|yesterday)\b.*$/;

// Counts that only grow while an event goes on: two figures of one of these a few hours apart are
// a running tally updated, when the text says which is the latest or which the earlier.
const GROWING = new Set(['killed', 'injured', 'cases', 'arrested', 'evacuated', 'displaced', 'refugees']);
const CURRENT = /\b(?:now|latest|so far|to date|as of|(?:has|have) (?:now )?(?:risen|rose|climbed|grown|increased|reached|jumped)|(?:rose|climbed|jumped|increased) to|bringing the (?:\w+ )?(?:total|toll|number) to)\b/i;
const PLUPERFECT = /\bhad\s+(?:\w+ly\s+)?\p{Ll}+(?:ed|en|wn)\s+(?:\S+\s+){0,3}$/u;
const BRINGING_TOTAL = /\b(?:bringing|taking|raising|pushing) the (?:\w+ )?(?:total|toll|tally|number)(?: \w+){0,3} to (\d{1,3}(?:,\d{3})+|\d+)\b/i;

const numberOf = (raw: string, million: string | undefined) => Number(raw.replace(/,/g, '')) * (million ? 1e6 : 1);
const numberOrNull = (raw: string | undefined) => (raw ? numberOf(raw, undefined) : null);

// A number that names something ("flight 103", "Resolution 1973") is not a count.
const IDENTIFIER_BEFORE = /\b(?:flight|route|highway|resolution|article|section|chapter|page|number|no\.|platform|gate|bus|channel|room|ward|block|unit|line|level|phase|category|grade|model|version|class|code|camp|district|precinct|interstate|road|street)\s*$/i;
// Additions are not totals: "17 further suspected cases", "another 25 cases", "110 new cases".
const INCREMENT = /^\d[\d,.]*\s+(?:\w+\s+)?(?:more|new|further|additional|other)\b|\b(?:another|an additional|a further|rose by|rise of|up by|increased by)\s+$/i;
// "More than 100", "over 80": a floor that any larger figure agrees with. "About 150", "some 7,500":
// a round figure that a close exact one agrees with.
const FLOOR = /\b(?:more than|over|upwards of|in excess of|at least)\s+$/i;
const ROUGH = /\b(?:about|around|some|roughly|nearly|almost|approximately|close to|an estimated|estimated|up to|fewer than|less than|under)\s+$/i;

function clauseAround(sentence: string, at: number, end: number): string {
  const before = sentence.slice(0, at);
  const after = sentence.slice(end);
  const start = Math.max(before.lastIndexOf(';'), before.lastIndexOf(' but '), before.lastIndexOf(' while '), before.lastIndexOf(' and '), before.lastIndexOf(', '));
  const stops = [after.indexOf(';'), after.indexOf(', '), after.indexOf(' but '), after.indexOf(' while '), after.indexOf(' and ')].filter((i) => i >= 0);
  return `${before.slice(start + 1)} ${after.slice(0, stops.length ? Math.min(...stops) : undefined)}`;
}

// Dates are the claim's period already; as context words they would match any two claims of a day.
const CALENDAR = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|january|february|march|april|may|june|july|august|september|october|november|december|week|month|year|day|morning|evening|night)$/;
const contentWords = (s: string) => new Set((s.toLowerCase().match(/\p{L}[\p{L}'’-]+/gu) ?? []).filter((w) => w.length > 2 && !STOP.has(w) && !(w in THING) && !CALENDAR.test(w)));

/** Every count an article states as a claim (exported for the benchmark's candidate pairs). */
export function claimsOf(a: Sourced, origin: string, show: (a: Sourced, i: number) => string | null): Claim[] {
  const out: Claim[] = [];
  const day = (a.published ?? '').slice(0, 10);
  const dated = new Map<number, string>();
  for (const d of a.analysis.dates) if (d.value.length === 10 && !dated.has(d.sentence)) dated.set(d.sentence, d.value);
  a.analysis.sentences.forEach((_, i) => {
    const s = show(a, i);
    if (!s || /[“”"]/.test(s)) return;
    const found = [
      ...[...s.matchAll(COUNT)].map((m) => ({ m, at: m.index!, raw: m[1]!, million: m[2], noun: m[3]!.toLowerCase(), lead: '' })),
      ...[...s.matchAll(VERB_COUNT)].map((m) => ({ m, at: m.index! + m[1]!.length + 1, raw: m[3]!, million: m[4], noun: THING_BY_VERB(m[1]!), lead: m[2] ?? '' })),
    ];
    for (const { m, at, raw, million, noun, lead } of found) {
      if (!noun) continue;
      const clause = clauseAround(s, m.index!, m.index! + m[0].length);
      const before = `${s.slice(Math.max(0, at - 40), at)}${lead}`;
      if (NOT_A_CLAIM.test(clause) || IDENTIFIER_BEFORE.test(before)) continue;
      const value = numberOf(raw, million);
      // Years and small ordinal-like numbers are not counts worth a dispute.
      if (!Number.isFinite(value) || value < 2 || (value >= 1900 && value <= 2100 && !raw.includes(','))) continue;
      if (out.some((c) => c.sentence === s && c.value === value && c.thing.endsWith(THING[noun] ?? noun))) continue;
      const words = contentWords(clause);
      out.push({
        // Suspected and probable counts are not the confirmed ones.
        thing: `${/\b(?:suspected|probable|possible|presumed)\b/i.test(m[0]) ? 'suspected ' : ''}${THING[noun] ?? noun}`,
        value,
        raw: `${raw}${million ?? ''}`,
        article: a.id,
        origin,
        sentence: s,
        period: dated.get(i) ?? day,
        explicit: dated.has(i),
        // Totals and episodes are read from the whole sentence: "To date, 27 deaths …" is a total.
        scope: INCREMENT.test(m[0]) || INCREMENT.test(before) ? 'episode' : CUMULATIVE.test(s) ? 'total' : EPISODE.test(s) ? 'episode' : 'plain',
        bound: /\b(?:at least)\s+$/i.test(before) ? 'exact' : FLOOR.test(before) ? 'floor' : ROUGH.test(before) ? 'rough' : 'exact',
        // A clause of one or two words ("… and 117 deaths") says little: the sentence's words then.
        context: words.size >= 2 ? words : contentWords(s.replace(/\d[\d,.]*/g, ' ')),
        current: CURRENT.test(s),
        earlier: PLUPERFECT.test(s.slice(0, at)),
        complement: COMPLEMENT.exec(s.slice(m.index! + m[0].length))?.[1]!.replace(DATE_WORD, '') ?? null,
        total: numberOrNull(BRINGING_TOTAL.exec(s)?.[1]),
      });
    }
  });
  return out;
}

/** A sentence's words without its figures, for telling a revised figure from a second account. */
const reworded = (s: string) => (s.toLowerCase().match(/\p{L}+/gu) ?? []).join(' ');

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n / Math.max(1, Math.min(a.size, b.size));
}

/**
 * Disagreements between independent origins on one count. `origins` maps an article to its origin
 * (reprints of one wire story share one); `show` gives a sentence as the briefing may show it (null
 * for furniture and reader comments, which make no claims).
 */
export function findContradictions(articles: Sourced[], origins: Map<string, string> = new Map(), show: (a: Sourced, i: number) => string | null = (a, i) => a.analysis.sentences[i] ?? null): Contradiction[] {
  const claims = articles.flatMap((a) => claimsOf(a, origins.get(a.id) ?? a.id, show));
  // Every two claims that are one quantity given differently: one thing, period and scope, from two
  // origins, about one event (the clauses share their words, more loosely when both name the date).
  const byKey = new Map<string, Claim[]>();
  for (const c of claims) {
    const key = `${c.thing}|${c.period}|${c.scope}`;
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  const agree = (x: Claim, y: Claim) => (x.bound === 'floor' && y.value >= x.value) || (x.bound === 'rough' && Math.abs(y.value - x.value) <= x.value * 0.05);
  const out: Contradiction[] = [];
  for (const [key, list] of byKey) {
    // Values each article gives for this key: an article on both sides counts two different things.
    const given = new Map<string, Set<number>>();
    for (const c of list) given.set(c.article, (given.get(c.article) ?? new Set()).add(c.value));
    const pairs: [Claim, Claim][] = [];
    const updates = new Set<string>();
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const [x, y] = [list[i]!, list[j]!];
        if (x.value === y.value || x.origin === y.origin || x.article === y.article) continue;
        if (given.get(x.article)!.has(y.value) || given.get(y.article)!.has(x.value)) continue;
        // Figures far apart are of different things, whatever the words say; a floor or a round
        // figure that the other agrees with is no disagreement.
        if (Math.max(x.value, y.value) / Math.min(x.value, y.value) > 3 || agree(x, y) || agree(y, x)) continue;
        // The same sentence but for its figures is one wire story re-issued with the figure revised
        // ("… out of a total of 1,004 reported cases" later "… 1,324 reported cases"): an update.
        if (reworded(x.sentence) === reworded(y.sentence)) continue;
        // Two increments that bring the total to different figures are two reports, not one.
        if (x.scope === 'episode' && y.scope === 'episode' && x.total !== null && y.total !== null && x.total !== y.total) continue;
        // A tally that only grows, told once as the latest figure or once as an earlier one: the
        // larger updates the smaller ("had reported 1,085 cases", "have reported 1,124").
        const [lo, hi] = x.value < y.value ? [x, y] : [y, x];
        if (GROWING.has(x.thing) && ((hi.current && !lo.current) || (lo.earlier && !hi.earlier))) updates.add(`${x.article}#${x.value}|${y.article}#${y.value}`);
        const need = x.explicit && y.explicit ? 0.25 : 0.5;
        if (overlap(x.context, y.context) < need || ![...x.context].some((w) => y.context.has(w))) continue;
        pairs.push([x, y]);
      }
    if (pairs.length === 0) continue;
    // Pairs that share a claim are one disagreement; more than three figures are not one quantity.
    const groups: Set<Claim>[] = [];
    const isUpdate = ([x, y]: [Claim, Claim]) => updates.has(`${x.article}#${x.value}|${y.article}#${y.value}`);
    for (const [x, y] of pairs) {
      const home = groups.filter((g) => g.has(x) || g.has(y));
      const merged = new Set<Claim>([x, y, ...home.flatMap((g) => [...g])]);
      for (const g of home) groups.splice(groups.indexOf(g), 1);
      groups.push(merged);
    }
    const [thing, period] = key.split('|');
    for (const group of groups) {
      const values = new Map<number, Claim[]>();
      for (const c of group) values.set(c.value, [...(values.get(c.value) ?? []), c]);
      if (values.size < 2 || values.size > 3) continue;
      const members = [...group];
      // Named by what the sentences say the count is of ("cases of H1N1 infection"), else by the
      // words its clauses share.
      const complements = members.map((c) => c.complement).filter((c): c is string => !!c);
      const complement = complements.sort((a, b) => complements.filter((c) => c === b).length - complements.filter((c) => c === a).length)[0];
      const about = complement ?? [...members[0]!.context].filter((w) => members.filter((c) => c.context.has(w)).length >= 2).slice(0, 4).join(' ');
      // An update when every pair in the group is one: then its figures run from earlier to later.
      const update = pairs.filter(([x, y]) => group.has(x) && group.has(y)).every(isUpdate);
      const entries = [...values].sort((a, b) => (update ? a[0] - b[0] : 0));
      out.push({
        claim: `${thing}${complement ? ` ${complement}` : about ? ` (${about})` : ''}${period ? `, ${period}` : ''}`,
        values: entries.map(([, cs]) => ({ value: cs[0]!.raw, sources: [...new Set(cs.map((c) => c.article))], sentence: cs[0]!.sentence })),
        ...(update ? { update: true as const } : {}),
      });
    }
  }
  return out;
}
