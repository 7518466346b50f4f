// What XML 1.0 forbids in a document: C0 controls but tab, newline and return; U+FFFE and U+FFFF;
// lone surrogates. One such character in a headline makes a whole feed unreadable to every reader,
// so it is stripped where text comes in (ingest) and again where XML goes out (feeds, sitemaps).
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const xmlSafe = (s: string): string => s.replace(XML_FORBIDDEN, '');

// Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder how the text around
// them is shown: in a title or a name they can make "exe.txt" read "txt.exe". Marks (U+200E/F) stay.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Text from outside as Sitrep stores it: nothing XML forbids, no bidirectional overrides. */
export const plainText = (s: string): string => xmlSafe(s).replace(BIDI_CONTROLS, '');
