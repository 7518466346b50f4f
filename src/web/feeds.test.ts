import { describe, expect, it } from 'vitest';
import { parseXml } from '@rgrove/parse-xml';
import type { Briefing } from '../model/index.js';
import { atomFeed, newsSitemap, rssFeed } from './feeds.js';

describe('feeds out', () => {
  it('stay well-formed XML when a briefing carries characters XML forbids', () => {
    const b = { storyId: 's1', version: 2, updatedAt: '2026-11-20T10:00:00Z', headline: 'Talks \u0001resume\uFFFE in Port Elsin', summary: 'A lone \uD800 surrogate and a \u000B tab.', section: ['News'], timeline: [], changes: null, keywords: ['talks\u0007'] } as unknown as Briefing;
    const entries = [{ briefing: b, url: 'https://desk.example/stories/talks' }];
    for (const xml of [rssFeed('Desk', 'https://desk.example/', 'https://desk.example/feed.xml', entries), atomFeed('Desk', 'https://desk.example/', 'https://desk.example/atom.xml', entries), newsSitemap([{ loc: 'https://desk.example/stories/talks', title: b.headline, published: b.updatedAt, keywords: b.keywords }])]) {
      expect(() => parseXml(xml)).not.toThrow();
      expect(xml).toContain('Talks resume in Port Elsin');
    }
  });
});
