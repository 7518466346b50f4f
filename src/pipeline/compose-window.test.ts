import { describe, expect, it } from 'vitest';
import type { ArticleHead } from '../model/index.js';
import { composeBudgetFromEnv, composeWindow, COMPOSE_MAX_BYTES, needsWindow } from './compose-window.js';

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
