import type { AnyNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { getAttributeValue } from 'domutils';

// Elements that never hold article prose.
const DROP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'button', 'input',
  'select', 'textarea', 'nav', 'footer', 'aside', 'menu', 'dialog', 'figcaption', 'object', 'embed',
  'head', 'title', 'meta', 'link', 'video', 'audio', 'picture', 'img', 'map', 'math',
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

function hiddenOrDropped(el: Element): boolean {
  if (DROP_TAGS.has(el.name)) return true;
  if (getAttributeValue(el, 'hidden') !== undefined || getAttributeValue(el, 'aria-hidden') === 'true') return true;
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(getAttributeValue(el, 'style') ?? '')) return true;
  return /^(navigation|banner|contentinfo|complementary|dialog|alert|menu|menubar|toolbar|search)$/i.test(getAttributeValue(el, 'role') ?? '');
}

/** Furniture by its class or id, unless it also says it is content; html and body are never furniture. */
function furniture(el: Element): boolean {
  if (el.name === 'body' || el.name === 'html' || el.name === 'main' || el.name === 'article' || el.name === 'a') return false;
  const a = attrs(el);
  return JUNK_ATTR.test(a) && !KEEP_ATTR.test(a);
}

interface Block {
  text: string;
  /** The nearest block-level element the text sits in. */
  container: Element;
  linkChars: number;
  heading: boolean;
  listItem: boolean;
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
  const flush = () => {
    const text = buf.join('').replace(/[ \t\r\f\v\u00a0\u200b]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{2,}/g, '\n').trim();
    if (text && owner) {
      blocks.push({ text, container: owner, linkChars: links, heading: HEADINGS.has(owner.name), listItem: owner.name === 'li' || owner.name === 'dd' });
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
      for (const c of node.children) visit(c, node);
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


function insideAny(el: Element, roots: Set<Element>): boolean {
  for (let e: AnyNode | null = el; e; e = e.parent) if (roots.has(e as Element)) return true;
  return false;
}

// Short lines that are page furniture in any article: labels of share bars, tag lists, teaser rails.
const BOILERPLATE_LINE =
  /^(advertisement|advertisements|anzeige|publicité|publicidad|text size|font size|tags?|topics?|share( this( article| story)?)?|share on \w+|related( articles| stories| posts| content| topics)?|read more|read next|more from \w+|you may (also )?like( these posts)?|recommended( for you)?|comments?|\d+ comments?|print( this( article| page))?|email( this)?|loading\.*|sign up( for [\w ]+)?|subscribe( now| today)?|follow us( on \w+)?|click here( to [\w ]+)?|see also|image|photo|credit|getty images|skip (to )?(main )?content|back to top|listen to (this )?article|\d+ min(ute)? read|copy link|link copied)\s*[:.!]?$/i;

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
  return mine.slice(start, end).filter((b) => {
    if (teasers >= 2 && teaser(b)) return false; // a rail of teasers inside the article element
    const density = b.linkChars / Math.max(1, b.text.length);
    if (density > 0.6 && !b.heading) return false; // navigation and related-link lists
    if (b.text.length < 60 && BOILERPLATE_LINE.test(b.text.trim())) return false;
    return true;
  });
}

export interface BodyResult {
  text: string;
  /** Why the text is empty, when it is. */
  reason: string | null;
}

/** The article body as plain text, paragraphs separated by blank lines. */
export function extractBody(dom: Document, title: string | null): BodyResult {
  let chosen: Block[] = [];
  // Strict first; a page whose every container looks like furniture is read again without that rule.
  for (const strict of [true, false]) {
    const blocks = collectBlocks(dom, strict);
    const found = bestContainer(blocks);
    if (!found) continue;
    chosen = articleBlocks(blocks, articleRoots(found, blocks));
    if (chosen.reduce((n, b) => n + b.text.length, 0) >= 250) break;
  }
  if (chosen.length === 0) return { text: '', reason: 'no block of prose found on the page' };
  const normTitle = title?.toLowerCase().replace(/\s+/g, ' ').trim();
  const texts = chosen.map((b) => b.text.replace(/\n/g, ' ').replace(/ {2,}/g, ' ').trim()).filter((t) => t.length > 0);
  // The page's own headline repeated at the top of the body is not body text.
  while (texts.length && normTitle && texts[0]!.toLowerCase() === normTitle) texts.shift();
  return { text: texts.join('\n\n'), reason: texts.length ? null : 'no block of prose found on the page' };
}

export function extractBodyText(dom: Document, title: string | null): string {
  return extractBody(dom, title).text;
}
