// Reader for Sitrep's own hand-labelled quotes in Timeline17 articles (bench/labels/t17-quotes.json).
// A label names each part of a quote by its first and last words, so the set holds no article text.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detokenize } from '../src/cli/read-articles.js';
import type { GoldQuote } from './quote-score.js';

interface LabelledQuote { parts: [string, string][]; occurrence?: number; speaker: string | null }
interface LabelledDoc { batch?: string; file: string; published: string; quotes: LabelledQuote[] }

export interface LabelledArticle {
  batch: string;
  file: string;
  published: string;
  text: string;
  gold: GoldQuote[];
}

export const T17_LABELS = join(import.meta.dirname, 'labels', 't17-quotes.json');

/** The labelled articles whose text is in the Timeline17 folder under `evalRoot`. */
export function readT17Labels(evalRoot: string): LabelledArticle[] {
  if (!existsSync(T17_LABELS)) return [];
  const labelled = JSON.parse(readFileSync(T17_LABELS, 'utf8')) as { docs: LabelledDoc[] };
  const out: LabelledArticle[] = [];
  for (const d of labelled.docs) {
    const path = join(evalRoot, 'tls', d.file);
    if (!existsSync(path)) continue;
    // Timeline17 stores one sentence per line; as running text the lines are one paragraph.
    const text = detokenize(readFileSync(path, 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    const gold: GoldQuote[] = d.quotes.map((q) => {
      let from = 0;
      for (let k = 0; k < (q.occurrence ?? 0); k++) from = text.indexOf(q.parts[0]![0], from) + 1;
      const words = q.parts.map(([first, last]) => {
        const a = text.indexOf(first, from);
        const b = text.indexOf(last, a);
        if (a < 0 || b < 0) throw new Error(`${d.file}: label "${first}" … "${last}" not found`);
        from = b + last.length;
        return text.slice(a, from);
      });
      return { text: words.join(' '), source: q.speaker };
    });
    out.push({ batch: d.batch ?? 'all', file: d.file, published: d.published, text, gold });
  }
  return out;
}
