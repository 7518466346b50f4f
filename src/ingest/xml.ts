// XML documents (feeds, OPML) are read with @rgrove/parse-xml: a strict XML 1.0 parser (a document
// that is not well-formed is an error, with its line and column) that builds a small element tree in
// one pass and expands no entity a document declares itself, so no entity-expansion bomb. HTML's named
// entities (&nbsp;, &eacute; …), which feeds use without declaring them, are read as HTML reads them.
import { XmlElement, XmlError, parseXml } from '@rgrove/parse-xml';
import { decodeHTML } from 'entities';
import { SitrepError } from '../errors.js';

export { XmlElement };

/** An HTML named entity the document did not declare, as its character(s); others stay an error. */
function htmlEntity(ref: string): string | null {
  const decoded = decodeHTML(ref);
  return decoded === ref ? null : decoded;
}

/**
 * The root element of an XML document. Throws a SitrepError with `code` and a message that says what
 * is wrong and where; `lenient` leaves undefined entities as they are written instead.
 */
export function readXml(xml: string, what: string, code: string, lenient = false): XmlElement | null {
  try {
    return parseXml(xml, { resolveUndefinedEntity: htmlEntity, ignoreUndefinedEntities: lenient }).root;
  } catch (err) {
    if (err instanceof XmlError) {
      const reason = err.message.split('\n')[0]!.replace(/ \(line \d+, column \d+\)$/, '');
      throw new SitrepError(code, `${what} is not well-formed XML: ${reason} (line ${err.line}, column ${err.column})`);
    }
    // Deeper than the parser's stack allows: no real document nests this far, hostile ones do.
    if (err instanceof RangeError) throw new SitrepError(code, `${what} is not well-formed XML: nested too deeply to read`);
    throw err;
  }
}

/** The element's child elements with this name (names as written, prefix included: "dc:creator"). */
export function childElements(el: XmlElement | null | undefined, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  if (el) for (const c of el.children) if (c instanceof XmlElement && c.name === name) out.push(c);
  return out;
}

export function childElement(el: XmlElement | null | undefined, name: string): XmlElement | undefined {
  if (el) for (const c of el.children) if (c instanceof XmlElement && c.name === name) return c;
  return undefined;
}
