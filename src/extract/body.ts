import type { AnyNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { getAttributeValue } from 'domutils';
import { BOILERPLATE_LINE, DATE_WORDS, WEAK_DATE_WORDS } from './furniture-words.js';

// Elements that never hold article prose.
const DROP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'button', 'input',
  'select', 'textarea', 'nav', 'footer', 'aside', 'menu', 'dialog', 'figcaption', 'object', 'embed',
  'head', 'title', 'meta', 'link', 'video', 'audio', 'picture', 'img', 'map', 'math',
  'amp-ad', 'amp-analytics', 'amp-sidebar', 'amp-social-share', 'amp-consent', 'amp-embed', 'amp-sticky-ad',
]);
// Class/id words of page furniture: share bars, related links, comments, banners, newsletter boxes.
const JUNK_ATTR =
  /(^|[\s_-])(share|sharing|social-(?:share|links|icons|buttons|bar|follow)|related|recommend(ed|ations)?|promo|newsletter|subscribe|signup|cookie|consent|banner|advert(isement)?|ads?|adv|sponsor(ed)?|comments?|disqus|sidebar|breadcrumbs?|pagination|pager|masthead|navbar|nav|menu|popup|modal|outbrain|taboola|caption|byline|dateline|author-info|timestamp|toolbar|tags|skip|hidden|footer|header|widget|more-stories|read-more|most-popular|trending|print-only|visually-hidden|sr-only)([\s_-]|$)/i;
const KEEP_ATTR = /(^|[\s_-])(article|story|content|body|post|entry|main|text|hentry|prose|rich-text)([\s_-]|$)/i;
// Block-level elements: they end the current run of inline text.
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li',
  'dl', 'dt', 'dd', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'figure',
  'hr', 'address', 'center', 'details', 'summary', 'fieldset', 'hgroup', 'body', 'html',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

function attrs(el: Element): string {
  return `${getAttributeValue(el, 'class') ?? ''} ${getAttributeValue(el, 'id') ?? ''}`;
}

function insideArticle(el: Element): boolean {
  for (let e = el.parent; e && isTag(e); e = e.parent) if (e.name === 'article') return true;
  return false;
}

function hiddenOrDropped(el: Element): boolean {
  if (DROP_TAGS.has(el.name)) return true;
  if (el.name === 'header' && !insideArticle(el)) return true; // the site's header, not an article's
  if (getAttributeValue(el, 'hidden') !== undefined || getAttributeValue(el, 'aria-hidden') === 'true') return true;
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(getAttributeValue(el, 'style') ?? '')) return true;
  return /^(navigation|banner|contentinfo|complementary|dialog|alert|menu|menubar|toolbar|search)$/i.test(getAttributeValue(el, 'role') ?? '');
}

/** Furniture by its class or id, unless it also says it is content; html and body are never furniture. */
function furniture(el: Element): boolean {
  if (el.name === 'body' || el.name === 'html' || el.name === 'main' || el.name === 'article' || el.name === 'a') return false;
  // An id of three or more words is a section heading's slug (docs, wikis, Markdown renderers:
  // id="sharing-with-a-single-developer"), not the name of a share bar.
  const id = getAttributeValue(el, 'id') ?? '';
  const a = `${getAttributeValue(el, 'class') ?? ''} ${id.split(/[-_\s]+/).filter(Boolean).length >= 3 ? '' : id}`;
  return JUNK_ATTR.test(a) && !KEEP_ATTR.test(a);
}

interface Block {
  text: string;
  /** The nearest block-level element the text sits in. */
  container: Element;
  linkChars: number;
  heading: boolean;
  listItem: boolean;
  /** Inside a <blockquote>. */
  quote: boolean;
}

/**
 * The page as runs of text: each paragraph, heading, list item, or run of bare text between block
 * elements (as in `<div>text<br><br>text</div>`) becomes one block, in document order.
 */
function collectBlocks(root: AnyNode, strict: boolean): Block[] {
  const blocks: Block[] = [];
  let buf: string[] = [];
  let links = 0;
  let owner: Element | null = null;
  let linkDepth = 0;
  let quoteDepth = 0;
  const flush = () => {
    const text = buf.join('').replace(/[ \t\r\f\v\u00a0\u200b]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{2,}/g, '\n').trim();
    if (text && owner) {
      blocks.push({ text, container: owner, linkChars: links, heading: HEADINGS.has(owner.name), listItem: owner.name === 'li' || owner.name === 'dd', quote: quoteDepth > 0 });
    }
    buf = [];
    links = 0;
  };
  const visit = (node: AnyNode, blockOwner: Element) => {
    if (isText(node)) {
      if (owner !== blockOwner) {
        flush();
        owner = blockOwner;
      }
      buf.push(node.data);
      if (linkDepth > 0) links += node.data.trim().length;
      return;
    }
    if (!isTag(node) || hiddenOrDropped(node) || (strict && furniture(node))) return;
    if (node.name === 'br') {
      // Two line breaks in a row separate paragraphs; one is a line break inside one.
      const prev = node.prev;
      if (prev && isTag(prev) && prev.name === 'br') flush();
      else buf.push('\n');
      return;
    }
    if (BLOCKS.has(node.name)) {
      flush();
      owner = node;
      if (node.name === 'blockquote') quoteDepth++;
      for (const c of node.children) visit(c, node);
      if (node.name === 'blockquote') quoteDepth--;
      flush();
      owner = blockOwner;
      return;
    }
    if (node.name === 'a') linkDepth++;
    for (const c of node.children) visit(c, blockOwner);
    if (node.name === 'a') linkDepth--;
  };
  const start = isTag(root) ? root : null;
  if (start) visit(start, start);
  else for (const c of (root as Document).children) visit(c, c as Element);
  flush();
  return blocks;
}

const ancestors = (el: Element, max: number): Element[] => {
  const out: Element[] = [];
  for (let e = el.parent; e && isTag(e) && out.length < max; e = e.parent) out.push(e);
  return out;
};

/**
 * Score containers by the prose they hold: each substantial block credits its own element, its parent
 * fully, and further ancestors less (the Readability idea, computed over text runs so that bare-text
 * divs count as well as <p>s); link-heavy text is discounted.
 */
function bestContainer(blocks: Block[]): { best: Element; bestScore: number; scores: Map<Element, number> } | null {
  const scores = new Map<Element, number>();
  for (const b of blocks) {
    const len = b.text.length;
    if (len < 25 || b.heading) continue;
    const density = b.linkChars / len;
    if (density > 0.5) continue;
    // List items and teaser snippets ("…") are how link lists and related-story rails look: they count less.
    const kind = b.listItem ? 0.3 : /(\.\.\.|…)\s*$/.test(b.text) ? 0.2 : 1;
    const score = (1 + Math.min(len, 600) / 100 + (b.text.match(/[,.;:!?，。、]/g)?.length ?? 0) * 0.1) * (1 - density) * kind;
    const chain = [b.container, ...ancestors(b.container, 3)];
    chain.forEach((el, level) => {
      const share = level === 0 ? 0 : level === 1 ? 1 : level === 2 ? 0.5 : 1 / (level * 3);
      if (share > 0) scores.set(el, (scores.get(el) ?? 0) + score * share);
    });
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, s] of scores) {
    const adjusted = s * (KEEP_ATTR.test(`${attrs(el)} ${el.name}`) ? 1.25 : 1);
    if (adjusted > bestScore) {
      best = el;
      bestScore = adjusted;
    }
  }
  if (!best) return null;
  return { best, bestScore, scores };
}

const elementChildren = (el: Element) => el.children.filter(isTag);

/**
 * The article root plus the siblings that continue it: bodies split over several sibling containers
 * (one per "column" or "card") are common. A sibling joins when it scores a fair share of the best
 * container's score, as in Readability.
 */
function articleRoots(found: { best: Element; bestScore: number; scores: Map<Element, number> }, blocks: Block[]): Element[] {
  let top = found.best;
  while (top.parent && isTag(top.parent) && top.parent.name !== 'body' && top.parent.name !== 'html' && elementChildren(top.parent).length === 1) top = top.parent;
  const threshold = Math.max(3, found.bestScore * 0.2);
  const subtreeScore = (el: Element, depth: number): number => {
    let s = found.scores.get(el) ?? 0;
    if (depth > 0) for (const c of elementChildren(el)) s = Math.max(s, subtreeScore(c, depth - 1));
    return s;
  };
  // Try the winner's own siblings first, then its parent's: the split may sit a level or two up.
  for (let level = 0, node: Element = top; level < 2; level++) {
    const parent = node.parent && isTag(node.parent) && node.parent.name !== 'html' && node.parent.name !== 'body' ? node.parent : null;
    if (!parent) break;
    const roots: Element[] = [];
    let joined = 0;
    for (const sib of elementChildren(parent)) {
      if (sib === node) {
        roots.push(level === 0 ? top : node);
        continue;
      }
      if (hiddenOrDropped(sib) || furniture(sib)) continue;
      if (subtreeScore(sib, 3) >= threshold) {
        roots.push(sib);
        joined++;
        continue;
      }
      if (sib.name === 'p') {
        const b = blocks.find((x) => x.container === sib);
        if (b && b.text.length > 80 && b.linkChars / b.text.length < 0.25) {
          roots.push(sib);
          joined++;
        }
      }
    }
    if (joined > 0) return roots;
    node = parent;
  }
  return [top];
}

/** Prose by shape alone, in any language: a longer run of text with sentence punctuation and few links. */
const isProse = (b: Block) => !b.heading && b.text.length >= 80 && b.linkChars / b.text.length < 0.3 && /[.!?。！？؟।,，、;]/.test(b.text);
/** What widening counts as the article's own matter: prose, and code or preformatted text (docs, tutorials). */
const isMatter = (b: Block) => isProse(b) || (b.container.name === 'pre' && b.linkChars === 0);

/**
 * Widen the chosen roots to an ancestor while that ancestor adds mostly prose: bodies split into many
 * small cards or steps (a how-to, a recipe, a live blog, a product test) score low card by card, and
 * no single card wins a sibling's place. An ancestor is taken when the prose it adds is at least a
 * fifth of what is chosen (and 200 characters), most of the text it adds is prose, and little of it
 * is links; the first ancestor that adds mostly furniture stops the climb. Text shape only, no words.
 */
function widenRoots(roots: Element[], blocks: Block[]): Element[] {
  let current = new Set(roots);
  let chosen = blocks.filter((b) => insideAny(b.container, current));
  let prose = chosen.filter(isMatter).reduce((n, b) => n + b.text.length, 0);
  // The first candidate is the roots' parent (sibling roots share one).
  let node: Element | null = roots[0]!.parent && isTag(roots[0]!.parent) ? roots[0]!.parent : null;
  for (let level = 0; node && level < 6 && node.name !== 'body' && node.name !== 'html'; level++) {
    const inside = new Set([node]);
    const added = blocks.filter((b) => !chosen.includes(b) && insideAny(b.container, inside));
    const addedChars = added.reduce((n, b) => n + b.text.length, 0);
    const addedProse = added.filter(isMatter).reduce((n, b) => n + b.text.length, 0);
    const addedLinks = added.reduce((n, b) => n + b.linkChars, 0);
    // A level that adds only a heading or a line (the headline above the lead) is passed over.
    if (addedChars === 0 || (addedProse === 0 && addedChars < 200)) {
      node = node.parent && isTag(node.parent) ? node.parent : null;
      continue;
    }
    // A rail of teasers (a linked headline over each excerpt) adds prose too, one link line per card.
    const proseBlocks = added.filter(isMatter).length;
    const linkLines = added.filter((b) => b.linkChars / b.text.length > 0.6).length;
    if (addedProse < Math.max(200, prose * 0.2) || addedProse / addedChars < 0.5 || addedLinks / addedChars > 0.35 || linkLines >= Math.max(2, proseBlocks)) break;
    current = inside;
    chosen = chosen.concat(added);
    prose += addedProse;
    node = node.parent && isTag(node.parent) ? node.parent : null;
  }
  return [...current];
}

function insideAny(el: Element, roots: Set<Element>): boolean {
  for (let e: AnyNode | null = el; e; e = e.parent) if (roots.has(e as Element)) return true;
  return false;
}

/** A line that only states a date or time ("March 15", "09:40", "Published 3 May 2025, 10:02 BST"). */
function isDateline(text: string): boolean {
  const tokens = text.toLowerCase().split(/[\s,.|:/·–—-]+/).filter(Boolean);
  if (tokens.length === 0 || !/\d/.test(text)) return false;
  const hasDateShape = /\b\d{1,2}[:h]\d{2}\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b/.test(text) || tokens.some((t) => !/^\d/.test(t) && DATE_WORDS.test(t) && !WEAK_DATE_WORDS.test(t));
  if (!hasDateShape) return false;
  return tokens.every((t) => /^\d+(st|nd|rd|th|h\d*)?$/.test(t) || DATE_WORDS.test(t));
}

/** The blocks of the chosen container, minus link lists and furniture lines. */
function articleBlocks(blocks: Block[], roots: Element[]): Block[] {
  const set = new Set(roots);
  const mine = blocks.filter((b) => insideAny(b.container, set));
  const teaser = (b: Block) => /(\.\.\.|…)\s*$/.test(b.text) && b.text.length < 400;
  const teasers = mine.filter(teaser).length;
  // The end of an article is where related links and promos hang on: trim short linked lines there.
  // (Its start is left alone: a linked lead line is more often text than furniture.)
  const edgeJunk = (b: Block) => !b.heading && (b.linkChars > 0 || teaser(b)) && (b.listItem || b.text.length < 120);
  const start = 0;
  let end = mine.length;
  while (end > start && edgeJunk(mine[end - 1]!)) end--;
  // Rows of a table that also hold unlinked text: a linked cell there is data (a name, a title), not navigation.
  const rowOf = (b: Block): Element | null => {
    if (b.container.name !== 'td' && b.container.name !== 'th') return null;
    for (let e = b.container.parent; e && isTag(e); e = e.parent) if (e.name === 'tr') return e;
    return null;
  };
  const dataRows = new Set<Element>();
  for (const b of mine) {
    const row = rowOf(b);
    if (row && b.text.length >= 20 && b.linkChars / b.text.length < 0.3) dataRows.add(row);
  }
  return mine.slice(start, end).filter((b) => {
    if (teasers >= 2 && teaser(b)) return false; // a rail of teasers inside the article element
    const density = b.linkChars / Math.max(1, b.text.length);
    if (density > 0.6 && !b.heading && !dataRows.has(rowOf(b)!)) return false; // navigation and related-link lists
    if (b.text.length < 60 && BOILERPLATE_LINE.test(b.text.trim())) return false;
    if (b.text.length < 80 && isDateline(b.text)) return false;
    return true;
  });
}

export interface BodyResult {
  text: string;
  /** The body as safe HTML for display: text-only paragraphs, subheads, lists and quotes, all escaped. */
  html: string;
  /** Why the text is empty, when it is. */
  reason: string | null;
}

const escapeHtml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rebuild display HTML from the chosen blocks: no markup from the page survives, so nothing unsafe can. */
function blocksToHtml(blocks: { text: string; block: Block }[]): string {
  const out: string[] = [];
  let list = false;
  for (const { text, block } of blocks) {
    if (block.listItem !== list) {
      out.push(block.listItem ? '<ul>' : '</ul>');
      list = block.listItem;
    }
    const t = escapeHtml(text);
    if (block.listItem) out.push(`<li>${t}</li>`);
    else if (block.heading) out.push(`<h${block.container.name === 'h2' || block.container.name === 'h1' ? 2 : 3}>${t}</h${block.container.name === 'h2' || block.container.name === 'h1' ? 2 : 3}>`);
    else if (block.quote) out.push(`<blockquote><p>${t}</p></blockquote>`);
    else out.push(`<p>${t}</p>`);
  }
  if (list) out.push('</ul>');
  return out.join('\n');
}

const NO_PROSE = 'no article text found: the page has no block of prose (an index, a gallery, a login or error page?)';

/** The article body as plain text (paragraphs separated by blank lines) and as safe display HTML. */
export function extractBody(dom: Document, title: string | null): BodyResult {
  let chosen: Block[] = [];
  // Strict first; a page whose every container looks like furniture is read again without that rule.
  for (const strict of [true, false]) {
    const blocks = collectBlocks(dom, strict);
    const found = bestContainer(blocks);
    if (!found) continue;
    chosen = articleBlocks(blocks, widenRoots(articleRoots(found, blocks), blocks));
    if (chosen.reduce((n, b) => n + b.text.length, 0) >= 250) break;
  }
  if (chosen.length === 0) return { text: '', html: '', reason: NO_PROSE };
  const normTitle = title?.toLowerCase().replace(/\s+/g, ' ').trim();
  const kept = chosen.map((b) => ({ text: b.text.replace(/\n/g, ' ').replace(/ {2,}/g, ' ').trim(), block: b })).filter((x) => x.text.length > 0);
  // The page's own headline repeated at the top of the body is not body text.
  while (kept.length && normTitle && kept[0]!.text.toLowerCase() === normTitle) kept.shift();
  if (kept.length === 0) return { text: '', html: '', reason: NO_PROSE };
  return { text: kept.map((x) => x.text).join('\n\n'), html: blocksToHtml(kept), reason: null };
}
