import { describe, expect, it } from 'vitest';
import { RecentPages, cacheKey, cachedPage } from './page-cache.js';

describe('page cache keys', () => {
  it('keep only the query parameters a page reads, in one order', () => {
    expect(cacheKey('h', '/?flush=1')).toBe(cacheKey('h', '/'));
    expect(cacheKey('h', '/search?flush=2&q=talks')).toBe(cacheKey('h', '/search?q=talks'));
    expect(cacheKey('h', '/search?section=news&q=talks')).toBe(cacheKey('h', '/search?q=talks&section=news'));
    expect(cacheKey('h', '/stories/a?v=2')).not.toBe(cacheKey('h', '/stories/a?v=1'));
    expect(cacheKey('h', '/?page=2')).not.toBe(cacheKey('h', '/'));
  });
});

describe('recent search results', () => {
  const page = (n: number, size = 10) => cachedPage('x'.repeat(size) + n, 'text/html', 200, 'Mon, 07 Dec 2026 00:00:00 GMT');

  it('keep the most recently asked, dropping the least recently asked first', () => {
    const recent = new RecentPages(3);
    for (const n of [1, 2, 3]) recent.set(`q${n}`, page(n));
    expect(recent.get('q1')?.body).toBe('xxxxxxxxxx1'); // asked again: now the most recent
    recent.set('q4', page(4));
    expect(recent.size).toBe(3);
    expect(recent.get('q2')).toBeUndefined();
    expect(recent.get('q1')).toBeDefined();
    expect(recent.get('q3')).toBeDefined();
    expect(recent.get('q4')).toBeDefined();
  });

  it('stay within their byte budget, whatever the number of queries', () => {
    const recent = new RecentPages(1000, 10_000);
    for (let n = 0; n < 100; n++) recent.set(`q${n}`, page(n, 1000));
    // Each page counts twice (its compressed copies): five fit in 10,000 bytes.
    expect(recent.size).toBeLessThanOrEqual(5);
    expect(recent.get('q99')).toBeDefined();
    expect(recent.get('q0')).toBeUndefined();
  });
});
