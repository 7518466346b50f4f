import { describe, expect, it } from 'vitest';
import { cacheKey } from './page-cache.js';

describe('page cache keys', () => {
  it('keep only the query parameters a page reads, in one order', () => {
    expect(cacheKey('h', '/?flush=1')).toBe(cacheKey('h', '/'));
    expect(cacheKey('h', '/search?flush=2&q=talks')).toBe(cacheKey('h', '/search?q=talks'));
    expect(cacheKey('h', '/search?section=news&q=talks')).toBe(cacheKey('h', '/search?q=talks&section=news'));
    expect(cacheKey('h', '/stories/a?v=2')).not.toBe(cacheKey('h', '/stories/a?v=1'));
    expect(cacheKey('h', '/?page=2')).not.toBe(cacheKey('h', '/'));
  });
});
