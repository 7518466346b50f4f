// Politeness per host: at most `concurrency` requests in flight to one host, and at least `delayMs`
// between the starts of two requests to it. Hosts are independent, so a thousand feeds on a hundred
// hosts still poll in parallel.

interface HostState {
  active: number;
  nextStart: number;
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
    if (!state) this.hosts.set(host, (state = { active: 0, nextStart: 0, queue: [] }));
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
      if (s.active === 0 && s.queue.length === 0 && s.nextStart < performance.now()) this.hosts.delete(host);
    }
  }

  private pump(s: HostState): void {
    while (s.active < this.concurrency && s.queue.length > 0) {
      const resolve = s.queue.shift()!;
      s.active++;
      const startAt = Math.max(performance.now(), s.nextStart);
      s.nextStart = startAt + this.delayMs;
      const wait = startAt - performance.now();
      if (wait > 0) setTimeout(resolve, wait);
      else resolve();
    }
  }
}
