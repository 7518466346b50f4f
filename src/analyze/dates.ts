import * as chrono from 'chrono-node';
import type { DateMention } from '../model/index.js';

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const FUTURE_CUE = /\b(next|coming|will|upcoming|due|scheduled|plans?|planned|expected|to reopen|to resume)\b|\b(?:before|by|until|ahead of)\s+(?:the\s+)?(?:weekend|end of the week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

/**
 * Absolute and relative date expressions of each sentence, resolved against the publication date.
 * A bare weekday in news copy ("on Friday") points back in time unless the sentence looks ahead.
 */
export function findDates(sentences: string[], published: Date | null): DateMention[] {
  const ref = published ?? new Date();
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
      // Quoted words may speak of the future while the reporting verb dates the past.
      const unquoted = s.replace(/[“"][^”"]*[”"]/g, (q) => ' '.repeat(q.length));
      // "would" looks ahead only for a date after it: "said the talks would continue on Thursday",
      // not "said on Monday that he would resign".
      const looksAhead = FUTURE_CUE.test(unquoted) || /\bwould\b/i.test(unquoted.slice(0, r.index));
      if (published && !looksAhead) {
        if (c.isCertain('weekday') && !c.isCertain('day') && localDay(d) > localDay(published)) d = new Date(d.getTime() - 7 * 86_400_000);
        // "in March", "on Nov. 2" without a year: the last such date, not the next one.
        else if (!hasYear && (hasMonth || c.isCertain('day')) && d.getTime() - published.getTime() > 14 * 86_400_000) d.setFullYear(d.getFullYear() - 1);
      } else if (published && c.isCertain('weekday') && !c.isCertain('day') && localDay(d) < localDay(published)) {
        d = new Date(d.getTime() + 7 * 86_400_000); // "will reopen on Monday": the coming one
      }
      const value = hasDay
        ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
        : hasMonth || /\bmonth\b/i.test(r.text)
          ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}`
          : /\bweek\b/i.test(r.text)
            ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
            : String(d.getFullYear());
      out.push({ text: r.text, value, sentence: idx });
    }
  });
  return out;
}
