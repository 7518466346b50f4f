import { SitrepError } from './errors.js';

/**
 * Where Sitrep reads "now" from. Every decision that depends on the time of day or the date (when a
 * source is due, when a session or a lock expires, a briefing's `updatedAt`, a page's Last-Modified,
 * the news sitemap's two days, "updated 2 h ago") asks the desk's one clock, so a test can fix it
 * and a replay of an archive can run as of its own dates. Durations that only time something
 * (request deadlines, the gap between two requests to a host) use the monotonic `performance.now()`,
 * which no change of the wall clock can stretch or shrink.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock that stands still at `at` (tests). */
export function fixedClock(at: Date | string): Clock {
  const ms = parseInstant(at);
  return () => new Date(ms);
}

/** A clock that starts at `at` and runs at real speed from there (a replay "as of" a date). */
export function clockStartingAt(at: Date | string): Clock {
  const ms = parseInstant(at);
  const t0 = performance.now();
  return () => new Date(ms + (performance.now() - t0));
}

/**
 * The clock the environment asks for: `SITREP_NOW=2026-11-16T08:00:00Z` runs the desk as if it were
 * that instant, its clock advancing from there (replaying an archive, reproducing a report);
 * unset, the system clock.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const at = env.SITREP_NOW?.trim();
  if (!at) return systemClock;
  try {
    return clockStartingAt(at);
  } catch {
    throw new SitrepError('bad_config', `SITREP_NOW must be an ISO 8601 instant such as 2026-11-16T08:00:00Z (got "${at}")`);
  }
}

function parseInstant(at: Date | string): number {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new SitrepError('bad_time', `not a valid instant: ${String(at)}`);
  return ms;
}

/** A clock that runs at real speed from an instant it can be moved to (a replay in rounds). */
export interface MovableClock extends Clock {
  moveTo(at: Date | string): void;
}

export function movableClock(at: Date | string): MovableClock {
  let inner = clockStartingAt(at);
  const clock = (() => inner()) as MovableClock;
  clock.moveTo = (to) => {
    inner = clockStartingAt(to);
  };
  return clock;
}
