import { describe, expect, it } from 'vitest';
import { parseXml } from '@rgrove/parse-xml';
import type { Briefing } from '../model/index.js';
import { parseDocument } from 'htmlparser2';
import { findAll, textContent } from 'domutils';
import { atomFeed, jsonFeed, newsSitemap, rssFeed } from './feeds.js';

describe('feeds out', () => {
  it('stay well-formed XML when a briefing carries characters XML forbids', () => {
    const b = { storyId: 's1', version: 2, updatedAt: '2026-11-20T10:00:00Z', headline: 'Talks \u0001resume\uFFFE in Port Elsin', summary: 'A lone \uD800 surrogate and a \u000B tab.', section: ['News'], timeline: [], changes: null, sources: [], keywords: ['talks\u0007'] } as unknown as Briefing;
    const entries = [{ briefing: b, url: 'https://desk.example/stories/talks' }];
    for (const xml of [rssFeed('Desk', 'https://desk.example/', 'https://desk.example/feed.xml', entries), atomFeed('Desk', 'https://desk.example/', 'https://desk.example/atom.xml', entries), newsSitemap([{ loc: 'https://desk.example/stories/talks', title: b.headline, published: b.updatedAt, keywords: b.keywords }])]) {
      expect(() => parseXml(xml)).not.toThrow();
      expect(xml).toContain('Talks resume in Port Elsin');
    }
  });

  it('carry the entry as HTML that a feed reader can show, with no markup from the sources', () => {
    const hostile = 'Shelling <script>alert(1)</script> resumed <img src=x onerror=alert(2)> near Dravik';
    const b = {
      storyId: 's2', version: 3, updatedAt: '2026-11-22T12:00:00Z', headline: 'Talks resume', summary: hostile, section: ['News'], tags: [], keywords: [],
      timeline: [{ date: '2026-11-16', text: 'Talks open in Port Elsin.', sources: ['a'], status: 'confirmed' }, { date: '2026-11-18', text: 'A <b onclick=x()>market</b> is shelled.', sources: ['b'] }],
      changes: { sinceVersion: 2, added: ['2026-11-18: A market is shelled.'], removed: [] }, sources: [{ id: 'a' }, { id: 'b' }],
    } as unknown as Briefing;
    const entries = [{ briefing: b, url: 'https://desk.example/stories/talks' }];
    const text = (n: unknown) => textContent(n as never);
    const htmlOf = {
      rss: findAll((e) => e.name === 'content:encoded', parseDocument(rssFeed('Desk', 'https://desk.example/', 'https://desk.example/feed.xml', entries), { xmlMode: true }).children).map(text),
      atom: findAll((e) => e.name === 'content' && e.attribs.type === 'html', parseDocument(atomFeed('Desk', 'https://desk.example/', 'https://desk.example/atom.xml', entries), { xmlMode: true }).children).map(text),
      json: (JSON.parse(jsonFeed('Desk', 'https://desk.example/', 'https://desk.example/feed.json', entries)) as { items: { content_html: string }[] }).items.map((i) => i.content_html),
    };
    for (const [kind, list] of Object.entries(htmlOf)) {
      expect(list, kind).toHaveLength(1);
      const doc = parseDocument(list[0]!);
      const names = findAll(() => true, doc.children).map((e) => e.name);
      expect(names, kind).not.toContain('script');
      expect(names, kind).not.toContain('img');
      expect(findAll((e) => Object.keys(e.attribs).some((a) => a.startsWith('on')), doc.children), kind).toEqual([]);
      // The developments are a list a reader can scan, with dates as readers write them.
      expect(findAll((e) => e.name === 'li', doc.children).map((e) => textContent(e)), kind).toContain('Mon 16 Nov 2026: Talks open in Port Elsin. (confirmed)');
      expect(textContent(doc), kind).toContain('Shelling <script>alert(1)</script> resumed');
      expect(findAll((e) => e.name === 'a', doc.children)[0]?.attribs.href, kind).toBe('https://desk.example/stories/talks');
    }
  });
});
