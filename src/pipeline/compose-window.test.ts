import { describe, expect, it } from 'vitest';
import type { ArticleHead } from '../model/index.js';
import { composeBudgetFromEnv, composeUpdateCapFromEnv, composeWindow, COMPOSE_MAX_BYTES, COMPOSE_UPDATE_ARTICLES, needsWindow, updateWindow } from './compose-window.js';

const head = (n: number, bytes = 20_000): ArticleHead => ({
  id: `a${String(n).padStart(4, '0')}`,
  published: new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString(),
  fetchedAt: '2026-06-01T00:00:00Z',
  outlet: `outlet${n % 7}`,
  bytes,
});

describe('compose window', () => {
  it('reads every article of a story within both the count and the byte budget', () => {
    const heads = Array.from({ length: 50 }, (_, n) => head(n));
    expect(needsWindow(heads, 60, 2_000_000)).toBe(false);
    expect(composeWindow(heads, new Set(), 60, 2_000_000)).toEqual(heads.map((h) => h.id));
  });

  it('bounds the bytes read when a few reports are huge, and passes over them rather than the rest', () => {
    // 50 ordinary reports (1 MB together) and three transcripts of 4 MB each, under the count cap.
    const heads = Array.from({ length: 50 }, (_, n) => head(n, n === 10 || n === 20 || n === 30 ? 4_000_000 : 20_000));
    const budget = 5_000_000;
    expect(needsWindow(heads, 600, budget)).toBe(true);
    const ids = composeWindow(heads, new Set(), 600, budget);
    const bytes = ids.reduce((n, id) => n + heads.find((h) => h.id === id)!.bytes, 0);
    expect(bytes).toBeLessThanOrEqual(budget);
    // Every ordinary report still fits beside one transcript at most.
    expect(ids.filter((id) => heads.find((h) => h.id === id)!.bytes === 20_000)).toHaveLength(47);
    expect(ids.length).toBeLessThanOrEqual(48);
    expect(ids).toContain(heads[49]!.id); // the newest
    expect(ids).toContain(heads[0]!.id); // the first
    // In publication order, as the full read gives them.
    expect([...ids].sort()).toEqual(ids);
  });

  it('always reads the newest report, even one over the whole budget', () => {
    const heads = [head(0), head(1), head(2, 50_000_000)];
    const ids = composeWindow(heads, new Set(), 600, 1_000_000);
    expect(ids).toContain(heads[2]!.id);
    expect(ids).toHaveLength(1);
  });

  it('takes the budget from SITREP_COMPOSE_MAX_MB, and keeps the default for nonsense', () => {
    expect(composeBudgetFromEnv({ SITREP_COMPOSE_MAX_MB: '8' })).toBe(8 << 20);
    expect(composeBudgetFromEnv({ SITREP_COMPOSE_MAX_MB: '0' })).toBe(COMPOSE_MAX_BYTES);
    expect(composeBudgetFromEnv({ SITREP_COMPOSE_MAX_MB: 'lots' })).toBe(COMPOSE_MAX_BYTES);
    expect(composeBudgetFromEnv({})).toBe(COMPOSE_MAX_BYTES);
  });
});

describe('update window', () => {
  const story = (n: number) => Array.from({ length: n }, (_, k) => head(k));
  const ids = (heads: ArticleHead[]) => new Set(heads.map((h) => h.id));

  it('is no window for a story within the update cap, or without a last version', () => {
    const heads = story(150);
    expect(updateWindow(heads, { read: ids(heads.slice(0, 100)), cited: new Set(), composedAt: null }, 200)).toBeNull();
    expect(updateWindow(story(300), null, 200)).toBeNull();
    expect(updateWindow(story(300), { read: new Set(), cited: new Set(), composedAt: null }, 200)).toBeNull();
  });

  it('reads what is new since the last version, what it cites, and how the story began; nothing else', () => {
    const heads = story(1000);
    // The last version read a window of 600 of the first 900 reports and cites 50 of them.
    const read = ids(heads.slice(0, 900).filter((_, k) => k % 3 !== 0 || k > 850));
    const cited = new Set([...read].filter((_, k) => k % 12 === 0));
    const got = updateWindow(heads, { read, cited, composedAt: null }, 200, 600)!;
    const set = new Set(got);
    for (const h of heads.slice(900)) expect(set.has(h.id)).toBe(true); // all 100 new
    for (const id of cited) expect(set.has(id)).toBe(true);
    for (const h of heads.slice(0, 10)) expect(set.has(h.id)).toBe(true);
    expect(got.length).toBe(new Set([...heads.slice(900).map((h) => h.id), ...cited, ...heads.slice(0, 10).map((h) => h.id)]).size);
    // In publication order.
    expect([...got].sort()).toEqual(got);
  });

  it('reads the newest 40 when few are new, and a report fetched since the last version with an early date', () => {
    const heads = story(1000);
    const read = ids(heads.slice(0, 995));
    const got = new Set(updateWindow(heads, { read, cited: new Set(), composedAt: null }, 200, 600));
    for (const h of heads.slice(960)) expect(got.has(h.id)).toBe(true);
    expect(got.has(heads[959]!.id)).toBe(false);
    expect(got.size).toBe(40 + 10);
    // Dated among the story's middle weeks, fetched after the last version was composed.
    const late = { ...head(5000), published: heads[500]!.published, fetchedAt: '2026-06-02T00:00:00Z' };
    const withLate = new Set(updateWindow([...heads, late], { read, cited: new Set(), composedAt: '2026-06-01T12:00:00Z' }, 200, 600));
    expect(withLate.has(late.id)).toBe(true);
    // Without the time it was composed, it is one of the old reports.
    expect(new Set(updateWindow([...heads, late], { read, cited: new Set(), composedAt: null }, 200, 600)).has(late.id)).toBe(false);
  });

  it('keeps to the cap and the byte budget however much is new, the newest first', () => {
    const heads = story(3000);
    const read = ids(heads.slice(0, 1000));
    const cited = new Set([...read].slice(0, 200));
    const got = updateWindow(heads, { read, cited, composedAt: null }, 200, 600)!;
    expect(got.length).toBe(600);
    expect(got).toContain(heads[2999]!.id);
    const budget = 100 * 20_000;
    const small = updateWindow(heads, { read, cited, composedAt: null }, 200, 600, budget)!;
    expect(small.length).toBe(100);
    expect(small).toContain(heads[2999]!.id);
  });

  it('takes the update cap from SITREP_COMPOSE_UPDATE_ARTICLES', () => {
    expect(composeUpdateCapFromEnv({ SITREP_COMPOSE_UPDATE_ARTICLES: '500' })).toBe(500);
    expect(composeUpdateCapFromEnv({ SITREP_COMPOSE_UPDATE_ARTICLES: '3' })).toBe(COMPOSE_UPDATE_ARTICLES);
    expect(composeUpdateCapFromEnv({})).toBe(COMPOSE_UPDATE_ARTICLES);
  });
});
