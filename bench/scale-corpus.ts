// The synthetic year of bench:scale: article number i, the same on every run and in every process.
// Texts are sentence mixes of the shared corpora (as bench:web's are): Timeline17 topics for the
// long-running stories, BBC and WikiRef articles for the rest. Dates spread the articles over 365
// days, 1,000 sources carry them, and a few topics take a large share, so that at 200,000 articles
// the three largest stories run to 20,000 reports or more.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../src/model/index.js';
import { readArticles } from '../src/cli/read-articles.js';
import { articleId } from '../src/ingest/index.js';

export const EVAL = join(import.meta.dirname, '..', '..', 'shared', 'eval');
export const DAYS = 365;
const START = Date.UTC(2025, 0, 1);

interface Pool {
  sentences: string[][];
  title: (i: number) => string;
}

let pools: { long: Pool[]; short: Pool[] } | null = null;

function loadPools(): { long: Pool[]; short: Pool[] } {
  if (pools) return pools;
  const split = (t: string) => t.split(/(?<=[.!?])\s+/).filter((s) => s.length > 20);
  const t17 = join(EVAL, 'tls', 'timeline17');
  const long: Pool[] = readdirSync(t17)
    .filter((d) => existsSync(join(t17, d, 'InputDocs')))
    .sort()
    .map((topic) => {
      const arts = readArticles([join(t17, topic, 'InputDocs')]);
      return { sentences: arts.map((a) => split(a.text)).filter((s) => s.length >= 6), title: (i: number) => `${topic.split('_')[0]} update ${i}` };
    });
  const short: Pool[] = [];
  for (const dir of [join(EVAL, 'corpus-bbc', 'bbc'), join(EVAL, 'clustering-wikiref', 'WikiRef220')]) {
    if (!existsSync(dir)) continue;
    for (const a of readArticles([dir]).filter((x) => x.text.length > 400)) {
      const s = split(a.text);
      if (s.length >= 6) short.push({ sentences: [s], title: () => a.title ?? s[0]!.slice(0, 80) });
    }
  }
  return (pools = { long, short });
}

/** Articles per day, so that `total` articles fill the year. */
export const perDay = (total: number) => Math.ceil(total / DAYS);

// A small, fast, seeded generator (mulberry32).
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Article i of a year of `total`. 45% belong to three long-running topics (a war, a crisis, an
 * outbreak: 15% each), 25% to the other ten Timeline17 topics, 30% to short stories: a BBC or
 * WikiRef article retold, each by a handful of outlets over a few days.
 */
export function articleAt(i: number, total: number): Article {
  const { long, short } = loadPools();
  const r = rng(i * 2654435761);
  const day = Math.min(DAYS - 1, Math.floor(i / perDay(total)));
  const published = new Date(START + day * 86_400_000 + Math.floor(r() * 86_400_000)).toISOString();
  const pick = r();
  let pool: Pool;
  let title: string;
  if (pick < 0.45) {
    pool = long[Math.floor(pick / 0.15) % long.length]!;
    title = pool.title(i);
  } else if (pick < 0.7) {
    pool = long[3 + Math.floor(r() * (long.length - 3))]!;
    title = pool.title(i);
  } else {
    // A short story: the same source article told by a few outlets within days of each other.
    const k = Math.floor(i / 7) % short.length;
    pool = short[k]!;
    title = pool.title(i);
  }
  // Half of one article, half of another from the same pool, so no two texts are the same.
  const a = pool.sentences[Math.floor(r() * pool.sentences.length)]!;
  const b = pool.sentences[Math.floor(r() * pool.sentences.length)]!;
  const text = [...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(Math.floor(b.length / 2))].join(' ');
  const source = Math.floor(r() * 1000);
  const url = `https://bench.invalid/scale/${source}/${i}`;
  return { id: articleId(url), sourceId: null, url, canonical: url, title, byline: null, published, modified: null, lang: 'en', siteName: null, description: null, image: null, text, outlet: `source-${source}`, fetchedAt: published };
}
