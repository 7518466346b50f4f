import type { Briefing, Cited, ClaimStatus } from '../model/index.js';
import { humanDate } from '../web/dates.js';
import { shownStatus } from './origins.js';

// Days as readers read them ("Sat 25 Apr 2009"), as on the site; the JSON keeps the ISO form.
const days = (text: string) => text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => humanDate(d));

/** A briefing as Markdown with footnote-style source markers. */
export function renderMarkdown(b: Briefing): string {
  const num = new Map(b.sources.map((s, i) => [s.id, i + 1]));
  const cite = (ids: string[]) => ids.map((id) => `[^${num.get(id) ?? id}]`).join('');
  // The labels a reader of the site sees (see shownStatus), with their count of independent origins.
  const status = (c: { status?: ClaimStatus; origins?: number }, text: string) => {
    const shown = shownStatus({ status: c.status, text }, b.origins ?? 0);
    return shown ? ` _(${shown.replace('-', ' ')}${c.origins ? `, ${c.origins} ${c.origins === 1 ? 'origin' : 'origins'}` : ''})_` : '';
  };
  const cited = (c: Cited) => `${c.text} ${cite(c.sources)}${status(c, c.text)}`;
  const lines: string[] = [];
  lines.push(`_${b.section.join(' › ')}_`, '', `# ${b.headline}`, '', `_${b.altHeadline}_`, '', `${b.summary} ${cite(b.summarySources ?? [])}`.trim(), '');
  if (b.background.length) lines.push('## Background & Context', '', ...b.background.map(cited), '');
  if (b.timeline.length) lines.push('## Key Developments & Timeline', '', ...b.timeline.map((t) => `- **${humanDate(t.date)}**: ${t.text} ${cite(t.sources)}${status(t, t.text)}`), '');
  if (b.statements.length || b.analysis.length) {
    lines.push('## Official Statements & Analysis', '');
    for (const s of b.statements) lines.push(`> “${s.quote}” — ${s.speaker}${s.role ? `, ${s.role}` : ''} ${cite(s.sources)}${status(s, s.quote)}`, '');
    lines.push(...b.analysis.map(cited), '');
  }
  for (const [heading, list, joiner] of [
    ['Where sources disagree', b.contradictions.filter((c) => !c.update), ' vs '],
    ['Figures updated the same day', b.contradictions.filter((c) => c.update), ', then '],
  ] as const) {
    if (!list.length) continue;
    lines.push(`## ${heading}`, '');
    for (const c of list) {
      lines.push(`- ${days(c.claim)}: ${c.values.map((v) => `${v.value} ${cite(v.sources)}`).join(joiner)}`);
      for (const v of c.values) if (v.sentence) lines.push(`  - ${v.value}: “${v.sentence}” ${cite(v.sources)}`);
    }
    lines.push('');
  }
  lines.push('## Conclusion', '', ...b.conclusion.map(cited), '');
  if (b.tags.length) lines.push(`Tags: ${b.tags.join(', ')}`, '');
  if (b.related.length) lines.push('## Related', '', ...b.related.map((r) => `- [${r.headline}](${r.url})${r.reason ? ` (${r.reason})` : ''}`), '');
  if (b.products.length) lines.push('## From our shop (sponsored)', '', ...b.products.map((p) => `- [${p.name}](${p.url}): ${p.blurb}`), '');
  // A link only to a web address; a file read from disk is named by its title and date.
  const link = (url: string) => (/^https?:\/\//i.test(url) ? ` <${url}>` : '');
  lines.push('## Sources', '', ...b.sources.map((s, i) => `[^${i + 1}]: ${s.outlet ?? ''}${s.outlet ? ', ' : ''}${s.title ? `“${s.title}”` : s.lede ? `untitled report opening “${s.lede}”` : 'untitled report'}${s.published ? `, ${humanDate(s.published.slice(0, 10))}` : ''}${link(s.url)}`));
  return `${lines.join('\n')}\n`;
}
