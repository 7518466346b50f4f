import type { AudienceProfile, Product, ShelfItem } from '../model/index.js';
import { escapeRe } from '../text/regexp.js';

export interface ShelfContext {
  tags: string[];
  keywords: string[];
  text: string;
  audience: AudienceProfile;
}

/**
 * At most three catalogue items whose tags the story is about, best match first. A product must
 * match the story's own words; the audience profile only breaks ties. No match, no shelf.
 */
export function pickProducts(catalogue: Product[], ctx: ShelfContext, max = 3): ShelfItem[] {
  const lower = ctx.text.toLowerCase();
  const storyTerms = new Set([...ctx.tags, ...ctx.keywords].map((t) => t.toLowerCase()));
  const concernTerms = new Set(ctx.audience.concerns.flatMap((c) => c.terms));
  const scored = catalogue
    .map((p) => {
      let score = 0;
      for (const tag of p.tags.map((t) => t.toLowerCase())) {
        const hits = lower.split(new RegExp(`\\b${escapeRe(tag)}\\b`)).length - 1;
        if (hits > 0) score += Math.min(hits, 5) + (storyTerms.has(tag) ? 2 : 0) + (concernTerms.has(tag) ? 0.5 : 0);
      }
      return { p, score };
    })
    .filter((x) => x.score >= 2)
    .sort((a, b) => b.score - a.score);
  return scored.slice(0, max).map(({ p }) => ({ id: p.id, name: p.name, blurb: p.blurb, url: p.url, sponsored: true }));
}
