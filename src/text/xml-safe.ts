// What XML 1.0 forbids in a document: C0 controls but tab, newline and return; U+FFFE and U+FFFF;
// lone surrogates. One such character in a headline makes a whole feed unreadable to every reader,
// so it is stripped where text comes in (ingest) and again where XML goes out (feeds, sitemaps).
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const xmlSafe = (s: string): string => s.replace(XML_FORBIDDEN, '');
