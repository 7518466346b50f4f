import { describe, expect, it } from 'vitest';
import { changeLine, distinctRoles, shownStatus, statesFigure } from './pages.js';

describe('entity roles', () => {
  it('shows one role once, in its most specific wording', () => {
    expect(distinctRoles(['Karvenian Foreign Minister', 'Foreign Minister', "Karvenia's foreign minister"])).toEqual(['Karvenian Foreign Minister']);
    expect(distinctRoles(['Prime Minister', 'prime minister', 'chief negotiator'])).toEqual(['Prime Minister', 'chief negotiator']);
  });
  it('keeps different roles of one person apart', () => {
    expect(distinctRoles(['Foreign Minister', 'Deputy Prime Minister'])).toEqual(['Foreign Minister', 'Deputy Prime Minister']);
    expect(distinctRoles(['head of the agency', "the agency's spokesperson"])).toEqual(['head of the agency', "the agency's spokesperson"]);
  });
});

describe('claim labels on the page', () => {
  it('tells figures from dates and years', () => {
    expect(statesFigure('About 40,000 homes were without power.')).toBe(true);
    expect(statesFigure('Thousands fled the town.')).toBe(true);
    expect(statesFigure('The talks opened on November 16, 2026.')).toBe(false);
    expect(statesFigure('The last flood, in 2019, was smaller.')).toBe(false);
    expect(statesFigure('Talks resumed on 22 November in Port Elsin.')).toBe(false);
  });
  it('shows confirmed and disputed, and single source only on a figure in a story others cover', () => {
    expect(shownStatus({ status: 'confirmed', text: 'Talks resumed.' }, 3)).toBe('confirmed');
    expect(shownStatus({ status: 'disputed', text: 'Talks resumed.' }, 3)).toBe('disputed');
    expect(shownStatus({ status: 'single-source', text: 'Talks resumed.' }, 3)).toBeNull();
    expect(shownStatus({ status: 'single-source', text: 'Five people died.' }, 1)).toBeNull();
    expect(shownStatus({ status: 'single-source', text: '3,000 people were evacuated.' }, 3)).toBe('single-source');
  });
  it('sums up a new version in one line', () => {
    expect(changeLine({ sinceVersion: 1, added: ['a', 'b', 'c'], removed: ['d'], newDevelopments: 2, newStatements: 1 })).toBe('2 new developments, 1 new statement');
    expect(changeLine({ sinceVersion: 1, added: ['a'], removed: ['b'] })).toBe('2 changes');
    expect(changeLine({ sinceVersion: 1, added: [], removed: [] })).toBeNull();
  });
});
