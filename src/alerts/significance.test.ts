import { describe, expect, it } from 'vitest';
import type { Briefing } from '../model/index.js';
import { DEFAULT_MIN_SCORE, matchesWatch, namesMatch, scoreUpdate, sectionPath } from './significance.js';

const source = (id: string, outlet: string) => ({ id, url: `https://${outlet.toLowerCase().replace(/\W+/g, '')}.example/${id}`, title: id, outlet, published: '2026-03-02T10:00:00Z' });

function briefing(over: Partial<Briefing> = {}): Briefing {
  return {
    id: 'st_1@1',
    storyId: 'st_1',
    version: 1,
    updatedAt: '2026-03-02T12:00:00Z',
    section: ['News', 'Conflict'],
    headline: 'Talks open in the port city',
    altHeadline: '',
    summary: 'Talks opened.',
    summarySources: ['a1'],
    origins: 1,
    background: [],
    timeline: [{ date: '2026-03-01', text: 'Delegations arrived in the port city.', sources: ['a1'] }],
    statements: [],
    analysis: [],
    conclusion: [],
    tags: [],
    keywords: [],
    metaDescription: '',
    related: [],
    products: [],
    contradictions: [],
    changes: null,
    sources: [source('a1', 'North Wire')],
    ...over,
  };
}

describe('significance of an update', () => {
  const v1 = briefing();

  it('scores a new story, and each new development', () => {
    const s = scoreUpdate(null, v1);
    expect(s.reasons).toEqual(['new story', '1 new development']);
    expect(s.score).toBe(3);
  });

  it('says nothing and scores zero for a version that adds nothing', () => {
    const same = scoreUpdate(v1, { ...v1, version: 2 });
    expect(same).toMatchObject({ score: 0, reasons: [], developments: [], statements: [] });
  });

  it('weighs a statement by a watched person above one by anybody else, and names both speakers', () => {
    const v2 = briefing({
      version: 2,
      statements: [
        { quote: 'We are ready to sign', speaker: 'Ilse Várga', role: 'foreign minister', sources: ['a2'] },
        { quote: 'The roads stay closed', speaker: 'Tomas Brandt', role: null, sources: ['a2'] },
      ],
      sources: [source('a1', 'North Wire'), source('a2', 'North Wire')],
    });
    const watched = scoreUpdate(v1, v2, ['Ilse Varga']);
    expect(watched.reasons).toContain('new statement by Ilse Várga (foreign minister)');
    expect(watched.reasons).toContain('1 new statement (also by Tomas Brandt)');
    const unwatched = scoreUpdate(v1, v2, []);
    expect(unwatched.reasons).toContain('2 new statements (by Ilse Várga, Tomas Brandt)');
    expect(watched.score).toBeGreaterThan(unwatched.score);
  });

  it('counts new outlets and origins, a jump in coverage, and new disagreements', () => {
    const v2 = briefing({
      version: 2,
      origins: 4,
      sources: [source('a1', 'North Wire'), source('a2', 'Harbor Ledger'), source('a3', 'Coastline Daily'), source('a4', 'Meridian'), source('a5', 'Meridian')],
      contradictions: [{ claim: 'people evacuated', values: [{ value: '3,000', sources: ['a2'] }, { value: '5,000', sources: ['a3'] }] }],
    });
    const s = scoreUpdate(v1, v2);
    expect(s.reasons).toContain('3 new outlets (Harbor Ledger, Coastline Daily, Meridian)');
    expect(s.reasons).toContain('coverage jumped from 1 to 5 reports');
    expect(s.reasons).toContain('sources now disagree on people evacuated: 3,000 vs 5,000');
    // 3 origins (capped at 1.5) + the jump (1.5) + the disagreement (2)
    expect(s.score).toBe(5);
    // The same disagreement in the next version is not new.
    expect(scoreUpdate(v2, { ...v2, version: 3 }).reasons).toEqual([]);
  });

  it('finds escalation and resolution words in what is new only, each stem once', () => {
    const v2 = briefing({
      version: 2,
      timeline: [
        ...v1.timeline,
        { date: '2026-03-02', text: 'Shelling hit the market; the shells killed four.', sources: ['a2'] },
        { date: '2026-03-03', text: 'Both sides agreed a prisoner exchange.', sources: ['a2'] },
      ],
    });
    const s = scoreUpdate(v1, v2);
    expect(s.reasons).toContain('escalation: shelling, killed');
    expect(s.reasons).toContain('resolution: agreed, exchange');
    expect(s.developments.map((d) => d.date)).toEqual(['2026-03-02', '2026-03-03']);
    // Words in what was already there do not count again.
    const old = briefing({ timeline: [{ date: '2026-03-01', text: 'A ceasefire was agreed.', sources: ['a1'] }] });
    expect(scoreUpdate(old, { ...old, version: 2, summary: 'ceasefire agreed' }).reasons).toEqual([]);
  });

  it('does not count another wording of a day from a report the last version had', () => {
    const v2 = briefing({ version: 2, timeline: [{ date: '2026-03-01', text: 'The delegations reached the port city on Sunday.', sources: ['a1'] }] });
    expect(scoreUpdate(v1, v2)).toMatchObject({ score: 0, reasons: [], developments: [] });
  });

  it('keeps a routine update below the default threshold', () => {
    const v2 = briefing({ version: 2, timeline: [...v1.timeline, { date: '2026-03-02', text: 'The talks went on for a second day.', sources: ['a1'] }] });
    expect(scoreUpdate(v1, v2).score).toBeLessThan(DEFAULT_MIN_SCORE);
  });
});

describe('which briefings a watchlist follows', () => {
  const b = briefing();
  const ctx = { entities: [{ name: 'Ilse Varga', aliases: ['Varga'] }, { name: 'Karvenia', aliases: [] }], queryHit: null, storyIds: null };
  const none = { entities: [], query: null, section: null, story: null };

  it('matches names without case or diacritics, and a run of a longer name', () => {
    expect(namesMatch('ilse várga', 'Ilse Varga')).toBe(true);
    expect(namesMatch('Varga', 'Ilse Varga')).toBe(true);
    expect(namesMatch('Ilse', 'Ilse Varga')).toBe(true);
    expect(namesMatch('Var', 'Ilse Varga')).toBe(false);
    expect(namesMatch('Ilse Varga Kovacs', 'Ilse Varga')).toBe(false);
  });

  it('needs every kind of criterion given, and any one of the entities', () => {
    expect(matchesWatch({ ...none, entities: ['Morland', 'Karvenia'] }, b, ctx)).toBe(true);
    expect(matchesWatch({ ...none, entities: ['Morland'] }, b, ctx)).toBe(false);
    expect(matchesWatch({ ...none, entities: ['Karvenia'], section: ['news'] }, b, ctx)).toBe(true);
    expect(matchesWatch({ ...none, entities: ['Karvenia'], section: ['News', 'Health'] }, b, ctx)).toBe(false);
    expect(matchesWatch({ ...none, query: 'ceasefire' }, b, { ...ctx, queryHit: true })).toBe(true);
    expect(matchesWatch({ ...none, query: 'ceasefire' }, b, { ...ctx, queryHit: false })).toBe(false);
    expect(matchesWatch({ ...none, story: 'st_1' }, b, { ...ctx, storyIds: new Set(['st_1']) })).toBe(true);
    expect(matchesWatch({ ...none, story: 'st_2' }, b, { ...ctx, storyIds: new Set(['st_2']) })).toBe(false);
    // A watchlist with nothing to follow follows nothing.
    expect(matchesWatch(none, b, ctx)).toBe(false);
  });

  it('reads a section path written in any of the usual ways', () => {
    expect(sectionPath('News › Conflict')).toEqual(['news', 'conflict']);
    expect(sectionPath('news/conflict')).toEqual(['news', 'conflict']);
    expect(sectionPath(['News', 'Conflict'])).toEqual(['news', 'conflict']);
  });
});
