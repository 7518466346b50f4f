import type { Entity } from '../model/index.js';
import { cosine, type Vec } from './vectors.js';

export interface RelatedCandidate {
  storyId: string;
  /** The story's names, most important first (only the name and kind are compared). */
  entities: Pick<Entity, 'name' | 'type'>[];
  vector: Vec;
}

export interface RelatedMatch {
  storyId: string;
  score: number;
  reason: string;
}

/** Rank other stories by shared named entities and topic words; weak matches are dropped. */
export function rankRelated(self: RelatedCandidate, others: RelatedCandidate[], max = 5): RelatedMatch[] {
  const mine = new Map(self.entities.filter((e) => e.type !== 'OTHER').map((e) => [e.name, e]));
  const out: RelatedMatch[] = [];
  for (const o of others) {
    if (o.storyId === self.storyId) continue;
    const shared = o.entities.filter((e) => e.type !== 'OTHER' && mine.has(e.name)).map((e) => e.name);
    const topic = cosine(self.vector, o.vector);
    const score = shared.length * 0.15 + topic;
    if (shared.length === 0 && topic < 0.15) continue;
    if (score < 0.2) continue;
    out.push({ storyId: o.storyId, score, reason: shared.length ? `shares ${shared.slice(0, 3).join(', ')}` : 'similar topic' });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, max);
}
