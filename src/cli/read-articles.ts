import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Article } from '../model/index.js';
import { SitrepError } from '../errors.js';
import { extractArticle } from '../extract/index.js';
import { articleId } from '../ingest/index.js';
import { systemClock, type Clock } from '../clock.js';
import { splitSentences } from '../analyze/index.js';
import { headlineLike, splitRunIn } from '../compose/index.js';

export interface FileArticle extends Article {
  /** Path relative to the directory given on the command line. */
  path: string;
}

const DATE_DIR = /^\d{4}-\d{2}-\d{2}$/;

/** Undo Penn-Treebank tokenisation (``, '', -LRB-, -LCB-, " n't") so tokenised corpora read as normal text. */
export function detokenize(text: string): string {
  // Tokenised text shows its quotation marks and brackets, or else stops and commas set apart.
  if (!/``|''|-LRB-|-RRB-| n't\b| 's\b/.test(text) && (text.match(/\s[,.;:?!](?=\s|$)/g) ?? []).length < 3) return text;
  return text
    .replace(/``\s*/g, '"')
    .replace(/\s*''/g, '"')
    // Single quotation marks: "` Egypt above all. '" and "parents ' divorce" read as written.
    .replace(/`\s*/g, '‘')
    .replace(/(\S)\s+'(?=[\s"”.,;:!?)]|$)/gm, '$1’')
    // The treebank's escaped slash and star ("SANAA\/DAMASCUS").
    .replace(/\\([/*])/g, '$1')
    .replace(/-LRB-\s*/g, '(')
    .replace(/\s*-RRB-/g, ')')
    .replace(/-LSB-\s*/g, '[')
    .replace(/\s*-RSB-/g, ']')
    .replace(/-LCB-\s*/g, '{')
    .replace(/\s*-RCB-/g, '}')
    // An abbreviation that ends the sentence keeps one stop ("Oppenheimer & Co. ." → "Co.").
    .replace(/\. \.(?=\s|$)/g, '.')
    .replace(/ (n't|'s|'re|'ve|'ll|'d|'m)\b/g, '$1')
    .replace(/ ([.,;:!?%])/g, '$1')
    .replace(/\$ (\d)/g, '$$$1');
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (/\.(txt|html?|html?\.gz|json)$/i.test(name)) out.push(p);
  }
}

/**
 * A text file's title: its first line when that line reads as a headline (a short line of its own,
 * the README's format), else a headline run into the first sentence with no stop between ("Swine
 * flu and the lessons of 1918 The response to …", as scraped pages come).
 */
export function titleOfText(raw: string): { title: string | null; text: string } {
  const m = /^\s*([^\n]+)\n+([\s\S]+)$/.exec(raw);
  // The title line stays in the text, as it always has (a line without a stop is no briefing sentence).
  if (m && headlineLike(m[1]!.trim()) && !/[.!?]["”’']?$/.test(m[1]!.trim())) return { title: m[1]!.trim(), text: raw };
  const first = splitSentences(raw.slice(0, 2000))[0];
  const runIn = first ? splitRunIn(first) : null;
  return { title: runIn && headlineLike(runIn.head) ? runIn.head : null, text: raw };
}

/** Read one article file: .txt (dated by its folder), .html/.html.gz (dated by its markup), or .json. */
export function readArticleFile(path: string, root: string, clock: Clock = systemClock): FileArticle {
  const rel = relative(root, path) || basename(path);
  const folderDate = rel.split(/[\\/]/).slice(0, -1).reverse().find((p) => DATE_DIR.test(p)) ?? null;
  const id = articleId(rel);
  const base = { id, sourceId: null, url: `file:${rel}`, canonical: null, byline: null, modified: null, lang: null, siteName: null, description: null, image: null, outlet: null, fetchedAt: clock().toISOString(), path: rel };
  if (/\.txt$/i.test(path)) {
    const { title, text } = titleOfText(detokenize(readFileSync(path, 'utf8')));
    return { ...base, title, published: folderDate, text };
  }
  if (/\.json$/i.test(path)) {
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new SitrepError('bad_input', `${rel}: not valid JSON (${(err as Error).message})`);
    }
    const text = typeof doc.text === 'string' ? doc.text : typeof doc.articleBody === 'string' ? doc.articleBody : null;
    if (!text) throw new SitrepError('bad_input', `${rel}: JSON article needs a "text" field`);
    const str = (k: string) => (typeof doc[k] === 'string' ? (doc[k] as string) : null);
    return { ...base, url: str('url') ?? base.url, title: str('title'), outlet: str('outlet'), published: str('published') ?? folderDate, text: detokenize(text) };
  }
  const buf = readFileSync(path);
  const htmlText = /\.gz$/i.test(path) ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  const page = extractArticle(htmlText, null, { now: base.fetchedAt });
  return { ...base, ...page, url: page.url ?? base.url, id, path: rel, sourceId: null, outlet: page.siteName, fetchedAt: base.fetchedAt, published: page.published ?? folderDate };
}

/** Every article under DIR (or the files given), oldest first. */
export function readArticles(inputs: string[], clock: Clock = systemClock): FileArticle[] {
  const out: FileArticle[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new SitrepError('bad_input', `no such file or directory: ${input}`);
    }
    if (st.isDirectory()) {
      const files: string[] = [];
      walk(input, files);
      for (const f of files) out.push(readArticleFile(f, input, clock));
    } else {
      out.push(readArticleFile(input, join(input, '..'), clock));
    }
  }
  if (out.length === 0) throw new SitrepError('bad_input', `no articles (.txt, .html, .html.gz, .json) found in ${inputs.join(', ')}`);
  return out.sort((a, b) => (a.published ?? '').localeCompare(b.published ?? '') || a.path.localeCompare(b.path));
}
