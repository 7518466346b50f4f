import type { AnyNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { getAttributeValue } from 'domutils';

// Elements that never hold article prose.
const DROP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'form', 'button', 'input',
  'select', 'textarea', 'nav', 'footer', 'aside', 'header', 'menu', 'dialog', 'figcaption', 'object', 'embed',
]);
// Class/id words of page furniture: share bars, related links, comments, banners, newsletter boxes.
const JUNK_ATTR =
  /\b(share|sharing|social|related|recommend|promo|newsletter|subscribe|signup|cookie|consent|banner|advert|ads?|sponsor|comment|disqus|sidebar|breadcrumb|pagination|footer|masthead|navbar|menu|popup|modal|outbrain|taboola|caption|byline|dateline|author-info|timestamp)\b/i;
const KEEP_ATTR = /\b(article|story|content|body|post|entry|main)\b/i;
const BLOCK_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre']);
const CONTAINER_BREAKS = new Set(['div', 'section', 'article', 'main', 'ul', 'ol', 'table', 'tr', 'td', 'br', 'figure']);

function isJunk(el: Element): boolean {
  if (DROP_TAGS.has(el.name)) return true;
  if (getAttributeValue(el, 'hidden') !== undefined || getAttributeValue(el, 'aria-hidden') === 'true') return true;
  if (/display\s*:\s*none/i.test(getAttributeValue(el, 'style') ?? '')) return true;
  const role = getAttributeValue(el, 'role') ?? '';
  if (/^(navigation|banner|contentinfo|complementary|dialog|alert)$/i.test(role)) return true;
  const attrs = `${getAttributeValue(el, 'class') ?? ''} ${getAttributeValue(el, 'id') ?? ''}`;
  return JUNK_ATTR.test(attrs) && !KEEP_ATTR.test(attrs);
}

function inlineText(node: AnyNode, out: string[]): void {
  if (isText(node)) {
    out.push(node.data);
    return;
  }
  if (!isTag(node) || isJunk(node)) return;
  if (node.name === 'br') out.push('\n');
  for (const c of node.children) inlineText(c, out);
}

const squash = (s: string) => s.replace(/[ \t\r\f\v\u00a0]+/g, ' ').replace(/ *\n */g, '\n').trim();

/** Text blocks (paragraphs, subheads, list items, quotes) in document order below `root`. */
function collectBlocks(root: Element, out: string[]): void {
  for (const child of root.children) {
    if (!isTag(child) || isJunk(child)) continue;
    if (BLOCK_TAGS.has(child.name) && !child.children.some((c) => isTag(c) && (BLOCK_TAGS.has(c.name) || CONTAINER_BREAKS.has(c.name) && c.name !== 'br'))) {
      const parts: string[] = [];
      inlineText(child, parts);
      const t = squash(parts.join(''));
      if (t) out.push(t);
    } else {
      collectBlocks(child, out);
    }
  }
}

function textLength(node: AnyNode): number {
  if (isText(node)) return node.data.trim().length;
  if (!isTag(node) || isJunk(node)) return 0;
  let n = 0;
  for (const c of node.children) n += textLength(c);
  return n;
}

function linkTextLength(node: AnyNode): number {
  if (!isTag(node) || isJunk(node)) return 0;
  if (node.name === 'a') return textLength(node);
  let n = 0;
  for (const c of node.children) n += linkTextLength(c);
  return n;
}

/**
 * Pick the element whose paragraphs carry the most prose: each paragraph credits its parent fully and
 * its grandparent by half (the Readability idea, minus its DOM rewriting), with link-heavy text discounted.
 */
function bestContainer(dom: Document): Element | null {
  const scores = new Map<Element, number>();
  const visit = (node: AnyNode) => {
    if (!isTag(node) || isJunk(node)) return;
    if (node.name === 'p' || node.name === 'pre' || node.name === 'blockquote') {
      const len = textLength(node);
      if (len >= 25) {
        const links = linkTextLength(node);
        const score = (1 + Math.min(len, 600) / 100 + (node.children.filter(isText).map((t) => t.data).join('').match(/[,.]/g)?.length ?? 0) * 0.1) * (1 - links / Math.max(len, 1));
        const parent = node.parent && isTag(node.parent) ? node.parent : null;
        if (parent) scores.set(parent, (scores.get(parent) ?? 0) + score);
        const grand = parent?.parent && isTag(parent.parent) ? parent.parent : null;
        if (grand) scores.set(grand, (scores.get(grand) ?? 0) + score / 2);
      }
    }
    for (const c of node.children) visit(c);
  };
  for (const c of dom.children) visit(c);
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, s] of scores) {
    const attrs = `${getAttributeValue(el, 'class') ?? ''} ${getAttributeValue(el, 'id') ?? ''} ${el.name}`;
    const adjusted = s * (KEEP_ATTR.test(attrs) ? 1.25 : 1);
    if (adjusted > bestScore) {
      best = el;
      bestScore = adjusted;
    }
  }
  return best;
}

/** The article body as plain text, paragraphs separated by blank lines. */
export function extractBodyText(dom: Document, title: string | null): string {
  const root = bestContainer(dom);
  if (!root) return '';
  const blocks: string[] = [];
  collectBlocks(root, blocks);
  const normTitle = title?.toLowerCase().trim();
  return blocks.filter((b, i) => !(i === 0 && normTitle && b.toLowerCase() === normTitle)).join('\n\n');
}
