import { parseDocument } from 'htmlparser2';
import type { ExtractedPage } from '../model/index.js';
import { extractBodyText } from './body.js';
import { jsonLdArticleBody, readMetadata } from './metadata.js';

export { stripSiteSuffix, toIsoDate } from './metadata.js';

/** HTML of a news or blog page → the article's text and metadata. Never throws on bad markup. */
export function extractArticle(html: string, url: string | null = null): ExtractedPage {
  const dom = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const meta = readMetadata(dom, url);
  let text = extractBodyText(dom, meta.title);
  // When the visible markup holds much less than the page's own JSON-LD articleBody, the page renders
  // its text from script data: trust the declared body.
  const declared = jsonLdArticleBody(dom);
  if (declared && declared.length > 200 && text.length < declared.length * 0.5) {
    text = declared.replace(/<[^>]+>/g, ' ').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n\n').trim();
  }
  return { url, ...meta, text };
}

/** Plain text from an HTML fragment (feed summaries and content), paragraphs kept. */
export function htmlFragmentToText(fragment: string): string {
  if (!/[<&]/.test(fragment)) return fragment.trim();
  const page = extractArticle(`<html><body><article>${fragment}</article></body></html>`);
  if (page.text) return page.text;
  const dom = parseDocument(fragment, { decodeEntities: true });
  const parts: string[] = [];
  const walk = (n: unknown) => {
    const node = n as { type: string; data?: string; children?: unknown[] };
    if (node.type === 'text' && node.data) parts.push(node.data);
    node.children?.forEach(walk);
  };
  dom.children.forEach(walk);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
