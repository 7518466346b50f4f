import type { AnyNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { getAttributeValue } from 'domutils';
import { collapse } from './dates.js';
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
// What sits beside or after an article but is never part of it.
const AFTER_ARTICLE_ATTR = /(^|[\s_-])(comments?|comment-list|disqus|respond|repl(y|ies)|sidebar|related|recommend(ed|ations)?|newsletter|share|sharing|cookie|consent|footer|outbrain|taboola|more-stories|read-more)([\s_-]|$)/i;
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

/**
 * The class and id an element is named by. An id of three or more words is a section heading's slug
 * (docs, wikis, Markdown renderers: id="sharing-with-a-single-developer"), not the name of a share bar.
 */
function namingAttrs(el: Element): string {
  const id = getAttributeValue(el, 'id') ?? '';
  return `${getAttributeValue(el, 'class') ?? ''} ${id.split(/[-_\s]+/).filter(Boolean).length >= 3 ? '' : id}`;
}

/** Furniture by its class or id, unless it also says it is content; html and body are never furniture. */
function furniture(el: Element): boolean {
  if (el.name === 'body' || el.name === 'html' || el.name === 'main' || el.name === 'article' || el.name === 'a') return false;
  const a = namingAttrs(el);
  return JUNK_ATTR.test(a) && !KEEP_ATTR.test(a);
}

/** Inside an element of what comes beside or after an article (comments, related links, sidebar, footer). */
function underFurniture(el: Element): boolean {
  const known = markedCache.get(el);
  if (known !== undefined) return known;
  let v = false;
  if (el.name !== 'body' && el.name !== 'html') {
    const a = namingAttrs(el);
    // A content block's own parts keep their place ("main-content__item__comment"); the comments
    // area around a "comment-content" is marked all the same.
    v = el.name === 'footer' || (AFTER_ARTICLE_ATTR.test(a) && !KEEP_ATTR.test(a)) || (!!el.parent && isTag(el.parent) && underFurniture(el.parent));
  }
  markedCache.set(el, v);
  return v;
}
const markedCache = new WeakMap<Element, boolean>();

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
      // Readers' posts beside the article score like a column of it: a thread never joins.
      if (subtreeScore(sib, 3) >= threshold && !isThread(blocks.filter((b) => insideAny(b.container, new Set([sib]))), sib)) {
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
const proseShaped = (b: Block) => b.text.length >= 80 && b.linkChars / b.text.length < 0.3 && /[.!?。！？؟।,，、;]/.test(b.text);
const isProse = (b: Block) => !b.heading && proseShaped(b);
/** What widening counts as the article's own matter: prose, and code or preformatted text (docs, tutorials). */
const isMatter = (b: Block) => isProse(b) || (b.container.name === 'pre' && b.linkChars === 0);

/** Teaser excerpts run shorter than this on average; article paragraphs run longer. */
const EXCERPT_CHARS = 300;

/**
 * Whether these blocks read as a thread of comments or posts: three or more list items that hold
 * prose, most of them with a short line of their own beside it (the poster's name, a date), as
 * comment lists are marked up whatever the site's language or class names.
 */
function isThread(blocks: Block[], within: Element): boolean {
  const items = new Map<Element, { prose: number; short: number }>();
  for (const b of blocks) {
    let li: Element | null = null;
    for (let e: Element | null = b.container; e && e !== within; e = e.parent && isTag(e.parent) ? e.parent : null) {
      if (e.name === 'li') {
        li = e;
        break;
      }
    }
    if (!li) continue;
    const item = items.get(li) ?? { prose: 0, short: 0 };
    if (isMatter(b)) item.prose++;
    else if (!b.heading && b.text.length <= 60) item.short++;
    items.set(li, item);
  }
  const withProse = [...items.values()].filter((i) => i.prose > 0);
  return withProse.length >= 3 && withProse.filter((i) => i.short > 0).length * 2 >= withProse.length;
}

/** A line that is mostly a link: a teaser's headline, a "read also", a commenter's name. */
const isLinkLine = (b: Block) => b.linkChars / b.text.length > 0.6;

/** How many prose blocks have a link line between them and the prose before: cards and comments alternate so. */
function linkSeparated(blocks: Block[]): number {
  let n = 0;
  let sawProse = false;
  let linkSince = false;
  for (const b of blocks) {
    if (isMatter(b)) {
      if (sawProse && linkSince) n++;
      sawProse = true;
      linkSince = false;
    } else if (isLinkLine(b)) linkSince = true;
  }
  return n;
}

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
  // (Only levels that add text count: page builders wrap each section in five or more empty divs.)
  for (let level = 0; node && level < 6 && node.name !== 'body' && node.name !== 'html'; ) {
    const inside = new Set([node]);
    const added = blocks.filter((b) => !chosen.includes(b) && insideAny(b.container, inside));
    const addedChars = added.reduce((n, b) => n + b.text.length, 0);
    const addedProse = added.filter(isMatter).reduce((n, b) => n + b.text.length, 0);
    const addedLinks = added.reduce((n, b) => n + b.linkChars, 0);
    if (addedChars === 0) {
      node = node.parent && isTag(node.parent) ? node.parent : null;
      continue;
    }
    level++;
    // A level that adds only a heading or a line (the headline above the lead), or a few lines of
    // plain text and no links (a facts box, a table's labels), is passed over: judged with the next.
    if (addedProse === 0 && (addedChars < 200 || (addedLinks / addedChars < 0.1 && addedChars < prose * 0.5))) {
      node = node.parent && isTag(node.parent) ? node.parent : null;
      continue;
    }
    // A rail of teasers (a linked headline over each excerpt) adds prose too, one link line per short
    // excerpt, and so do comments (a linked name over each, or a list of posts). Paragraphs of
    // article length with a list of links or two between them ("read also" boxes) are not a rail.
    const proseBlocks = added.filter(isMatter).length;
    // (A list of links in a row, a box of teasers between two sections, counts as one line.)
    const linkLines = added.filter((b, k) => isLinkLine(b) && !(k > 0 && isLinkLine(added[k - 1]!))).length;
    const rail = linkLines >= Math.max(2, proseBlocks) && (addedProse / Math.max(1, proseBlocks) < EXCERPT_CHARS || linkSeparated(added) * 2 >= proseBlocks);
    if (addedProse < Math.max(200, prose * 0.2) || addedProse / addedChars < 0.5 || addedLinks / addedChars > 0.35 || rail || isThread(added, node)) break;
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
  // Comments, related links and the like that a wide root takes in stay out, unless the article itself
  // sits in such an element (a page builder's "sidebar-wrapper").
  const rootsMarked = roots.some(underFurniture);
  const mine = blocks.filter((b) => insideAny(b.container, set) && (rootsMarked || !underFurniture(b.container)));
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
  const kept = mine.slice(start, end).filter((b) => {
    if (teasers >= 2 && teaser(b)) return false; // a rail of teasers inside the article element
    const density = b.linkChars / Math.max(1, b.text.length);
    if (density > 0.6 && !b.heading && !dataRows.has(rowOf(b)!)) return false; // navigation and related-link lists
    if (b.text.length < 60 && BOILERPLATE_LINE.test(b.text.trim())) return false;
    if (b.text.length < 80 && isDateline(b.text)) return false;
    return true;
  });
  // The title of a box whose every item went ("Discover now" over a list of teasers) goes with them.
  const boxOf = (b: Block) => (b.heading && b.container.parent && isTag(b.container.parent) ? b.container.parent : null);
  const boxes = new Map<Element, { items: number; kept: number }>();
  for (const b of kept) {
    const box = boxOf(b);
    if (box) boxes.set(box, { items: 0, kept: 0 });
  }
  if (boxes.size === 0) return kept;
  const keptSet = new Set(kept);
  for (const b of mine) {
    for (let e: AnyNode | null = b.container; e; e = e.parent) {
      const tally = boxes.get(e as Element);
      if (tally && boxOf(b) !== e) {
        tally.items++;
        if (keptSet.has(b)) tally.kept++;
      }
    }
  }
  return kept.filter((b) => {
    const tally = boxOf(b) ? boxes.get(boxOf(b)!)! : null;
    return !tally || tally.items < 2 || tally.kept > 0;
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

/** A body shorter than this (in characters) is read again without the class-name rule, as Readability does. */
const SHORT_BODY = 500;
/** A first reading shorter than this is next to nothing: a longer second reading wins outright. */
const TINY_BODY = 250;
/** How much more text that second reading must hold to win. */
const LENIENT_GAIN = 1.5;
/** At most this much text between two readings, and the second continues the first. */
const GAP_CHARS = 200;

/** Where things sit in the page: each element's place in document order, and the headline's. */
interface PageOrder {
  of: (el: Element) => number;
  /** The headline's place: the h1 that matches the title if several, or null when the page has none. */
  headline: number | null;
  /** Every h1's place, in document order. */
  h1s: number[];
}

function pageOrder(dom: Document, title: string | null): PageOrder {
  const order = new Map<Element, number>();
  const h1s: Element[] = [];
  const walk = (n: AnyNode) => {
    if (!isTag(n)) return;
    order.set(n, order.size);
    if (n.name === 'h1') h1s.push(n);
    for (const c of n.children) walk(c);
  };
  for (const c of dom.children) walk(c);
  const norm = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
  const want = title ? norm(title) : '';
  const headline = h1s.find((h) => want && norm(collapse(h)).length > 0 && want.includes(norm(collapse(h)))) ?? h1s[0];
  return { of: (el) => order.get(el) ?? -1, headline: headline ? order.get(headline)! : null, h1s: h1s.map((h) => order.get(h)!) };
}

/** Where a run of blocks begins and ends in document order (a loop: a huge page has too many for a spread). */
const span = (order: PageOrder, blocks: Block[]) => {
  let start = Infinity;
  let end = -Infinity;
  for (const b of blocks) {
    const at = order.of(b.container);
    if (at < start) start = at;
    if (at > end) end = at;
  }
  return { start, end };
};

/**
 * How far below the headline a reading's text begins, in elements of document order: 0 when the
 * reading holds the headline, Infinity when it begins above it or the page has no h1 (then position
 * cannot vouch for either reading).
 */
function belowHeadline(order: PageOrder, blocks: Block[]): number {
  if (blocks.length === 0 || order.headline === null) return Infinity;
  const { start, end } = span(order, blocks);
  if (start <= order.headline && order.headline <= end) return 0;
  return start > order.headline ? start - order.headline : Infinity;
}

/**
 * Whether the second reading carries on where the first stops: it begins after the first ends, with
 * no more than a heading's or a label's worth of text between them (an intro set apart from the body
 * by a page builder's panels).
 */
function continues(order: PageOrder, first: Block[], second: Block[], all: Block[]): boolean {
  if (first.length === 0 || second.length === 0) return false;
  // Comments, related stories, sidebars and footers also follow an article straight on.
  const marked = second.filter((x) => underFurniture(x.container)).reduce((n, x) => n + x.text.length, 0);
  if (marked * 2 > second.reduce((n, x) => n + x.text.length, 0)) return false;
  const a = span(order, first);
  const b = span(order, second);
  if (b.start <= a.end) return false;
  let between = 0;
  for (const x of all) {
    const at = order.of(x.container);
    if (at > a.end && at < b.start && !first.includes(x) && !second.includes(x)) between += x.text.length;
  }
  return between <= GAP_CHARS;
}

/**
 * Text that reads as one paragraph: not lines of a meta bar ("28.04.2021 - 07:18 | Quelle: dpa |
 * Lesedauer 4 min."), not an address (a run without spaces of half the text).
 */
function oneParagraph(text: string): boolean {
  const lines = text.split('\n');
  if (text.includes(' | ') || lines.length * 40 > text.length) return false;
  const longest = text.split(/\s+/).reduce((n, w) => Math.max(n, w.length), 0);
  return longest * 2 < text.length;
}

const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
/** Most of a block's words are in the summary: it says the same thing. */
function restates(text: string, summary: Set<string>): boolean {
  const words = new Set(wordsOf(text));
  let shared = 0;
  for (const w of words) if (summary.has(w)) shared++;
  return words.size > 0 && shared >= words.size * 0.7;
}

// Names of what sits between a headline and its article without being its lead: a cookie notice or
// other dialog, a no-script warning, the author's box, a disclosure.
const BESIDE_ATTR = /(^|[\s_-])(cookies?|dialogs?|modal|overlay|noscript|authors?|author-box|bio|disclosures?|disclosure-statement|login|register|paywall)([\s_-]|$)/i;

/**
 * Inside a form (a sign-up or log-in box's explanations) or an element named as furniture or as what
 * sits beside an article (a cookie dialog, the author's box), camelCase names included
 * ("imageEmbedCaption", "signupMessage___3ctJh", "idgArticleAuthor"): not the article's lead.
 */
function besideTheText(el: Element): boolean {
  for (let e: Element | null = el; e && e.name !== 'body'; e = e.parent && isTag(e.parent) ? e.parent : null) {
    if (e.name === 'form') return true;
    const named = namingAttrs(e).replace(/([a-z])([A-Z])/g, '$1-$2');
    if ((JUNK_ATTR.test(named) || BESIDE_ATTR.test(named)) && !KEEP_ATTR.test(named)) return true;
  }
  return false;
}

/** How much text that is not a lead may sit between a lead and the body (a byline, a share bar, a photo credit). */
const LEAD_GAP_CHARS = 300;
const LEAD_GAP_BLOCKS = 4;

/**
 * The lead set apart from the body between the headline and it: many sites put the first paragraph
 * in a container of its own ("lead", "chapo", a live blog's opening entry), which scores too little to
 * be chosen and is too short to widen to. A dek that restates the page's description stays out (it is
 * the page's summary, kept as its description). Walking back from the body's first
 * block towards the headline, blocks shaped like prose join it; a few short lines between (a byline,
 * a date, a share bar, a credit) are passed over; anything longer, or more of them, ends the walk.
 * Position and text shape only, no words: the same in any language.
 */
function leadBefore(order: PageOrder, all: Block[], chosen: Block[], description: string | null): Block[] {
  // The headline is the last h1 above the body (a site's name in an h1 comes first); with an h1 in
  // the body itself, the body begins at its headline and has no lead apart from it.
  const { start, end } = span(order, chosen);
  if (order.h1s.some((h) => h >= start && h <= end)) return [];
  const headline = order.h1s.filter((h) => h < start).pop();
  if (headline === undefined) return [];
  const summary = description ? new Set(wordsOf(description)) : null;
  const taken = new Set(chosen);
  const lead: Block[] = [];
  let gapChars = 0;
  let gapBlocks = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    const b = all[i]!;
    const at = order.of(b.container);
    if (at >= start || taken.has(b)) continue;
    if (at <= headline) break;
    // (Prose by shape, a heading's as well: a standfirst set as a subtitle.)
    const leadLike = proseShaped(b) && !b.listItem && oneParagraph(b.text) && !underFurniture(b.container) && !isDateline(b.text) && !besideTheText(b.container);
    if (leadLike) {
      // A dek that restates the page's own description is its summary, not the body's first paragraph.
      if (!summary || !restates(b.text, summary)) lead.unshift(b);
      continue;
    }
    gapChars += b.text.length;
    gapBlocks++;
    if (gapChars > LEAD_GAP_CHARS || gapBlocks > LEAD_GAP_BLOCKS) break;
  }
  return lead;
}

const NO_PROSE = 'no article text found: the page has no block of prose (an index, a gallery, a login or error page?)';

/** The article body as plain text (paragraphs separated by blank lines) and as safe display HTML. */
export function extractBody(dom: Document, title: string | null, description: string | null = null): BodyResult {
  // Strict first. When that gives a short body (the class names of a page builder can make the
  // article's own wrapper look like furniture), the page is read again without the class rule. That
  // second reading wins when it holds clearly more text and either the first is next to nothing or
  // the second sits nearer below the headline (comments, footers and link rails also hold more text,
  // but they come further down the page). When it carries straight on from the first, both are kept.
  const readings: { blocks: Block[]; chars: number; all: Block[] }[] = [];
  for (const strict of [true, false]) {
    const all = collectBlocks(dom, strict);
    const found = bestContainer(all);
    const these = found ? articleBlocks(all, widenRoots(articleRoots(found, all), all)) : [];
    readings.push({ blocks: these, chars: these.reduce((n, b) => n + b.text.length, 0), all });
    if (readings[0]!.chars >= SHORT_BODY) break;
  }
  const [first, second] = readings;
  let chosen = first!.blocks;
  let chosenAll = first!.all;
  let order: PageOrder | null = null;
  const orderOf = () => (order ??= pageOrder(dom, title));
  if (second && second.chars > first!.chars * LENIENT_GAIN) {
    if (first!.chars < TINY_BODY) [chosen, chosenAll] = [second.blocks, second.all];
    else if (continues(orderOf(), first!.blocks, second.blocks, second.all)) chosen = first!.blocks.concat(second.blocks);
    else if (belowHeadline(orderOf(), second.blocks) < belowHeadline(orderOf(), first!.blocks)) [chosen, chosenAll] = [second.blocks, second.all];
  }
  if (chosen.length === 0) return { text: '', html: '', reason: NO_PROSE };
  chosen = leadBefore(orderOf(), chosenAll, chosen, description).concat(chosen);
  const normTitle = title?.toLowerCase().replace(/\s+/g, ' ').trim();
  const kept = chosen.map((b) => ({ text: b.text.replace(/\n/g, ' ').replace(/ {2,}/g, ' ').trim(), block: b })).filter((x) => x.text.length > 0);
  // The page's own headline repeated at the top of the body is not body text.
  while (kept.length && normTitle && kept[0]!.text.toLowerCase() === normTitle) kept.shift();
  if (kept.length === 0) return { text: '', html: '', reason: NO_PROSE };
  return { text: kept.map((x) => x.text).join('\n\n'), html: blocksToHtml(kept), reason: null };
}
