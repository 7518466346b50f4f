import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

// Rendered pages, kept as bytes per site generation and answered with ETag/Last-Modified, 304s and
// brotli or gzip copies made once per page.

export interface CachedPage {
  body: string;
  /** The body as UTF-8, encoded once: encoding a large page per request costs more than serving it. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Compressed copies, made on the first request that accepts each encoding. */
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
  type: string;
  status: number;
  etag: string;
  lastModified: string;
  /** Whole responses for the fast path, made once per encoding: status, raw header list, body. */
  ready?: Partial<Record<Variant, Ready>>;
  /** Requests served from this copy: which pages to render first in the next generation. */
  hits?: number;
}

type Variant = 'identity' | 'br' | 'gzip' | 'notModified';

/** A response as it goes on the wire: nothing left to compute per request. */
export interface Ready {
  status: number;
  /** Header names and values in one flat list, as `writeHead` takes them. */
  headers: string[];
  body: Uint8Array<ArrayBuffer> | null;
}

/**
 * The response for a cached page on the fast path: the same answer as `answer`, with its headers (the
 * site's security headers included) put together once per page and encoding, so a request costs a
 * lookup and a write.
 */
export function readyAnswer(page: CachedPage, acceptEncoding: string | undefined, ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, fixed: Record<string, string>): Ready {
  const fresh = ifNoneMatch ? ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag) : ifModifiedSince ? Date.parse(ifModifiedSince) >= Date.parse(page.lastModified) : false;
  const variant: Variant = fresh && page.status === 200 ? 'notModified' : page.body.length > 1024 && acceptEncoding && /\bbr\b/.test(acceptEncoding) ? 'br' : page.body.length > 1024 && acceptEncoding && /\bgzip\b/.test(acceptEncoding) ? 'gzip' : 'identity';
  page.ready ??= {};
  let r = page.ready[variant];
  if (!r) {
    const a = answer(page, (name) => (name === 'if-none-match' ? ifNoneMatch : name === 'if-modified-since' ? ifModifiedSince : name === 'accept-encoding' ? acceptEncoding : undefined));
    const all: Record<string, string> = { ...fixed, ...a.headers, 'content-length': String(a.body?.byteLength ?? 0) };
    r = { status: a.status, headers: Object.entries(all).flat(), body: a.body };
    page.ready[variant] = r;
  }
  return r;
}

/** Cached pages are dropped together when their bytes (plain and compressed copies) pass this. */
export const CACHE_BYTES = Number(process.env.SITREP_PAGE_CACHE_MB ?? 64) * 2 ** 20;

/**
 * A Buffer's bytes in their own Uint8Array (a Buffer may view a shared pool). A Uint8Array body takes
 * @hono/node-server's direct path: written to the socket as is, with no Response copy.
 */
const exactBytes = (b: Buffer): Uint8Array<ArrayBuffer> =>
  // A large string's Buffer has memory of its own: viewed as it is, not copied.
  b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? new Uint8Array(b.buffer as ArrayBuffer) : new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);

// The query parameters some page reads; any other changes nothing, and must not make a new cache
// entry (a run of "?flush=N" requests would otherwise empty the cache at will).
const READ_PARAMS = new Set(['page', 'v', 'q', 'section', 'from', 'to', 'entity', 'cursor', 'limit', 'type']);

export const cacheKey = (host: string | undefined, pathAndQuery: string): string => {
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return `${host ?? ''}${pathAndQuery}`;
  const kept = new URLSearchParams(pathAndQuery.slice(q + 1));
  const params = [...kept].filter(([k]) => READ_PARAMS.has(k)).sort(([a], [b]) => a.localeCompare(b));
  return `${host ?? ''}${pathAndQuery.slice(0, q)}${params.length ? `?${new URLSearchParams(params).toString()}` : ''}`;
};

/** The response for a cached page: 304 when the client's copy is current, else the body in the best encoding the client accepts. */
export function answer(page: CachedPage, header: (name: string) => string | undefined): { status: number; headers: Record<string, string>; body: Uint8Array<ArrayBuffer> | null } {
  const headers: Record<string, string> = { 'content-type': page.type, etag: page.etag, 'last-modified': page.lastModified, 'cache-control': 'public, max-age=0, must-revalidate', vary: 'accept-encoding' };
  const inm = header('if-none-match');
  const ims = header('if-modified-since');
  const fresh = inm ? inm.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag) : ims ? Date.parse(ims) >= Date.parse(page.lastModified) : false;
  if (fresh && page.status === 200) return { status: 304, headers, body: null };
  // Pages over 1 KiB go out compressed when the client accepts it, compressed once per cached page.
  const accept = header('accept-encoding') ?? '';
  if (page.body.length > 1024 && /\bbr\b/.test(accept)) {
    page.br ??= exactBytes(brotliCompressSync(page.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }));
    return { status: page.status, headers: { ...headers, 'content-encoding': 'br' }, body: page.br };
  }
  if (page.body.length > 1024 && /\bgzip\b/.test(accept)) {
    page.gzip ??= exactBytes(gzipSync(page.body));
    return { status: page.status, headers: { ...headers, 'content-encoding': 'gzip' }, body: page.gzip };
  }
  return { status: page.status, headers, body: page.bytes };
}

/** A cache entry for a rendered body. */
export function cachedPage(body: string, type: string, status: number, lastModified: string): CachedPage {
  const bytes = exactBytes(Buffer.from(body, 'utf8'));
  return {
    body,
    bytes,
    type,
    status,
    // Hashed as the bytes already encoded: hashing the string would encode it again.
    etag: `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`,
    lastModified,
  };
}

/** Pages of one generation, dropped together when their bytes pass the budget. */
export class PageCache {
  private pages = new Map<string, CachedPage>();
  private bytes = 0;

  get(key: string): CachedPage | undefined {
    return this.pages.get(key);
  }

  /** The `n` most requested pages of this generation, most first. */
  hottest(n: number): string[] {
    return [...this.pages.entries()]
      .sort((a, b) => (b[1].hits ?? 0) - (a[1].hits ?? 0))
      .slice(0, n)
      .map(([key]) => key);
  }

  set(key: string, page: CachedPage): void {
    if (this.bytes + page.bytes.byteLength * 2 > CACHE_BYTES) {
      this.pages.clear();
      this.bytes = 0;
    }
    this.pages.set(key, page);
    // The compressed copies made later are smaller than the page: count the page twice for all three.
    this.bytes += page.bytes.byteLength * 2;
  }
}

/**
 * Rendered search results of one generation: the most recently asked queries, at most `maxEntries`
 * of them and `maxBytes` of pages, the least recently asked dropped first. A run of distinct queries
 * (a crawler, a flood) only turns this over; it never empties the page cache the stories are served from.
 */
export class RecentPages {
  private pages = new Map<string, CachedPage>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 512,
    private readonly maxBytes = 16 * 2 ** 20,
  ) {}

  get size(): number {
    return this.pages.size;
  }

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (page) {
      // Most recently asked last: a Map keeps insertion order.
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  set(key: string, page: CachedPage): void {
    const old = this.pages.get(key);
    if (old) {
      this.pages.delete(key);
      this.bytes -= old.bytes.byteLength * 2;
    }
    this.pages.set(key, page);
    this.bytes += page.bytes.byteLength * 2;
    for (const [k, p] of this.pages) {
      if (this.pages.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      if (k === key) continue;
      this.pages.delete(k);
      this.bytes -= p.bytes.byteLength * 2;
    }
  }
}
