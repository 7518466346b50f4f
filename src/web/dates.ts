import { html } from 'hono/html';
import type { Html } from './layout.js';

// Dates as readers read them, always in UTC so a page reads the same wherever it is rendered:
// "Mon 16 Nov 2026", "Mon 16 Nov 2026, 10:05 UTC", "16 Nov" on chart axes. The machine-readable
// form stays in <time datetime>. Partial dates (a month, a year) keep their precision.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_ONLY = /^(\d{4})-(\d{2})$/;
const YEAR_ONLY = /^\d{4}$/;

function parse(iso: string): Date | null {
  const d = new Date(DAY_ONLY.test(iso) ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Mon 16 Nov 2026"; "Nov 2026" for a month; the input itself when it is not a date. */
export function humanDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (YEAR_ONLY.test(iso)) return iso;
  const m = MONTH_ONLY.exec(iso);
  if (m) return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
  const d = parse(iso);
  if (!d) return iso;
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "Mon 16 Nov 2026, 10:05 UTC" for an instant; a bare day stays a day. */
export function humanDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  if (!iso.includes('T')) return humanDate(iso);
  const d = parse(iso);
  if (!d) return iso;
  return `${humanDate(iso)}, ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
}

/** "16 Nov": a chart axis, where the year is in the caption. */
export function shortDay(iso: string): string {
  const d = parse(iso.slice(0, 10));
  return d ? `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}` : iso;
}

/** A date for people, with its ISO form for machines; `withTime` shows the hour of an instant. */
export function timeTag(iso: string | null | undefined, withTime = false): Html {
  if (!iso) return html``;
  if (!withTime || !iso.includes('T')) return html`<time datetime="${iso}">${humanDate(iso)}</time>`;
  // The day and the hour each stay whole; a narrow column may put the hour on a line of its own.
  const [day, hour] = humanDateTime(iso).split(', ');
  return html`<time class="dt" datetime="${iso}"><span>${day}</span>, <span>${hour}</span></time>`;
}
