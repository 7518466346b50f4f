import * as chrono from 'chrono-node';
import type { DateMention } from '../model/index.js';

const pad = (n: number) => String(n).padStart(2, '0');
// Days are UTC days: an article's "yesterday" must resolve to the same date on every machine, and
// the outlet's own zone is rarely known. (A bare publication date is read as noon UTC, see analyze.)
const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;
const FUTURE_CUE = /\b(next|coming|will|upcoming|due|scheduled|plans?|planned|expected|to reopen|to resume)\b|\b(?:before|by|until|ahead of)\s+(?:the\s+)?(?:weekend|end of the week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

// A clause whose date is a reference point, not the sentence's news: since and until mark where a
// span starts or ends ("the worst since 28 April"); before and after only with a pluperfect
// ("until after Obama had visited on 16 April"), since "marched after the speech on Friday" is
// mostly the same day; a clause that describes someone or something in the sentence ("the group
// that travelled with Obama on 16 April"), up to its comma. Not "that" after a verb of saying:
// "said that on Monday 20 people died" is the news itself.
const SPAN_CLAUSE = /\b(?:until|since|prior to)\b/gi;
const ORDER_CLAUSE = /\b(?:before|after|following|ahead of)\b/gi;
const RELATIVE_CLAUSE = /\b(?:who|which|(?<!\b(?:said|says|say|announced|reported|confirmed|warned|added|told \w+|stated|claimed|insisted|believe[sd]?|thinks?|thought|knows?|knew|noted|agreed|decided|ruled|found|showed|shows|means?|meant|hopes?|hoped|feared|fears?)\s+)that)\b/gi;
const REPORTING = /\b(?:said|says|told|announced|reported|confirmed)\b/i;

/** The text between the last match of `re` in `before` (not opening the sentence, unless `opening`) and its end, if any. */
function clauseTail(before: string, re: RegExp, opening = false): string | null {
  let last: RegExpMatchArray | null = null;
  for (const m of before.matchAll(re)) last = m;
  if (!last || (!opening && /^\W*$/.test(before.slice(0, last.index)))) return null;
  const tail = before.slice(last.index! + last[0].length);
  return tail.split(/\s+/).filter(Boolean).length <= 10 && !REPORTING.test(tail) ? tail : null;
}

/**
 * Whether a date refers back rather than dates the sentence's news: a span of days, or a date inside
 * one of the clauses above (within ten words of its opening word, no reporting verb in between). A
 * clause of order or description that opens the sentence ("After talks on Monday, the sides agreed")
 * sets its scene: its date stands.
 */
function isBackground(sentence: string, r: chrono.ParsedResult): boolean {
  if (r.end && r.end.date().toISOString().slice(0, 10) !== r.start.date().toISOString().slice(0, 10)) return true;
  const before = sentence.slice(0, r.index);
  // (A span's start is no news even where it opens the sentence: "Since the outbreak of unrest 11
  // weeks ago, the president has combined repression with …".)
  if (clauseTail(before, SPAN_CLAUSE, true) !== null) return true;
  const order = clauseTail(before, ORDER_CLAUSE);
  if (order !== null && /\bhad\s+(?:not\s+|already\s+|just\s+)?\p{Ll}+(?:ed|en|wn|ne|un|ft|lt|pt|ght|id)\b/u.test(order)) return true;
  const relative = clauseTail(before, RELATIVE_CLAUSE);
  return relative !== null && !relative.includes(',');
}

/**
 * Absolute and relative date expressions of each sentence, resolved against the publication date
 * (or, for a text without one, `now`: the desk's clock). A bare weekday in news copy ("on Friday")
 * points back in time unless the sentence looks ahead.
 */
export function findDates(sentences: string[], published: Date | null, now: Date = new Date()): DateMention[] {
  const ref = { instant: published ?? now, timezone: 0 };
  const out: DateMention[] = [];
  sentences.forEach((s, idx) => {
    for (const r of chrono.parse(s, ref)) {
      const c = r.start;
      // Bare three-letter weekdays ("sat", "wed") are more often words than dates in prose.
      if (/^(mon|tue|wed|thu|fri|sat|sun)$/i.test(r.text.trim())) continue;
      // "now" states how things stand as the article is written ("what doctors now call Redwater fever"),
      // it does not date an event.
      if (/^(?:right |just |by |until )?now$/i.test(r.text.trim())) continue;
      const hasDay = c.isCertain('day') || c.isCertain('weekday') || /\b(today|yesterday|tomorrow|tonight|last night|this morning)\b/i.test(r.text);
      const hasMonth = c.isCertain('month');
      const hasYear = c.isCertain('year');
      if (!hasDay && !hasMonth && !hasYear && !/\b(week|month|year)\b/i.test(r.text)) continue; // times of day alone
      let d = c.date();
      // chrono places "last night" in the machine's zone; it is the evening of the day before.
      if (/^last night$/i.test(r.text.trim())) d = new Date(Date.parse(utcDay(new Date(ref.instant.getTime() - DAY_MS))) + 20 * 3_600_000);
      // So it does the start of "this week" (and of this month, this year): it is the week of the
      // reference day, on a machine in any zone (from Sunday, as chrono counts it).
      else if (/^this week$/i.test(r.text.trim())) d = new Date(Date.parse(utcDay(ref.instant)) - ref.instant.getUTCDay() * DAY_MS + 12 * 3_600_000);
      else if (/^this (?:month|year)$/i.test(r.text.trim())) d = new Date(ref.instant.getTime());
      // Quoted words may speak of the future while the reporting verb dates the past.
      const unquoted = s.replace(/[“"][^”"]*[”"]/g, (q) => ' '.repeat(q.length));
      // "would" looks ahead only for a date after it: "said the talks would continue on Thursday",
      // not "said on Monday that he would resign".
      const looksAhead = FUTURE_CUE.test(unquoted) || /\bwould\b/i.test(unquoted.slice(0, r.index));
      if (published && !looksAhead) {
        if (c.isCertain('weekday') && !c.isCertain('day') && utcDay(d) > utcDay(published)) d = new Date(d.getTime() - 7 * DAY_MS);
        // "in March", "on Nov. 2" without a year: the last such date, not the next one.
        else if (!hasYear && (hasMonth || c.isCertain('day')) && d.getTime() - published.getTime() > 14 * DAY_MS) d.setUTCFullYear(d.getUTCFullYear() - 1);
      } else if (published && c.isCertain('weekday') && !c.isCertain('day') && utcDay(d) < utcDay(published)) {
        d = new Date(d.getTime() + 7 * DAY_MS); // "will reopen on Monday": the coming one
      }
      const month = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
      const value = hasDay || /\bweek\b/i.test(r.text) ? utcDay(d) : hasMonth || /\bmonth\b/i.test(r.text) ? month : String(d.getUTCFullYear());
      out.push({ text: r.text, value, sentence: idx, ...(isBackground(s, r) ? { background: true as const } : {}) });
    }
  });
  return out;
}
