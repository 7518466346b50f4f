// A guard in front of the HTML parser. htmlparser2 keeps its open-element stack with unshift, so a
// page of N nested elements costs N² (400,000 nested <div>s, 4.4 MB, took 70 s to parse). No real
// page nests more than a few dozen deep, so markup beyond MAX_DEPTH is dropped before parsing and its
// text kept. Pages with few tags, which cannot nest deep enough to matter, are not scanned at all.

/** Elements that close themselves or are closed implicitly, so they do not deepen the nesting count. */
const NO_DEPTH = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'p', 'li', 'dt', 'dd', 'option', 'tr', 'td', 'th', '!doctype']);
const TAG = /<(\/?)([a-zA-Z!][^\s/>]*)[^>]*?(\/?)>/g;

/** Tags a page must have before its nesting is measured: below this the parser's cost stays small. */
const SCAN_ABOVE = 20_000;

export function limitNesting(html: string, maxDepth: number): string {
  let tags = 0;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) if (++tags > SCAN_ABOVE) break;
  if (tags <= SCAN_ABOVE) return html;
  const deepest = walk(html, maxDepth, null);
  if (deepest <= maxDepth) return html;
  const out: string[] = [];
  walk(html, maxDepth, out);
  return out.join('');
}

/** Track nesting over the tags; with `out`, copy the page without the tags beyond `maxDepth`. Returns the deepest level seen. */
function walk(html: string, maxDepth: number, out: string[] | null): number {
  let depth = 0;
  let deepest = 0;
  let last = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const name = m[2]!.toLowerCase();
    const closing = m[1] === '/';
    const counts = !NO_DEPTH.has(name) && m[3] !== '/';
    let keep = true;
    if (counts && closing) {
      keep = depth <= maxDepth;
      depth = Math.max(0, depth - 1);
    } else if (counts) {
      depth++;
      deepest = Math.max(deepest, depth);
      keep = depth <= maxDepth;
    }
    if (out) {
      out.push(html.slice(last, m.index));
      if (keep) out.push(m[0]);
      last = m.index + m[0].length;
    }
  }
  if (out) out.push(html.slice(last));
  return deepest;
}
