import { createRequire } from 'node:module';
import { fetchUrl, USER_AGENT, type FetchOptions } from './fetcher.js';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// robots-parser is CommonJS with a default-export typing; load it plainly.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, body: string) => Robots;

interface Entry {
  robots: Robots | 'allow-all' | 'disallow-all';
  expires: number;
}

const TTL_MS = 60 * 60 * 1000;

/**
 * robots.txt per origin, cached for an hour (RFC 9309): 4xx means no rules; an unreachable or 5xx
 * robots.txt means the site asked for no crawling, so pages are not fetched (the feed's own text is kept).
 */
export class RobotsCache {
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();

  constructor(private readonly fetchOptions: FetchOptions = {}) {}

  async allowed(url: string): Promise<boolean> {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return false;
    }
    let entry = this.cache.get(origin);
    if (!entry || entry.expires < performance.now()) {
      let p = this.pending.get(origin);
      if (!p) {
        p = this.load(origin).finally(() => this.pending.delete(origin));
        this.pending.set(origin, p);
      }
      entry = await p;
      this.cache.set(origin, entry);
    }
    if (entry.robots === 'allow-all') return true;
    if (entry.robots === 'disallow-all') return false;
    return entry.robots.isAllowed(url, USER_AGENT) !== false;
  }

  private async load(origin: string): Promise<Entry> {
    const robotsUrl = `${origin}/robots.txt`;
    try {
      const doc = await fetchUrl(robotsUrl, { ...this.fetchOptions, maxBytes: 512 * 1024, totalTimeoutMs: 10_000, accept: 'text/plain' });
      return { robots: robotsParser(robotsUrl, doc.body), expires: performance.now() + TTL_MS };
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status && status >= 400 && status < 500) return { robots: 'allow-all', expires: performance.now() + TTL_MS };
      return { robots: 'disallow-all', expires: performance.now() + TTL_MS / 4 };
    }
  }
}
