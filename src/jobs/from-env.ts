import type { Jobs } from './index.js';

/**
 * Jobs on the Redis that REDIS_URL names (keys under SITREP_REDIS_PREFIX, default "sitrep"), or null
 * for the in-process pipeline. BullMQ and ioredis are loaded only then: ioredis defines a subclass of
 * String, which makes V8 drop its fast paths for string methods in the whole process (measured:
 * extraction 1.6x slower in any process that had merely loaded it).
 */
export async function jobsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Jobs | null> {
  if (!env.REDIS_URL) return null;
  const { Jobs } = await import('./index.js');
  return new Jobs({ redisUrl: env.REDIS_URL, prefix: env.SITREP_REDIS_PREFIX || undefined });
}
