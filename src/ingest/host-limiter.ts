// Politeness per host: at most `concurrency` requests in flight to one host, and at least `delayMs`
// between the starts of two requests to it. Hosts are independent, so a thousand feeds on a hundred
// hosts still poll in parallel.

interface HostState {
  active: number;
  /** When the last request to the host started (performance.now()). */
  lastStart: number;
  /** The wait before the next start may go, while one is pending. */
  timer: NodeJS.Timeout | null;
  queue: (() => void)[];
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    readonly concurrency = 2,
    readonly delayMs = 0,
  ) {}

  async run<T>(url: string, fn: () => Promise<T>): Promise<T> {
    let host: string;
    try {
      host = new URL(url).host.toLowerCase();
    } catch {
      host = url;
    }
    let state = this.hosts.get(host);
    if (!state) this.hosts.set(host, (state = { active: 0, lastStart: -Infinity, timer: null, queue: [] }));
    const s = state;
    await new Promise<void>((resolve) => {
      s.queue.push(resolve);
      this.pump(s);
    });
    try {
      return await fn();
    } finally {
      s.active--;
      this.pump(s);
      if (s.active === 0 && s.queue.length === 0 && !s.timer && s.lastStart + this.delayMs < performance.now()) this.hosts.delete(host);
    }
  }

  /**
   * Start what may start now. The spacing is kept between the starts as they happen, not as they
   * were planned: a timer that fires late (a busy event loop) delays the next start with it, where
   * reserving slots in advance let the next request follow the late one closer than `delayMs`.
   */
  private pump(s: HostState): void {
    if (s.timer) return;
    while (s.active < this.concurrency && s.queue.length > 0) {
      const now = performance.now();
      const wait = s.lastStart + this.delayMs - now;
      if (wait > 0) {
        s.timer = setTimeout(() => {
          s.timer = null;
          this.pump(s);
        }, wait);
        return;
      }
      const resolve = s.queue.shift()!;
      s.active++;
      s.lastStart = now;
      resolve();
    }
  }
}
