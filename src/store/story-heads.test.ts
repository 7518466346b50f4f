import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Story } from '../model/index.js';
import { openStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-heads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('storyHeadPages', () => {
  it('lists every story once, most recently updated first (ties by id), one page at a time', async () => {
    const store = await openStore({ path: join(dir, 'heads.db') });
    try {
      // Three stories updated at the same instant: a page may end inside the tie.
      const at = ['2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z', '2026-02-27T10:00:00.000Z', '2026-03-04T10:00:00.000Z'];
      const stories: Story[] = at.map((updatedAt, i) => ({ id: `s${i}`, slug: `story-${i}`, title: `Story ${i}`, articleIds: [], createdAt: '2026-02-01T00:00:00.000Z', updatedAt, status: 'active' }));
      for (const s of stories) await store.saveStory(s);
      const pages: Story[][] = [];
      for await (const page of store.storyHeadPages(3)) pages.push(page);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      const expected = [...stories].sort((a, b) => (a.updatedAt === b.updatedAt ? (a.id < b.id ? 1 : -1) : a.updatedAt < b.updatedAt ? 1 : -1)).map((s) => s.id);
      expect(pages.flat().map((s) => s.id)).toEqual(expected);
      expect(pages.flat().every((s) => s.articleIds.length === 0)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
