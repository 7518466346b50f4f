import { describe, expect, it } from 'vitest';
import type { Briefing } from '../model/index.js';
import { snippetFor } from './snippet.js';

const briefing = (summary: string, timeline: string[]): Briefing =>
  ({ summary, timeline: timeline.map((text) => ({ date: '2026-01-01', text, sources: [] })), background: [], statements: [], analysis: [], conclusion: [] }) as unknown as Briefing;

describe('search snippets', () => {
  it('picks the passage with the most query words and marks word-prefix matches', () => {
    const b = briefing('Floods closed the valley road.', ['Talks on the ceasefire resumed in Port Elsin.', 'The ceasefire held overnight.']);
    expect(snippetFor('ceasefire talk')(b)).toBe('\u0002Talks\u0003 on the \u0002ceasefire\u0003 resumed in Port Elsin.');
  });

  it('matches at word starts only, and gives null when nothing matches', () => {
    const b = briefing('A cease-fire was agreed; the firefighters left.', []);
    expect(snippetFor('fire')(b)).toBe('A cease-\u0002fire\u0003 was agreed; the \u0002firefighters\u0003 left.');
    expect(snippetFor('ire')(b)).toBeNull();
    expect(snippetFor('  ')(b)).toBeNull();
  });

  it('cuts long passages around the first match', () => {
    const words = Array.from({ length: 80 }, (_, i) => `w${i}`);
    words[40] = 'needle';
    const out = snippetFor('needle', 30)(briefing(words.join(' '), []))!;
    expect(out.startsWith('… ')).toBe(true);
    expect(out.endsWith(' …')).toBe(true);
    expect(out).toContain('\u0002needle\u0003');
    expect(out.split(' ').length).toBeLessThanOrEqual(32);
  });
});
