import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import type { ExtractedPage } from '../model/index.js';
import { extractBody } from './body.js';
import { limitNesting } from './nesting.js';
import { jsonLdArticleBody, readMetadata } from './metadata.js';
import { readingAsOf } from './dates.js';
import { parsePage } from './parse.js';

export { stripSiteSuffix, toIsoDate } from './metadata.js';

export interface ExtractResult extends ExtractedPage {
  /** The body as safe display HTML (escaped text in p, h2, h3, ul/li and blockquote; nothing else). */
  html: string;
  /** Why `text` is empty, when it is; null otherwise. */
  reason: string | null;
}

/** Deeper than this, markup is flattened to its text: no real page nests this deep, hostile ones do. */
const MAX_DEPTH = 500;

export interface ExtractOptions {
  /**
   * The moment the page is read as of (its fetch time, or the desk's clock): a date more than two
   * days after it is taken for a typo or a placeholder, not the publication date. Default: now.
   */
  now?: Date | string;
}

/** HTML of a news or blog page → the article's text and metadata. Never throws on bad markup. */
export function extractArticle(html: string, url: string | null = null, options: ExtractOptions = {}): ExtractResult {
  return readingAsOf(options.now === undefined ? new Date() : new Date(options.now), () => extractPage(html, url));
}

function extractPage(html: string, url: string | null): ExtractResult {
  const dom = parsePage(limitNesting(html, MAX_DEPTH), MAX_DEPTH);
  const meta = readMetadata(dom, url);
  const body = extractBody(dom, meta.title, meta.description);
  let text = body.text;
  let bodyHtml = body.html;
  let reason = body.reason;
  // When the visible markup holds much less than the page's own JSON-LD articleBody, the page renders
  // its text from script data: trust the declared body.
  const declared = jsonLdArticleBody(dom);
  if (declared && declared.length > 200 && text.length < declared.length * 0.5) {
    text = declared.replace(/<[^>]+>/g, ' ').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n\n').trim();
    bodyHtml = text.split('\n\n').map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`).join('\n');
    reason = null;
  }
  return { url, ...meta, text, html: bodyHtml, reason };
}

const FRAGMENT_BLOCKS = new Set(['p', 'div', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'tr', 'section', 'article', 'figure', 'ul', 'ol', 'table', 'hr', 'dd', 'dt']);
const FRAGMENT_SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'figcaption', 'button', 'form']);

/** A run of whitespace that is not already one plain space (cheaper to find than every \s+ run). */
const LOOSE_SPACE = /\s{2,}|[^\S ]/g;

/**
 * Plain text from an HTML fragment (feed summaries and content): a streaming pass with paragraph
 * breaks at block elements, no DOM and no page heuristics, since a feed's content is the article.
 * Entities are decoded per text run, only where one has an "&": the tokenizer's own decoding costs
 * as much again as tokenizing, even on text without any.
 */
export function htmlFragmentToText(fragment: string): string {
  if (!/[<&]/.test(fragment)) return fragment.replace(/[ \t]+/g, ' ').trim();
  const parts: string[] = [];
  let skip = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (FRAGMENT_SKIP.has(name)) skip++;
        else if (FRAGMENT_BLOCKS.has(name)) parts.push('\n\n');
      },
      onclosetag(name) {
        if (FRAGMENT_SKIP.has(name)) skip = Math.max(0, skip - 1);
        else if (FRAGMENT_BLOCKS.has(name)) parts.push('\n\n');
      },
      ontext(text) {
        if (skip === 0) parts.push(text.includes('&') ? decodeHTML(text) : text);
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  parser.write(fragment);
  parser.end();
  const paragraphs: string[] = [];
  for (const p of parts.join('').split(/\n\s*\n/)) {
    const clean = p.replace(LOOSE_SPACE, ' ').trim();
    if (clean) paragraphs.push(clean);
  }
  return paragraphs.join('\n\n');
}
