import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { FetchedDoc } from '../model/index.js';
import { SitrepError } from '../errors.js';
import { systemClock, type Clock } from '../clock.js';
import { checkUrlAllowed, guardedLookup } from './address-guard.js';
import { decodeBody } from './charset.js';

export interface FetchOptions {
  /** Let requests reach loopback and private addresses (tests, the demo, intranet feeds). */
  allowPrivate?: boolean;
  /** Time allowed to connect and receive headers. */
  connectTimeoutMs?: number;
  /** Time allowed for the whole exchange, body included. */
  totalTimeoutMs?: number;
  /** Cap on the decoded body size; a bigger body is an error, not a truncated success. */
  maxBytes?: number;
  maxRedirects?: number;
  etag?: string | null;
  lastModified?: string | null;
  userAgent?: string;
  accept?: string;
  /** Stamps the document's `fetchedAt` (default the system clock; a poll passes the desk's). */
  clock?: Clock;
  /** Abandon the request once aborted (a service shutting down). */
  signal?: AbortSignal;
}

export const USER_AGENT = 'Sitrep/0.1 (+https://github.com/sitrep; self-hosted news desk)';

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
};

export function allowPrivateFromEnv(): boolean {
  return process.env.SITREP_ALLOW_PRIVATE === '1' || process.env.SITREP_ALLOW_PRIVATE === 'true';
}

/**
 * GET a URL with the limits a crawler of other people's servers needs: bounded redirects, timeouts
 * for connect and whole body, a cap on decompressed size (so a gzip bomb stops early), conditional
 * GET, and the SSRF guard. Resolves 304 as a FetchedDoc with status 304 and an empty body.
 */
export async function fetchUrl(rawUrl: string, options: FetchOptions = {}): Promise<FetchedDoc> {
  const opts = { ...DEFAULTS, ...options };
  const allowPrivate = opts.allowPrivate ?? allowPrivateFromEnv();
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new SitrepError('bad_url', `not a valid URL: ${rawUrl}`);
  }
  // Deadlines are durations: measured on the monotonic clock, which a change of the wall clock cannot move.
  const deadline = performance.now() + opts.totalTimeoutMs;
  const seen = new Set<string>();
  for (let hop = 0; ; hop++) {
    checkUrlAllowed(url, allowPrivate);
    if (seen.has(url.href)) throw new SitrepError('redirect_loop', `redirect loop at ${url.href}`);
    seen.add(url.href);
    const res = await requestOnce(url, opts, allowPrivate, deadline);
    if (res.redirect) {
      if (hop >= opts.maxRedirects) {
        throw new SitrepError('too_many_redirects', `more than ${opts.maxRedirects} redirects from ${rawUrl}`);
      }
      url = new URL(res.redirect, url);
      continue;
    }
    return { ...res.doc, url: rawUrl };
  }
}

interface OnceResult {
  redirect?: string;
  doc: FetchedDoc;
}

function requestOnce(
  url: URL,
  opts: FetchOptions & typeof DEFAULTS,
  allowPrivate: boolean,
  deadline: number,
): Promise<OnceResult> {
  // The abort listener goes when the request settles, so a desk running for months does not collect one per fetch.
  let onAbort: (() => void) | null = null;
  const once = new Promise<OnceResult>((resolve, reject) => {
    const headers: Record<string, string> = {
      'user-agent': opts.userAgent ?? USER_AGENT,
      accept: opts.accept ?? '*/*',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (opts.etag) headers['if-none-match'] = opts.etag;
    if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
    const lib = url.protocol === 'https:' ? https : http;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      req.destroy();
      reject(err);
    };
    const remaining = Math.max(1, deadline - performance.now());
    const totalTimer = setTimeout(
      () => fail(new SitrepError('timeout', `timed out after ${opts.totalTimeoutMs} ms fetching ${url.href}`)),
      remaining,
    );
    if (opts.signal) {
      onAbort = () => fail(new SitrepError('stopped', `stopped before ${url.href} was fetched`));
      if (opts.signal.aborted) queueMicrotask(onAbort);
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    }
    const req = lib.request(
      url,
      { method: 'GET', headers, lookup: guardedLookup(allowPrivate) as never, timeout: opts.connectTimeoutMs },
      (res) => {
        req.setTimeout(0);
        const status = res.statusCode ?? 0;
        const header = (name: string) => {
          const v = res.headers[name];
          return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
        };
        const base: FetchedDoc = {
          url: url.href,
          finalUrl: url.href,
          status,
          contentType: header('content-type'),
          etag: header('etag'),
          lastModified: header('last-modified'),
          maxAge: (() => {
            const m = /max-age\s*=\s*(\d+)/i.exec(header('cache-control') ?? '');
            return m ? Number(m[1]) : null;
          })(),
          body: '',
          fetchedAt: (opts.clock ?? systemClock)().toISOString(),
        };
        if (status >= 300 && status < 400 && status !== 304 && res.headers.location) {
          res.resume();
          settled = true;
          clearTimeout(totalTimer);
          return resolve({ redirect: res.headers.location, doc: base });
        }
        if (status === 304) {
          res.resume();
          settled = true;
          clearTimeout(totalTimer);
          return resolve({ doc: base });
        }
        if (status >= 400) {
          res.resume();
          const retryAfter = header('retry-after');
          const err = new SitrepError('http_status', `HTTP ${status} from ${url.href}`) as SitrepError & {
            status?: number;
            retryAfter?: string | null;
          };
          err.status = status;
          err.retryAfter = retryAfter;
          return fail(err);
        }
        let stream: NodeJS.ReadableStream = res;
        const encoding = (header('content-encoding') ?? '').toLowerCase().trim();
        if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(zlib.createGunzip());
        else if (encoding === 'deflate') stream = res.pipe(zlib.createInflate());
        else if (encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
            res.destroy();
            fail(new SitrepError('too_large', `response from ${url.href} is larger than ${opts.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        stream.on('error', (err: Error) =>
          fail(new SitrepError('bad_body', `could not read the body of ${url.href}: ${err.message}`, { cause: err })),
        );
        stream.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(totalTimer);
          const buf = Buffer.concat(chunks);
          resolve({ doc: { ...base, body: decodeBody(buf, base.contentType) } });
        });
      },
    );
    req.on('timeout', () =>
      fail(new SitrepError('timeout', `no response within ${opts.connectTimeoutMs} ms from ${url.href}`)),
    );
    req.on('error', (err) => {
      if (err instanceof SitrepError) return fail(err);
      fail(new SitrepError('network', `could not fetch ${url.href}: ${err.message}`, { cause: err }));
    });
    req.end();
  });
  return opts.signal ? once.finally(() => onAbort && opts.signal!.removeEventListener('abort', onAbort)) : once;
}
