import { html } from 'hono/html';
import { humanDate, shortDay } from './dates.js';
import type { Html } from './layout.js';

// Server-rendered SVG charts. Each is an <svg role="img"> with a title and a description, followed
// by the same numbers as a table inside <details>, so a screen reader or a text browser gets them too.
// Colours meet 3:1 contrast against white (WCAG 1.4.11 for graphics).

const PALETTE = ['#0b5cad', '#b35900', '#1a7f37', '#8250df', '#cf222e', '#57606a'];
const W = 640;

const dayNumber = (d: string) => Math.floor(Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / 86_400_000);
const dayString = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** Every day from the first to the last of these (gaps filled), at most `max` days (the latest). */
function daySpan(days: string[], max = 120): string[] {
  if (days.length === 0) return [];
  const nums = days.map(dayNumber).filter(Number.isFinite);
  const last = Math.max(...nums);
  const first = Math.max(Math.min(...nums), last - max + 1);
  const out: string[] = [];
  for (let d = first; d <= last; d++) out.push(dayString(d));
  return out;
}

export interface Series {
  label: string;
  values: Map<string, number>;
}

/**
 * Stacked bars per day, one colour per series (e.g. articles per day by outlet). Series past the
 * palette's fifth are summed into "others".
 */
export function stackedDayChart(id: string, title: string, series: Series[], unit: string): Html {
  const sorted = [...series].sort((a, b) => sum(b.values) - sum(a.values));
  const shown = sorted.slice(0, 5);
  if (sorted.length > 5) {
    const others = new Map<string, number>();
    for (const s of sorted.slice(5)) for (const [d, v] of s.values) others.set(d, (others.get(d) ?? 0) + v);
    shown.push({ label: 'others', values: others });
  }
  const days = daySpan(shown.flatMap((s) => [...s.values.keys()]));
  if (days.length === 0) return html``;
  const totals = days.map((d) => shown.reduce((n, s) => n + (s.values.get(d) ?? 0), 0));
  const maxTotal = Math.max(1, ...totals);
  const H = 160;
  const top = 10;
  const left = 34;
  const bottom = 24;
  const plotH = H - top - bottom;
  const step = (W - left - 8) / days.length;
  const barW = Math.max(2, Math.min(28, step * 0.8));
  const bars: Html[] = [];
  days.forEach((d, i) => {
    let y = top + plotH;
    shown.forEach((s, k) => {
      const v = s.values.get(d) ?? 0;
      if (!v) return;
      const h = (v / maxTotal) * plotH;
      y -= h;
      bars.push(html`<rect x="${(left + i * step + (step - barW) / 2).toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${PALETTE[k % PALETTE.length]}"><title>${humanDate(d)}: ${v} ${unit} (${s.label})</title></rect>`);
    });
  });
  const labelEvery = Math.ceil(days.length / 6);
  const xLabels = days.map((d, i) => (i % labelEvery === 0 ? html`<text x="${(left + i * step + step / 2).toFixed(1)}" y="${H - 6}" text-anchor="middle">${shortDay(d)}</text>` : ''));
  const total = totals.reduce((a, b) => a + b, 0);
  const desc = `${total} ${unit} from ${humanDate(days[0])} to ${humanDate(days.at(-1))}, most on ${humanDate(days[totals.indexOf(maxTotal)])} (${maxTotal}).`;
  return html`<figure class="chart">
<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${W} ${H}" width="100%" preserveAspectRatio="xMidYMid meet"><title id="${id}-t">${title}</title><desc id="${id}-d">${desc}</desc>
<line x1="${left}" y1="${top + plotH}" x2="${W - 4}" y2="${top + plotH}" stroke="#57606a"/>
<text x="${left - 6}" y="${top + 8}" text-anchor="end">${maxTotal}</text><text x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>
${bars}${xLabels}</svg>
<figcaption>${title}. ${desc} ${shown.map((s, k) => html`<span class="key"><svg width="12" height="12" aria-hidden="true" focusable="false"><rect width="12" height="12" fill="${PALETTE[k % PALETTE.length]}"/></svg> ${s.label}</span>`)}</figcaption>
<details><summary>Numbers</summary><table><thead><tr><th scope="col">Day</th>${shown.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead><tbody>
${days.map((d, i) => (totals[i] ? html`<tr><th scope="row"><time datetime="${d}">${humanDate(d)}</time></th>${shown.map((s) => html`<td>${s.values.get(d) ?? 0}</td>`)}</tr>` : ''))}</tbody></table></details>
</figure>`;
}

/** A dated line: one dot per timeline entry, placed by date, labelled alternately above and below. */
export function timelineChart(id: string, title: string, entries: { date: string; label: string }[]): Html {
  const dated = entries.filter((e) => Number.isFinite(dayNumber(e.date)));
  if (dated.length < 2) return html``;
  const nums = dated.map((e) => dayNumber(e.date));
  const first = Math.min(...nums);
  const span = Math.max(1, Math.max(...nums) - first);
  const H = 110;
  const left = 40;
  const right = W - 40;
  const y = 55;
  const dots = dated.map((e, i) => {
    const x = left + ((dayNumber(e.date) - first) / span) * (right - left);
    const above = i % 2 === 0;
    return html`<g><circle cx="${x.toFixed(1)}" cy="${y}" r="5" fill="#0b5cad"><title>${humanDate(e.date)}: ${e.label}</title></circle><text x="${x.toFixed(1)}" y="${above ? y - 14 : y + 26}" text-anchor="middle">${shortDay(e.date)}</text></g>`;
  });
  const desc = `${dated.length} dated developments from ${humanDate(dated[0]!.date)} to ${humanDate(dated.at(-1)!.date)}.`;
  return html`<figure class="chart">
<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${W} ${H}" width="100%"><title id="${id}-t">${title}</title><desc id="${id}-d">${desc}</desc>
<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#57606a" stroke-width="2"/>${dots}</svg>
<figcaption>${title}. ${desc}</figcaption>
</figure>`;
}

function sum(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}
