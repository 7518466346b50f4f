import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './auth.js';
import { fixedClock } from '../clock.js';

describe('LoginThrottle', () => {
  it('blocks a key at its limit, and a flood of other keys does not reset the count', () => {
    const t = new LoginThrottle(5, fixedClock('2026-03-01T10:00:00Z'), 15 * 60_000, 100);
    for (let i = 0; i < 5; i++) t.fail(['victim']);
    expect(t.blocked(['victim'])).toBe(true);
    // Fewer new keys than the bound: the victim's count stays.
    for (let i = 0; i < 99; i++) t.fail([`flood-${i}`]);
    expect(t.blocked(['victim'])).toBe(true);
    // Past the bound, the keys that failed least recently go first.
    for (let i = 0; i < 10; i++) t.fail([`more-${i}`]);
    expect(t.blocked(['victim'])).toBe(false);
    expect(t.blocked(['more-9'])).toBe(false);
  });

  it('slows a name with a delay that doubles past the limit, up to a minute', () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const t = new LoginThrottle(5, () => new Date(now));
    for (let i = 0; i < 4; i++) t.fail(['editor']);
    expect(t.wait('editor')).toBe(0);
    t.fail(['editor']);
    expect(t.wait('editor')).toBe(1000);
    now += 1000;
    expect(t.wait('editor')).toBe(0);
    t.fail(['editor']);
    expect(t.wait('editor')).toBe(2000);
    for (let i = 0; i < 10; i++) t.fail(['editor']);
    expect(t.wait('editor')).toBe(60_000);
  });
});
