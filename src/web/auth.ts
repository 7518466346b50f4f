import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

// scrypt at N=2^15, r=8, p=1 (OWASP's floor is 2^17 with r=8 only when memory allows; 2^15 keeps a
// login near 50 ms on a small server). The parameters travel in the hash, so they can be raised later.
const PARAMS = { N: 1 << 15, r: 8, p: 1 };
const KEYLEN = 32;

/** `scrypt$N$r$p$salt$key`, salt and key in base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { ...PARAMS, maxmem: 128 * PARAMS.N * PARAMS.r * 2 });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  const expected = Buffer.from(key, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N, r: R, p: P, maxmem: 128 * N * R * 2 });
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** A random token for a cookie or a form (256 bits, base64url). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What the store keeps of a session token: its SHA-256, so the table holds no usable cookie. */
export const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');

export function sameToken(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Failed logins per key (user name or address) in a sliding window; too many and logins wait. */
export class LoginThrottle {
  private failures = new Map<string, number[]>();
  constructor(
    private readonly max = 5,
    private readonly clock: Clock = systemClock,
    private readonly windowMs = 15 * 60_000,
    /** Keys kept at most; past it the key failed least recently goes (a flood cannot reset the counts). */
    private readonly maxKeys = 10_000,
  ) {}

  /**
   * Milliseconds a key must still wait: none below `max` failures, then a delay after the latest
   * one that doubles with each failure more (1 s, 2 s, 4 s … up to a minute). A delay, not a block:
   * the right password from elsewhere gets through once it has passed.
   */
  wait(key: string, now = this.clock().getTime()): number {
    const recent = this.recent(key, now);
    if (recent.length < this.max) return 0;
    const delay = Math.min(60_000, 1000 * 2 ** (recent.length - this.max));
    return Math.max(0, recent[recent.length - 1]! + delay - now);
  }

  blocked(keys: string[], now = this.clock().getTime()): boolean {
    return keys.some((k) => this.recent(k, now).length >= this.max);
  }

  fail(keys: string[], now = this.clock().getTime()): void {
    for (const k of keys) {
      const list = [...this.recent(k, now), now];
      // Re-inserted, so the map's order is the order keys last failed in.
      this.failures.delete(k);
      this.failures.set(k, list);
    }
    for (const oldest of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(oldest);
    }
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.failures.delete(k);
  }

  /** Take back the latest failure counted for each key (an attempt that turned out right). */
  forgive(keys: string[]): void {
    for (const k of keys) this.failures.get(k)?.pop();
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}
