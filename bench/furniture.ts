// The sentence-quality gate scored against hand labels: npm run bench:brief prints it, or
//   tsx bench/furniture.ts            precision and recall on bench/labels/furniture.tsv
//   tsx bench/furniture.ts --sample   sentences to label (scratch/furniture-candidates.tsv)
// A label says whether a sentence of a Timeline17 article is page furniture or a reader comment
// (caption, credit, byline, promo, live-blog stamp, prompt, navigation, reader comment: 1) or the
// article's own prose (0). The gate "says furniture" when it rejects the sentence as furniture or
// as a comment, or the sentence lies in the article's comment section. Half of each split is drawn
// at random, half among sentences with a surface cue (a bar, a colon, a clock time, a credit word),
// so that both kinds are present. dev: development collections, looked at while the gate was
// written; test: the held-out collections, labelled once and never tuned on.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readArticles } from '../src/cli/read-articles.js';
import { splitSentences } from '../src/analyze/index.js';
import { commentsStartAt, publishable } from '../src/compose/quality.js';
import { fixedClock } from '../src/clock.js';
import { HELD_OUT } from './brief-audit.js';

const T17 = join(import.meta.dirname, '..', '..', 'shared', 'eval', 'tls', 'timeline17');
const LABELS = join(import.meta.dirname, 'labels', 'furniture.tsv');
const CUE = /[|@•»]|^.{0,40}:|\b(?:Photo\w*|Picture|Image|Reply|abuse|Posted|Watch|Click|Follow|Sign up|Subscribe|Advertisement|Read more|Share|Copyright|Getty|AP|AFP|EDT|GMT|BST|a\.?m\.?|p\.?m\.?|video|Updated?)\b|^\d/i;

interface Doc { path: string; sentences: string[] }

function docs(collections: string[]): Doc[] {
  const clock = fixedClock('2026-01-01T00:00:00Z');
  return collections.flatMap((c) => readArticles([join(T17, c, 'InputDocs')], clock).map((a) => ({ path: `${c}/${a.path}`, sentences: splitSentences(a.text) })));
}

/**
 * Whether the gate keeps sentence `i` of `d` out: as furniture or a comment only (`strict`), or for
 * any reason (first person outside quotes, a fragment, a question, over 60 words as well).
 */
export function gateRejects(d: Doc, i: number, strict: boolean): boolean {
  if (i >= commentsStartAt(d.sentences)) return true;
  const r = publishable(d.sentences[i]!);
  return r.text === null && (!strict || r.why === 'furniture' || r.why === 'comment');
}

export function furnitureScore(strict: boolean): Map<string, { p: number; r: number; tp: number; fp: number; fn: number; n: number }> | null {
  if (!existsSync(T17) || !existsSync(LABELS)) return null;
  const rows = readFileSync(LABELS, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t'));
  const byCollection = new Map<string, Doc>();
  const need = new Set(rows.map((r) => r[0]!.split('/')[0]!));
  for (const d of docs([...need])) byCollection.set(d.path, d);
  const out = new Map<string, { p: number; r: number; tp: number; fp: number; fn: number; n: number }>();
  for (const [path, idx, label, split] of rows) {
    const d = byCollection.get(path!);
    if (!d) continue;
    const s = out.get(split!) ?? { p: 0, r: 0, tp: 0, fp: 0, fn: 0, n: 0 };
    const said = gateRejects(d, Number(idx), strict);
    s.n++;
    if (said && label === '1') s.tp++;
    else if (said) s.fp++;
    else if (label === '1') s.fn++;
    out.set(split!, s);
  }
  for (const s of out.values()) {
    s.p = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
    s.r = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
  }
  return out;
}

export function formatFurnitureScores(): string[] {
  const out: string[] = [];
  for (const strict of [true, false]) {
    const s = furnitureScore(strict);
    if (!s) return ['sentence gate: no labels'];
    for (const [split, x] of s) out.push(`sentence gate, ${strict ? 'rejected as furniture or comment' : 'rejected for any reason      '}, ${split} (${x.n} sentences): precision ${x.p.toFixed(3)} recall ${x.r.toFixed(3)} (tp ${x.tp}, fp ${x.fp}, fn ${x.fn})`);
  }
  return out;
}

function sample(): void {
  const rows: string[] = [];
  const all = ['EgyptianProtest_cnn', 'H1N1_bbc', 'H1N1_guardian', 'IraqWar_guardian', 'SyrianCrisis_reuters', 'bpoil_bbc', 'bpoil_guardian', 'bpoil_reuters', 'bpoil_washingtonpost', ...HELD_OUT];
  const rank = (s: string) => createHash('sha1').update(s).digest('hex');
  for (const split of ['dev', 'test']) {
    const pool = docs(all.filter((c) => (split === 'test') === HELD_OUT.has(c))).flatMap((d) => d.sentences.map((s, i) => ({ d, i, s, key: rank(`${d.path}#${i}`) })));
    pool.sort((a, b) => a.key.localeCompare(b.key));
    const random = pool.slice(0, 60);
    const cued = pool.filter((x) => CUE.test(x.s) && !random.includes(x)).slice(0, 60);
    for (const x of [...random, ...cued]) rows.push([x.d.path, x.i, '', split, x.s.slice(0, 400)].join('\t'));
  }
  mkdirSync('scratch', { recursive: true });
  writeFileSync('scratch/furniture-candidates.tsv', rows.join('\n'));
  console.log(`${rows.length} sentences in scratch/furniture-candidates.tsv`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(T17)) {
    console.log(`furniture skipped: ${T17} not found`);
    process.exit(0);
  }
  if (process.argv.includes('--sample')) sample();
  else {
    for (const line of formatFurnitureScores()) console.log(line);
  }
}
