import { describe, expect, it } from 'vitest';
import { clockFromEnv, clockStartingAt, fixedClock, movableClock, systemClock } from './clock.js';

describe('the desk clock', () => {
  it('stands still when fixed', () => {
    const clock = fixedClock('2027-02-28T23:59:59Z');
    expect(clock().toISOString()).toBe('2027-02-28T23:59:59.000Z');
    expect(clock().getTime()).toBe(clock().getTime());
  });

  it('runs at real speed from where it is started or moved', async () => {
    const clock = clockStartingAt('2028-02-29T12:00:00Z');
    const t0 = clock().getTime();
    await new Promise((r) => setTimeout(r, 20));
    const elapsed = clock().getTime() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(15);
    expect(elapsed).toBeLessThan(5_000);
    const movable = movableClock('2026-11-18T00:00:00Z');
    movable.moveTo('2026-11-23T08:00:00Z');
    expect(movable().toISOString().slice(0, 16)).toBe('2026-11-23T08:00');
  });

  it('takes SITREP_NOW from the environment, and refuses a value that is not an instant', () => {
    expect(clockFromEnv({})).toBe(systemClock);
    expect(clockFromEnv({ SITREP_NOW: '2026-03-29T01:30:00Z' })().toISOString().slice(0, 16)).toBe('2026-03-29T01:30');
    expect(() => clockFromEnv({ SITREP_NOW: 'next tuesday' })).toThrow(/SITREP_NOW must be an ISO 8601 instant/);
  });
});
