import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { SitrepError } from '../errors.js';

/** The CPU niceness batch commands take by default: the site they may share a machine with comes first. */
export const DEFAULT_NICE = 10;

/**
 * Lower this process's CPU priority to SITREP_NICE (default 10; 0 leaves it as it is), for the batch
 * commands (`sitrep ingest`, `sitrep worker`): polling, analysis and composing then take the CPU the
 * site leaves, and a site on the same machine keeps answering at its own pace while they run. On
 * Linux each thread has its own niceness, and V8's and libuv's threads already run when this is
 * called, so every thread of the process is lowered (threads started later inherit it). Returns the
 * niceness now in force, or null when it was left alone or the system refused.
 */
export function lowerPriority(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.SITREP_NICE ?? String(DEFAULT_NICE);
  const nice = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || nice > 19) throw new SitrepError('bad_config', `SITREP_NICE=${raw}: give a whole number from 0 (normal priority) to 19 (lowest)`);
  if (nice === 0) return null;
  try {
    // Never raise a priority someone lowered further (nice -n 15 sitrep ingest).
    if (getPriority() >= nice) return getPriority();
    let threads: string[] = [];
    try {
      threads = readdirSync('/proc/self/task');
    } catch {
      threads = [];
    }
    for (const tid of threads) {
      try {
        setPriority(Number(tid), nice);
      } catch {
        // A thread that ended meanwhile.
      }
    }
    setPriority(nice);
    return getPriority();
  } catch {
    return null;
  }
}
