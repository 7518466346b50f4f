import { describe, expect, it } from 'vitest';
import { claimStatus, originGroups, wireCredit } from './origins.js';

const wire =
  'KYIV (AP) — Negotiators agreed on Tuesday to exchange 1,000 prisoners before the weekend, officials said, after two days of talks in the port city that both delegations called difficult but useful. The exchange would be the largest since the war began, and monitors from the council would observe it at the border crossing.';
const other =
  'The two delegations left the talks with a plan for the largest prisoner swap so far. Officials in the capital gave no number but said buses were being readied near the crossing, and families gathered outside the ministry hoping for names.';

const art = (id: string, outlet: string, text: string, byline: string | null = null) => ({ id, url: `https://${outlet.toLowerCase().replace(/\s+/g, '')}.example/${id}`, outlet, byline, text });

describe('independent origins', () => {
  it('reads wire credits from the byline or dateline', () => {
    expect(wireCredit({ byline: null, text: wire })).toBe('Associated Press');
    expect(wireCredit({ byline: 'By Reuters staff', text: other })).toBe('Reuters');
    expect(wireCredit({ byline: null, text: 'Apple shares rose as the map app launched.' })).toBeNull();
  });

  it('counts a wire story reprinted by several outlets once, and independent reporting apart', () => {
    const groups = originGroups([
      art('a', 'Daily One', wire),
      art('b', 'Daily Two', wire.replace('KYIV (AP) — ', 'KYIV (AP) - ')),
      art('c', 'Daily Three', `${wire} Daily Three contributed reporting.`),
      art('d', 'Courier', other),
      art('e', 'Courier', `${other} More follows.`),
    ]);
    expect(new Set([groups.get('a'), groups.get('b'), groups.get('c')]).size).toBe(1);
    expect(groups.get('d')).toBe(groups.get('e'));
    expect(groups.get('a')).not.toBe(groups.get('d'));
  });

  it('treats articles with no outlet or host as separate origins', () => {
    const groups = originGroups([
      { id: 'f1', url: 'file:2026-01-01/a.txt', outlet: null, text: other },
      { id: 'f2', url: 'file:2026-01-02/b.txt', outlet: null, text: 'A different report about the crossing, written from the other side of the border by a local reporter with no wire copy in it at all.' },
    ]);
    expect(groups.get('f1')).not.toBe(groups.get('f2'));
  });

  it('folds an uncredited near-copy into the origin it copies', () => {
    const groups = originGroups([art('a', 'Daily One', wire), art('x', 'Aggregator', wire.replace('KYIV (AP) — ', '').replace('Tuesday', 'Tuesday,'))]);
    expect(groups.get('x')).toBe(groups.get('a'));
  });

  it('labels claims confirmed, single-source or disputed', () => {
    const origins = new Map([
      ['a', 'o1'],
      ['b', 'o1'],
      ['d', 'o2'],
    ]);
    const none = [] as never[];
    expect(claimStatus('Talks resumed.', ['a', 'd'], origins, none)).toEqual({ status: 'confirmed', origins: 2 });
    expect(claimStatus('Talks resumed.', ['a', 'b'], origins, none)).toEqual({ status: 'single-source', origins: 1 });
    const dispute = [{ claim: 'number of prisoners', values: [{ value: '1,000', sources: ['a'] }, { value: '1,200', sources: ['d'] }] }];
    expect(claimStatus('They will swap 1,000 prisoners.', ['a', 'd'], origins, dispute).status).toBe('disputed');
    // The number must be the disputed one, not a longer number that contains it.
    expect(claimStatus('They will swap 11,000 prisoners.', ['a', 'd'], origins, dispute).status).toBe('confirmed');
  });
});
