// npm run bench:analyze — who said what, and who is who:
//  1. PolNeAR (political news, hand-annotated attributions): direct-quote recall/precision (a quote
//     matches a gold quote when their words overlap ≥ 0.8 of the longer) and speaker accuracy on the
//     matched ones (a gold pronoun or definite description, "he" or "the company", needs coreference
//     to check and is left unscored; see bench/quote-score.ts judgeSpeaker); Sitrep against a naive finder (quoted spans within one line, speaker = the nearest
//     person compromise finds), in the same run.
//  2. Sitrep's own hand-labelled quotes in Timeline17 articles (bench/labels/t17-quotes.json).
//  3. PERSON names in ECB+ (the sentences whose annotation is complete): precision/recall/F1 for
//     Sitrep and for compromise's people(), a mention counting when it covers the gold name's head
//     (name mentions only: the mention ends in a capitalised word; title-case headlines left out).
//  4. Speed: articles per second on one core over Timeline17 articles of about 800 words.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import nlp from 'compromise';
import { analyzeText, analyzeWithMentions } from '../src/analyze/index.js';
import { detokenize } from '../src/cli/read-articles.js';
import { isHeldOut, readPolnear } from './polnear.js';
import { readT17Labels, T17_LABELS } from './t17-labels.js';
import { emptyScore, formatScore, judgeSpeaker, matchQuotes, scoreDocument, type GoldQuote, type PredictedQuote } from './quote-score.js';

const EVAL = join(import.meta.dirname, '..', '..', 'shared', 'eval');
if (!existsSync(EVAL)) {
  console.log(`bench:analyze skipped: ${EVAL} not found (the shared evaluation data sits beside the repository)`);
  process.exit(0);
}

// ---------- the naive baseline ----------
interface Offset { start: number; length: number }
function compromisePeople(text: string): { text: string; start: number; end: number }[] {
  return (nlp(text).people().json({ offset: true }) as { text: string; offset: Offset }[]).map((p) => ({
    text: p.text.replace(/[.,;:'’"”]+$/, ''),
    start: p.offset.start,
    end: p.offset.start + p.offset.length,
  }));
}

function naiveQuotes(text: string): PredictedQuote[] {
  const people = compromisePeople(text);
  const out: PredictedQuote[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(/[“"]([^“”"\n]+)[”"]/g)) {
      const at = lineStart + m.index!;
      const end = at + m[0].length;
      let best: string | null = null;
      let bestDist = Infinity;
      for (const p of people) {
        const d = p.end <= at ? at - p.end : p.start >= end ? p.start - end : 0;
        if (d < bestDist) {
          bestDist = d;
          best = p.text;
        }
      }
      out.push({ text: m[1]!, speaker: best });
    }
    lineStart += line.length + 1;
  }
  return out;
}

function sitrepQuotes(text: string, published: string | null, options: { partial?: boolean; speakers?: 'model' | 'rules' } = {}): PredictedQuote[] {
  return analyzeText(text, { published, speakers: options.speakers }).quotes.filter((q) => q.direct && (options.partial !== false || !q.partial)).map((q) => ({ text: q.text, speaker: q.speaker }));
}

function pct(n: number, d: number): string {
  return d ? (n / d).toFixed(3) : 'n/a';
}

// ---------- 1. PolNeAR ----------
const POLNEAR = join(EVAL, 'quotes-polnear');
// Most of train fits the speaker chooser (scripts/train-speaker.ts), dev and the hand labels choose it,
// and about 15% of train (isHeldOut) is the untouched split: never fitted, chosen or read for errors.
const splits = (process.env.POLNEAR_SPLITS ?? 'dev,train,held-out').split(',');
const ROLE: Record<string, string> = { train: 'all 840; the chooser fits 85% of it', dev: 'chooses the chooser', 'held-out': '15% of train the chooser never saw: untouched' };
for (const split of splits) {
  const docs = split === 'held-out' ? readPolnear(POLNEAR, 'train').filter((d) => isHeldOut(d.name)) : readPolnear(POLNEAR, split);
  if (docs.length === 0) continue;
  const sitrep = emptyScore();
  const sitrep4 = emptyScore();
  const naive = emptyScore();
  const naive4 = emptyScore();
  // The same quotes with the rules picking every speaker, as before the learned chooser.
  const rules4 = emptyScore();
  const long = (g: GoldQuote[]) => g.filter((q) => q.text.split(/\s+/).length >= 4);
  for (const d of docs) {
    const s = sitrepQuotes(d.text, d.published);
    const n = naiveQuotes(d.text);
    scoreDocument(sitrep, d.direct, s);
    scoreDocument(naive, d.direct, n);
    scoreDocument(sitrep4, long(d.direct), s.filter((q) => q.text.split(/\s+/).length >= 4));
    scoreDocument(rules4, long(d.direct), sitrepQuotes(d.text, d.published, { speakers: 'rules' }).filter((q) => q.text.split(/\s+/).length >= 4));
    scoreDocument(naive4, long(d.direct), n.filter((q) => q.text.split(/\s+/).length >= 4));
    // Errors of the quotes of 4+ words, never of the untouched split.
    if (process.env.SHOW_ERRORS && split !== 'held-out' && !isHeldOut(d.name)) {
      const gold = long(d.direct);
      const pred = s.filter((q) => q.text.split(/\s+/).length >= 4);
      const m = matchQuotes(gold, pred);
      gold.forEach((g, i) => m.some(([x]) => x === i) || console.log(`PFN ${d.name} ${g.text.slice(0, 120)}`));
      pred.forEach((q, j) => m.some(([, y]) => y === j) || console.log(`PFP ${d.name} ${q.text.slice(0, 120)}`));
      // And of the short ones (1-3 words), with the words around them.
      const ctx = (t: string) => {
        const at = d.text.indexOf(t);
        return at < 0 ? '' : d.text.slice(Math.max(0, at - 90), at + t.length + 40).replace(/\s+/g, ' ');
      };
      const shortGold = d.direct.filter((q) => q.text.split(/\s+/).length < 4);
      const shortPred = s.filter((q) => q.text.split(/\s+/).length < 4);
      const ms = matchQuotes(shortGold, shortPred);
      shortGold.forEach((g, i) => ms.some(([x]) => x === i) || console.log(`SFN ${d.name} «${g.text}» | ${ctx(g.text)}`));
      shortPred.forEach((q, j) => ms.some(([, y]) => y === j) || console.log(`SFP ${d.name} «${q.text}» | ${ctx(q.text)}`));
    }
  }
  console.log(`\nPolNeAR ${split} (${ROLE[split] ?? split}): ${docs.length} articles, ${docs.reduce((n, d) => n + d.direct.length, 0)} gold direct quotes`);
  console.log(formatScore('  sitrep, quotes of 4+ words', sitrep4));
  console.log(formatScore('  sitrep, rules pick speakers, 4+', rules4));
  console.log(formatScore('  naive+compromise, 4+ words', naive4));
  console.log(formatScore('  sitrep, all quotes', sitrep));
  console.log(formatScore('  naive+compromise, all quotes', naive));
}

// ---------- 2. hand-labelled Timeline17 quotes ----------
if (existsSync(T17_LABELS)) {
  const sitrep = emptyScore();
  const naive = emptyScore();
  // Per batch too: hand-picked, drawn and used to shape rules, drawn and scored once before changes.
  const byBatch = new Map<string, { docs: number; score: ReturnType<typeof emptyScore> }>();
  let articles = 0;
  for (const d of readT17Labels(EVAL)) {
    articles++;
    const { text, gold } = d;
    // The labels hold quotes of four or more words, so partial quotations are not asked for there.
    const predicted = sitrepQuotes(text, d.published, { partial: false });
    scoreDocument(sitrep, gold, predicted);
    const batch = byBatch.get(d.batch) ?? { docs: 0, score: emptyScore() };
    batch.docs++;
    scoreDocument(batch.score, gold, predicted);
    byBatch.set(d.batch, batch);
    scoreDocument(naive, gold, naiveQuotes(text));
    if (process.env.SHOW_ERRORS) {
      const m = matchQuotes(gold, predicted);
      for (const [i, j] of m) if (judgeSpeaker(gold[i]!, predicted[j]!.speaker) === 'wrong') console.log(`SPK ${gold[i]!.text.slice(0, 50)} | gold ${gold[i]!.source} | ours ${predicted[j]!.speaker}`);
      gold.forEach((g, i) => m.some(([x]) => x === i) || console.log(`FN ${g.text.slice(0, 70)}`));
      predicted.forEach((p, j) => m.some(([, y]) => y === j) || console.log(`FP ${p.text.slice(0, 70)}`));
    }
  }
  console.log(`\nHand-labelled Timeline17 articles: ${articles} articles (labels: bench/labels/t17-quotes.json)`);
  console.log(formatScore('  sitrep', sitrep));
  console.log(formatScore('  naive+compromise', naive));
  if (byBatch.size > 1) for (const [name, b] of byBatch) console.log(formatScore(`  sitrep, ${name} (${b.docs})`, b.score));
  console.log('  goal: recall >= 0.95, precision >= 0.90, speaker accuracy >= 0.85');
}

// ---------- 3. PERSON names in ECB+ ----------
const ECB = join(EVAL, 'clustering-ecbplus');
if (existsSync(join(ECB, 'xml'))) {
  const complete = new Set<string>();
  for (const line of readFileSync(join(ECB, 'ECBplus_coreference_sentences.csv'), 'utf8').split('\n').slice(1)) {
    const [topic, file, sentence] = line.trim().split(',');
    if (topic && file && sentence) complete.add(`${topic}_${file}:${sentence}`);
  }
  interface Tok { w: string; s: number; id: string }
  const docs: { name: string; toks: Tok[]; persons: string[][] }[] = [];
  const lowerSeen = new Set<string>();
  for (const topic of readdirSync(join(ECB, 'xml')).sort((a, b) => Number(a) - Number(b))) {
    for (const f of readdirSync(join(ECB, 'xml', topic)).sort()) {
      const xml = gunzipSync(readFileSync(join(ECB, 'xml', topic, f))).toString('utf8');
      const toks: Tok[] = [...xml.matchAll(/<token t_id="(\d+)" sentence="(\d+)"[^>]*>([^<]*)<\/token>/g)].map((m) => ({ id: m[1]!, s: Number(m[2]), w: decodeXml(m[3]!) }));
      for (const t of toks) if (/^[a-z]/.test(t.w)) lowerSeen.add(t.w);
      const persons = [...xml.matchAll(/<HUMAN_PART_PER m_id="\d+"[^>]*>([\s\S]*?)<\/HUMAN_PART_PER>/g)].map((m) => [...m[1]!.matchAll(/t_id="(\d+)"/g)].map((x) => x[1]!));
      docs.push({ name: f.replace(/\.xml\.gz$/, ''), toks, persons });
    }
  }
  const STOP = /^(he|she|they|i|we|it|you|him|her|them|his|their|who|whom|the|a|an|this|that|these|those|mr\.?|mrs\.?|ms\.?|dr\.?)$/i;
  const scores = { sitrep: { tp: 0, fp: 0, fn: 0 }, compromise: { tp: 0, fp: 0, fn: 0 } };
  let goldNames = 0;
  for (const d of docs) {
    const byId = new Map(d.toks.map((t, i) => [t.id, i]));
    // Title-case headlines carry no capitalisation signal, so they are left out for both systems.
    const headline = new Set<number>();
    const bySentence = new Map<number, Tok[]>();
    for (const t of d.toks) bySentence.set(t.s, [...(bySentence.get(t.s) ?? []), t]);
    for (const [s, ts] of bySentence) {
      const alpha = ts.filter((t) => /^\p{L}{2,}/u.test(t.w));
      if (alpha.length >= 3 && alpha.filter((t) => /^\p{Lu}/u.test(t.w)).length / alpha.length >= 0.6) headline.add(s);
    }
    const isComplete = (s: number) => complete.has(`${d.name}:${s}`) && !headline.has(s);
    // Text with one sentence per line and each token's offset, written the way the words read.
    let text = '';
    const at: number[] = [];
    let prev: Tok | null = null;
    for (const t of d.toks) {
      if (prev && prev.s !== t.s) text += '\n';
      else if (prev && !/^([.,;:!?%)\]]|'s|n't|'re|'ve|'ll|'d|'m)$/.test(t.w) && !/^[(\[$]$/.test(prev.w)) text += ' ';
      at.push(text.length);
      text += t.w;
      prev = t;
    }
    const tokenAt = (offset: number): number => {
      let lo = 0;
      let hi = at.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (at[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    // Gold: the head (last capitalised word) of each person mention that names someone.
    const heads = new Set<number>();
    for (const m of d.persons) {
      const idx = m.map((id) => byId.get(id)).filter((i): i is number => i !== undefined);
      if (idx.length === 0 || !isComplete(d.toks[idx[0]!]!.s)) continue;
      const caps = idx.filter((i) => {
        const w = d.toks[i]!.w;
        if (!/^\p{Lu}/u.test(w) || STOP.test(w)) return false;
        const first = i === 0 || d.toks[i - 1]!.s !== d.toks[i]!.s;
        return !(first && lowerSeen.has(w.toLowerCase()));
      });
      // A name mention ends in a name ("Tara Reid", "Deep Throat"); "an Arkansas woman" is a description.
      if (caps.length > 0 && caps[caps.length - 1] === idx[idx.length - 1]) heads.add(caps[caps.length - 1]!);
    }
    goldNames += heads.size;
    const spansToScore = (spans: { start: number; end: number }[], into: { tp: number; fp: number; fn: number }) => {
      const hit = new Set<number>();
      for (const sp of spans) {
        const a = tokenAt(sp.start);
        const b = tokenAt(Math.max(sp.start, sp.end - 1));
        if (!isComplete(d.toks[a]!.s)) continue;
        let found = -1;
        for (let i = a; i <= b; i++) if (heads.has(i) && !hit.has(i)) found = i;
        if (found >= 0) {
          hit.add(found);
          into.tp++;
        } else {
          into.fp++;
          if (process.env.SHOW_ERRORS && into === scores.sitrep) console.log('FP', text.slice(sp.start, sp.end), '|', text.slice(Math.max(0, sp.start - 40), sp.end + 30).replace(/\n/g, ' '));
        }
      }
      into.fn += heads.size - hit.size;
      if (process.env.SHOW_ERRORS && into === scores.sitrep) for (const h of heads) if (!hit.has(h)) console.log('FN', d.toks[h]!.w, '|', d.toks.slice(Math.max(0, h - 6), h + 4).map((t) => t.w).join(' '));
    };
    // Sitrep: PERSON mentions, mapped from sentence offsets back to the text.
    const { analysis, mentions } = analyzeWithMentions(text);
    const sentenceAt: number[] = [];
    let cursor = 0;
    for (const s of analysis.sentences) {
      const i = text.indexOf(s, cursor);
      sentenceAt.push(i < 0 ? cursor : i);
      if (i >= 0) cursor = i + s.length;
    }
    spansToScore(mentions.filter((m) => m.type === 'PERSON').map((m) => ({ start: sentenceAt[m.sentence]! + m.start, end: sentenceAt[m.sentence]! + m.start + m.text.length })), scores.sitrep);
    spansToScore(compromisePeople(text), scores.compromise);
  }
  console.log(`\nECB+ PERSON names: ${docs.length} articles, ${goldNames} gold name mentions in completely annotated sentences (title-case headlines left out)`);
  const f1 = (s: { tp: number; fp: number; fn: number }) => {
    const p = s.tp / (s.tp + s.fp || 1);
    const r = s.tp / (s.tp + s.fn || 1);
    return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
  };
  const sf = f1(scores.sitrep);
  const cf = f1(scores.compromise);
  console.log(`  sitrep      PERSON F1 ${sf.f.toFixed(3)}  P ${sf.p.toFixed(3)}  R ${sf.r.toFixed(3)}`);
  console.log(`  compromise  PERSON F1 ${cf.f.toFixed(3)}  P ${cf.p.toFixed(3)}  R ${cf.r.toFixed(3)}`);
  console.log(`  difference  ${(sf.f - cf.f >= 0 ? '+' : '')}${(sf.f - cf.f).toFixed(3)} F1 (goal: >= +0.10)`);
}

function decodeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// ---------- 4. speed ----------
// Typical news articles: Timeline17 articles of 600–1,000 words (about 800 on average).
const T17 = join(EVAL, 'tls', 'timeline17');
if (existsSync(T17)) {
  const texts: string[] = [];
  for (const c of readdirSync(T17).sort()) {
    const input = join(T17, c, 'InputDocs');
    for (const day of readdirSync(input).sort()) {
      for (const f of readdirSync(join(input, day)).sort()) {
        const t = detokenize(readFileSync(join(input, day, f), 'utf8'));
        const n = t.split(/\s+/).length;
        if (n >= 600 && n <= 1000 && texts.length < 400) texts.push(t);
      }
    }
  }
  const wordsPer = texts.reduce((n, t) => n + t.split(/\s+/).length, 0) / texts.length;
  const rounds: number[] = [];
  const baseRounds: number[] = [];
  for (let r = 0; r < 3; r++) {
    let t0 = performance.now();
    for (const t of texts) analyzeText(t, { published: '2011-01-01' });
    rounds.push(texts.length / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    for (const t of texts) {
      const d = nlp(t);
      d.people().out('array');
      d.places().out('array');
      d.organizations().out('array');
    }
    baseRounds.push(texts.length / ((performance.now() - t0) / 1000));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const s = median(rounds);
  const c = median(baseRounds);
  console.log(`\nSpeed (${texts.length} Timeline17 articles of 600-1,000 words, ${wordsPer.toFixed(0)} on average, one core, median of 3 rounds):`);
  console.log(`  sitrep analyze (sentences, entities, quotes, dates, quantities)  ${s.toFixed(0)} articles/s`);
  console.log(`  compromise people/places/organizations             ${c.toFixed(0)} articles/s  (sitrep ${(s / c).toFixed(1)}x)   goal: >= 200 articles/s`);
}
