import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SitrepError } from '../errors.js';

export interface OpmlFeed {
  url: string;
  title: string | null;
  siteUrl: string | null;
  category: string | null;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'outline', htmlEntities: true });

/** Feeds listed in an OPML subscription list, with their folder as category. */
export function parseOpml(xml: string): OpmlFeed[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new SitrepError('bad_opml', `OPML is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(xml) as { opml?: { body?: { outline?: Record<string, unknown>[] } } };
  if (!doc.opml) throw new SitrepError('bad_opml', 'not an OPML document (no <opml> element)');
  const out: OpmlFeed[] = [];
  const walk = (outlines: Record<string, unknown>[] | undefined, category: string | null) => {
    for (const o of outlines ?? []) {
      const url = typeof o.xmlUrl === 'string' ? o.xmlUrl.trim() : null;
      const title = typeof o.title === 'string' ? o.title : typeof o.text === 'string' ? o.text : null;
      if (url) out.push({ url, title, siteUrl: typeof o.htmlUrl === 'string' ? o.htmlUrl : null, category });
      walk(o.outline as Record<string, unknown>[] | undefined, url ? category : (title ?? category));
    }
  };
  walk(doc.opml.body?.outline, null);
  return out;
}

const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function buildOpml(feeds: OpmlFeed[], title = 'Sitrep sources'): string {
  const byCategory = new Map<string, OpmlFeed[]>();
  for (const f of feeds) byCategory.set(f.category ?? '', [...(byCategory.get(f.category ?? '') ?? []), f]);
  const line = (f: OpmlFeed) => `<outline type="rss" text="${x(f.title ?? f.url)}" title="${x(f.title ?? f.url)}" xmlUrl="${x(f.url)}"${f.siteUrl ? ` htmlUrl="${x(f.siteUrl)}"` : ''}/>`;
  const body = [...byCategory.entries()]
    .map(([cat, list]) => (cat ? `<outline text="${x(cat)}" title="${x(cat)}">\n${list.map((f) => `  ${line(f)}`).join('\n')}\n</outline>` : list.map(line).join('\n')))
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>${x(title)}</title><dateCreated>${new Date().toUTCString()}</dateCreated></head>\n<body>\n${body}\n</body></opml>\n`;
}
