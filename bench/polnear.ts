// Reader for PolNeAR (Newell, Margolin & Ruths 2018): brat standoff attributions over political news.
// Each E line ties a Content span (possibly discontinuous) to a Cue and, usually, a Source. The gold
// direct quotes are the quoted words inside the content spans.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GoldQuote } from './quote-score.js';

export interface PolnearDoc {
  name: string;
  text: string;
  published: string | null;
  /** Every attribution, direct or not: content as written, source text or null. */
  attributions: { content: string; source: string | null; direct: boolean }[];
  /** The quoted words of each attribution that has any. */
  direct: GoldQuote[];
}

type Range = [number, number];

function parseRanges(spec: string): Range[] {
  return spec.split(';').map((r) => r.trim().split(/\s+/).map(Number) as Range);
}

/** The quoted stretches inside [start, end): text between “…” or "…"; an unclosed quote runs to the end. */
export function quotedSegments(text: string, ranges: Range[]): string[] {
  const out: string[] = [];
  for (let [start, end] of ranges) {
    // Annotators often leave the quotation marks just outside the content span.
    if (start > 0 && /[“"]/.test(text[start - 1]!)) start--;
    if (end < text.length && /[”"]/.test(text[end]!)) end++;
    const region = text.slice(start, end);
    let open = -1;
    let sawMark = false;
    for (let i = 0; i < region.length; i++) {
      const c = region[i]!;
      if (c !== '“' && c !== '”' && c !== '"') continue;
      // A straight quote opens after a space, bracket or dash (or at the range's start) and closes otherwise.
      const opens = c === '“' || (c === '"' && (i === 0 || /[\s(\[—–-]/.test(region[i - 1]!)));
      if (opens) open = i + 1;
      else {
        if (open >= 0) out.push(region.slice(open, i));
        else if (!sawMark) out.push(region.slice(0, i)); // closes a quote opened before this range
        open = -1;
      }
      sawMark = true;
    }
    if (open >= 0) out.push(region.slice(open));
  }
  return out.map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
}

export function readPolnear(root: string, split: string): PolnearDoc[] {
  const dir = join(root, 'data', split);
  if (!existsSync(dir)) return [];
  const dates = new Map<string, string>();
  for (const line of readFileSync(join(root, 'data', 'metadata.tsv'), 'utf8').split('\n').slice(1)) {
    const cols = line.split('\t');
    if (cols[1] && cols[5]) dates.set(cols[1], cols[5]);
  }
  // One gold set per article: the first annotator's file in sorted order.
  const annByDoc = new Map<string, string>();
  for (const f of readdirSync(join(dir, 'attributions')).sort()) {
    const doc = f.replace(/_[^_]+\.ann$/, '');
    if (!annByDoc.has(doc)) annByDoc.set(doc, f);
  }
  const docs: PolnearDoc[] = [];
  for (const [name, ann] of [...annByDoc].sort()) {
    const textPath = join(dir, 'text', `${name}.txt`);
    if (!existsSync(textPath)) continue;
    const text = readFileSync(textPath, 'utf8');
    const spans = new Map<string, Range[]>();
    const relations: Record<string, string>[] = [];
    for (const line of readFileSync(join(dir, 'attributions', ann), 'utf8').split('\n')) {
      const t = /^(T\d+)\t\S+ ([\d ;]+)\t/.exec(line);
      if (t) {
        spans.set(t[1]!, parseRanges(t[2]!));
        continue;
      }
      const e = /^E\d+\t(.*)$/.exec(line);
      if (e) relations.push(Object.fromEntries(e[1]!.trim().split(/\s+/).map((kv) => kv.split(':') as [string, string])));
    }
    const attributions: PolnearDoc['attributions'] = [];
    const direct: GoldQuote[] = [];
    for (const rel of relations) {
      // A few attributions carry a second content span (Content2): the quotation goes on after the cue.
      const content = Object.keys(rel)
        .filter((k) => /^Content\d*$/.test(k))
        .sort()
        .flatMap((k) => spans.get(rel[k]!) ?? []);
      if (content.length === 0) continue;
      const src = rel.Source ? spans.get(rel.Source) : undefined;
      const source = src ? src.map(([a, b]) => text.slice(a, b)).join(' ').replace(/\s+/g, ' ').trim() : null;
      const segments = quotedSegments(text, content);
      attributions.push({ content: content.map(([a, b]) => text.slice(a, b)).join(' '), source, direct: segments.length > 0 });
      if (segments.length > 0) direct.push({ text: segments.join(' '), source });
    }
    docs.push({ name, text, published: dates.get(name) ?? null, attributions, direct });
  }
  return docs;
}

/**
 * PolNeAR's test split is held back for outside checks, so the untouched split is cut from train: the
 * articles whose name hashes into the first 38 of 256 buckets (about 15%). The speaker chooser is
 * never fitted or chosen on them, and nobody reads their errors.
 */
export function isHeldOut(name: string): boolean {
  return parseInt(createHash('sha1').update(name).digest('hex').slice(0, 2), 16) < 38;
}
