import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { Tokenizer, parseDocument } from 'htmlparser2';
import { Text, isTag, isText, type AnyNode, type Document } from 'domhandler';

/** Elements whose text is raw: the tokenizer decodes no entities in them. */
const RAW_TEXT = new Set(['script', 'style', 'iframe', 'noembed', 'xmp', 'plaintext']);

const decodedText = (node: Text): string =>
  node.data.includes('&') && !(node.parent && isTag(node.parent) && RAW_TEXT.has(node.parent.name)) ? decodeHTML(node.data) : node.data;

/**
 * htmlparser2's tokenizer, skipping ahead with the string's own search. Where it waits for one
 * character (the "<" that ends a run of text, the quote that ends an attribute value, the ">" of a
 * tag, the end of a script, style or comment), the stock tokenizer tests one character at a time in
 * JavaScript; `indexOf` finds the same character natively, several times faster on long runs
 * (inline scripts and JSON are half of many pages' bytes). The index moves exactly as the stock loop
 * moves it, so the tree is the same (a test compares the two).
 */
class SkippingTokenizer extends Tokenizer {}
// The method and fields are private in the stock typings, so the override is set on the prototype.
(SkippingTokenizer.prototype as unknown as { fastForwardTo: (c: number) => boolean }).fastForwardTo = function fastForwardTo(this: { buffer: string; index: number; offset: number }, c: number): boolean {
  const at = this.buffer.indexOf(CHARS[c] ?? String.fromCharCode(c), this.index + 1 - this.offset);
  if (at >= 0) {
    this.index = at + this.offset;
    return true;
  }
  // As the stock loop leaves it: on the buffer's last character, which the parse loop steps past.
  this.index = this.buffer.length + this.offset - 1;
  return false;
};
const CHARS: string[] = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/**
 * A page parsed into a DOM in one pass of the parser and one walk of the tree:
 *
 * - Character references are decoded as the tokenizer would decode them (text, title and textarea
 *   as legacy HTML text, attribute values in attribute mode, raw-text elements left alone), but only
 *   in the strings that hold an "&": letting the tokenizer decode costs about a third of the parse
 *   on every character of every page, and most strings have no reference at all.
 * - Every element `maxDepth` levels down is replaced by its text, so that the recursive walks of
 *   extraction stay within the stack on hostile markup (100,000 nested divs). The walk here is
 *   iterative.
 */
export function parsePage(html: string, maxDepth: number): Document {
  const dom = parseDocument(html, { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true, Tokenizer: SkippingTokenizer });
  const decode = html.includes('&');
  const nodes: AnyNode[] = [];
  const depths: number[] = [];
  for (let i = dom.children.length - 1; i >= 0; i--) {
    nodes.push(dom.children[i]!);
    depths.push(1);
  }
  while (nodes.length) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (isText(node)) {
      if (decode) node.data = decodedText(node);
      continue;
    }
    if (!isTag(node)) continue;
    if (decode) {
      const attribs = node.attribs;
      for (const k in attribs) if (attribs[k]!.includes('&')) attribs[k] = decodeHTMLAttribute(attribs[k]!);
    }
    if (depth >= maxDepth) {
      const parts: string[] = [];
      const inner: AnyNode[] = [...node.children].reverse();
      while (inner.length) {
        const n = inner.pop()!;
        if (isText(n)) parts.push(decode ? decodedText(n) : n.data);
        else if (isTag(n)) for (let i = n.children.length - 1; i >= 0; i--) inner.push(n.children[i]!);
      }
      const text = new Text(parts.join(' '));
      text.parent = node;
      node.children = [text];
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      nodes.push(node.children[i]!);
      depths.push(depth + 1);
    }
  }
  return dom;
}
