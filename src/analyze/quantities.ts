// Quantities with their units: "1,000 prisoners", "$85 billion", "7%", "45 miles", "three days".
import type { Quantity } from '../model/index.js';

const SCALE: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12, tn: 1e12 };
const WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, dozen: 12, dozens: 24, hundreds: 200, thousands: 2000,
};
const CURRENCY: Record<string, string> = { $: 'USD', '£': 'GBP', '€': 'EUR', '¥': 'JPY' };
const NOT_UNITS = new Set([
  'the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'for', 'by', 'with', 'from', 'as', 'is', 'was', 'were', 'are',
  'be', 'had', 'has', 'have', 'p', 'a.m', 'p.m', 'am', 'pm', 'gmt', 'bst', 'edt', 'est', 'utc', 'that', 'who', 'which', 'it',
  'per', 'more', 'than', 'said', 'says', 'after', 'before', 'when', 'but', 'up',
]);
const MONTHS = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$/i;

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const MONEY = new RegExp(String.raw`(US|A|C|HK)?([$£€¥])\s?(${NUM})(?:\s?(thousand|million|billion|trillion|bn|mn|tn|m|k)\b)?`, 'g');
const PERCENT = new RegExp(String.raw`(${NUM})\s?(%|percent\b|per cent\b)`, 'g');
const COUNT = new RegExp(
  String.raw`\b(${NUM}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a hundred|dozens of|hundreds of|thousands of)(?:\s(thousand|million|billion|trillion))?\s((?:more|new|other|additional|of)\s)?([a-z][a-z-]{1,30})\b`,
  'gi',
);

const toNumber = (s: string) => Number(s.replace(/,/g, ''));

export function findQuantities(sentences: string[]): Quantity[] {
  const out: Quantity[] = [];
  sentences.forEach((s, sentence) => {
    const taken: [number, number][] = [];
    const free = (a: number, b: number) => !taken.some(([x, y]) => a < y && b > x);
    for (const m of s.matchAll(MONEY)) {
      const value = toNumber(m[3]!) * (SCALE[(m[4] ?? '').toLowerCase()] ?? 1);
      const unit = m[1] === 'US' || !m[1] ? CURRENCY[m[2]!]! : `${m[1]}${m[2]}`;
      out.push({ text: m[0], value, unit, sentence });
      taken.push([m.index!, m.index! + m[0].length]);
    }
    for (const m of s.matchAll(PERCENT)) {
      if (!free(m.index!, m.index! + m[0].length)) continue;
      out.push({ text: m[0], value: toNumber(m[1]!), unit: '%', sentence });
      taken.push([m.index!, m.index! + m[0].length]);
    }
    for (const m of s.matchAll(COUNT)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (!free(start, end)) continue;
      const raw = m[1]!.toLowerCase();
      const unit = m[4]!.toLowerCase();
      if (NOT_UNITS.has(unit) || /^\d{4}$/.test(raw) || MONTHS.test(s.slice(0, start))) continue; // years, dates
      if (/[\d.]:$/.test(s.slice(Math.max(0, start - 1), start))) continue; // clock times
      const base = /^\d/.test(raw) ? toNumber(raw) : (WORDS[raw.replace(/^a /, '').replace(/ of$/, '')] ?? NaN);
      if (Number.isNaN(base)) continue;
      out.push({ text: m[0], value: base * (SCALE[(m[2] ?? '').toLowerCase()] ?? 1), unit, sentence });
      taken.push([start, end]);
    }
  });
  return out.sort((a, b) => a.sentence - b.sentence);
}
