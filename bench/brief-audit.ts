// The reader audit of npm run bench:brief: a briefing for every week of every Timeline17 collection
// (consecutive 7-day windows from the collection's first day, those with at least MIN_ARTICLES
// articles), each audited as a reader would read it (src/compose/audit.ts), defects counted by kind.
// Four collections are held out: their pages were never read while the composer was worked on, and
// their figures are printed apart from the development collections'.
//   AUDIT_SHOW=kind[,kind]  print the defects of those kinds (development collections only)
//   AUDIT_COLLECTIONS=a,b   only these collections
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../src/analyze/index.js';
import { composeBriefing, type ComposeArticle } from '../src/compose/index.js';
import { auditBriefing, DEFECT_KINDS, type DefectKind } from '../src/compose/audit.js';
import { readArticles } from '../src/cli/read-articles.js';
import { fixedClock } from '../src/clock.js';

export const HELD_OUT = new Set(['H1N1_reuters', 'SyrianCrisis_bbc', 'bpoil_foxnews', 'Finan_washingtonpost']);
const MIN_ARTICLES = 8;
const DAY = 86_400_000;

export interface AuditTotals {
  windows: number;
  units: number;
  byKind: Map<DefectKind, number>;
}

const blank = (): AuditTotals => ({ windows: 0, units: 0, byKind: new Map(DEFECT_KINDS.map((k) => [k, 0])) });

export function auditTimeline17(t17: string, log: (line: string) => void = console.log): { dev: AuditTotals; held: AuditTotals } {
  const show = new Set((process.env.AUDIT_SHOW ?? '').split(',').filter(Boolean));
  const only = new Set((process.env.AUDIT_COLLECTIONS ?? '').split(',').filter(Boolean));
  const dev = blank();
  const held = blank();
  // Articles read as of a fixed moment: the audit does not depend on the day it runs.
  const clock = fixedClock('2026-01-01T00:00:00Z');
  for (const collection of readdirSync(t17).sort()) {
    if (only.size && !only.has(collection)) continue;
    const docs = join(t17, collection, 'InputDocs');
    if (!existsSync(docs)) continue;
    const totals = HELD_OUT.has(collection) ? held : dev;
    const all: ComposeArticle[] = readArticles([docs], clock)
      .filter((a) => a.published)
      .map((a) => ({ ...a, analysis: analyzeText(a.text, { published: a.published, now: new Date(a.fetchedAt) }) }))
      .sort((a, b) => a.published!.localeCompare(b.published!));
    if (all.length === 0) continue;
    const first = Date.parse(all[0]!.published!.slice(0, 10));
    const weeks = new Map<number, ComposeArticle[]>();
    for (const a of all) {
      const w = Math.floor((Date.parse(a.published!.slice(0, 10)) - first) / (7 * DAY));
      weeks.set(w, [...(weeks.get(w) ?? []), a]);
    }
    let defects = 0;
    let windows = 0;
    for (const [w, articles] of weeks) {
      if (articles.length < MIN_ARTICLES) continue;
      const start = new Date(first + w * 7 * DAY).toISOString().slice(0, 10);
      const b = composeBriefing({ storyId: `${collection}-${start}`, articles, now: new Date(Date.parse(start) + 7 * DAY) });
      const found = auditBriefing(b, articles.map((a) => `${a.title ?? ''}\n${a.text}`));
      windows++;
      totals.windows++;
      totals.units += 1 + b.background.length + b.timeline.length + b.statements.length + b.analysis.length + b.conclusion.length;
      for (const d of found) {
        totals.byKind.set(d.kind, totals.byKind.get(d.kind)! + 1);
        defects++;
        if (show.has(d.kind) && (!HELD_OUT.has(collection) || process.env.AUDIT_SHOW_HELD_OUT)) log(`    [${d.kind}] ${collection} week of ${start}: ${d.text.slice(0, 300)}`);
      }
    }
    log(`  ${collection.padEnd(24)}${HELD_OUT.has(collection) ? ' (held out)' : '           '} ${String(windows).padStart(3)} weekly briefings, ${defects} defects`);
  }
  return { dev, held };
}

export function formatTotals(name: string, t: AuditTotals): string {
  const sum = [...t.byKind.values()].reduce((a, b) => a + b, 0);
  const kinds = [...t.byKind].map(([k, n]) => `${k} ${n}`).join(', ');
  return `reader audit, ${name}: ${sum} defects in ${t.windows} weekly briefings (${t.units} units) | ${kinds}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const T17 = join(import.meta.dirname, '..', '..', 'shared', 'eval', 'tls', 'timeline17');
  if (!existsSync(T17)) {
    console.log(`bench:brief audit skipped: ${T17} not found (the shared evaluation data sits beside the repository)`);
    process.exit(0);
  }
  const { dev, held } = auditTimeline17(T17);
  console.log(formatTotals('development collections', dev));
  console.log(formatTotals('held-out collections', held));
}
