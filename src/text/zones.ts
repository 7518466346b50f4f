/**
 * A time zone named at the end of a date that Date.parse reads the same on every machine: GMT, UT,
 * UTC and the North American zones (EST, CDT, PST …), as RFC 2822 knows them. A date without a zone
 * it would read in the machine's own zone.
 */
export const NAMED_ZONE_AT_END = /\b(?:GMT|UTC?|[ECMP][SD]T)\s*$/i;

/** Hours behind UTC of a North American zone named at the end of a date ("23:30 PST"), or null. */
export function northAmericanOffsetMinutes(date: string): number | null {
  const m = /\b([ECMP])([SD])T\s*$/i.exec(date);
  if (!m) return null;
  const standard = { E: 5, C: 6, M: 7, P: 8 }[m[1]!.toUpperCase() as 'E' | 'C' | 'M' | 'P'];
  return -60 * (standard - (m[2]!.toUpperCase() === 'D' ? 1 : 0));
}
