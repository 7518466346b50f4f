import { SitrepError } from '../errors.js';
import { childElement, childElements, readXml, type XmlElement } from './xml.js';

export interface OpmlFeed {
  url: string;
  title: string | null;
  siteUrl: string | null;
  category: string | null;
}

/** Feeds listed in an OPML subscription list, with their folder as category. */
export function parseOpml(xml: string): OpmlFeed[] {
  const root = readXml(xml.trimStart(), 'OPML', 'bad_opml');
  if (root?.name !== 'opml') throw new SitrepError('bad_opml', 'not an OPML document (no <opml> element)');
  const out: OpmlFeed[] = [];
  const walk = (outlines: XmlElement[], category: string | null) => {
    for (const o of outlines) {
      const url = o.attributes.xmlUrl?.trim() || null;
      const title = o.attributes.title ?? o.attributes.text ?? null;
      if (url) out.push({ url, title, siteUrl: o.attributes.htmlUrl ?? null, category });
      walk(childElements(o, 'outline'), url ? category : (title ?? category));
    }
  };
  walk(childElements(childElement(root, 'body'), 'outline'), null);
  return out;
}

const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function buildOpml(feeds: OpmlFeed[], created: Date, title = 'Sitrep sources'): string {
  const byCategory = new Map<string, OpmlFeed[]>();
  for (const f of feeds) byCategory.set(f.category ?? '', [...(byCategory.get(f.category ?? '') ?? []), f]);
  const line = (f: OpmlFeed) => `<outline type="rss" text="${x(f.title ?? f.url)}" title="${x(f.title ?? f.url)}" xmlUrl="${x(f.url)}"${f.siteUrl ? ` htmlUrl="${x(f.siteUrl)}"` : ''}/>`;
  const body = [...byCategory.entries()]
    .map(([cat, list]) => (cat ? `<outline text="${x(cat)}" title="${x(cat)}">\n${list.map((f) => `  ${line(f)}`).join('\n')}\n</outline>` : list.map(line).join('\n')))
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>${x(title)}</title><dateCreated>${created.toUTCString()}</dateCreated></head>\n<body>\n${body}\n</body></opml>\n`;
}
