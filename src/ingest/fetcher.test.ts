import zlib from 'node:zlib';
import { listenLocal, type LocalServer } from '../../test/local-server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl } from './fetcher.js';
import { isPublicAddress } from './address-guard.js';

let local: LocalServer;
let base: string;

beforeAll(async () => {
  local = await listenLocal((req, res) => {
    const path = req.url ?? '/';
    if (path === '/plain') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', etag: '"v1"' });
      return res.end('héllo');
    }
    if (path === '/conditional') {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304);
        return res.end();
      }
      res.writeHead(200, { etag: '"v1"' });
      return res.end('fresh');
    }
    if (path === '/gzip') {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
      return res.end(zlib.gzipSync('compressed body'));
    }
    if (path === '/bomb') {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      return res.end(zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024)));
    }
    if (path === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(Buffer.alloc(2 * 1024 * 1024, 97));
    }
    if (path === '/endless') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024, 98)), 1);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (path === '/drip') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 200);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (path === '/loop-a') {
      res.writeHead(302, { location: '/loop-b' });
      return res.end();
    }
    if (path === '/loop-b') {
      res.writeHead(302, { location: '/loop-a' });
      return res.end();
    }
    if (path === '/redirect') {
      res.writeHead(301, { location: '/plain' });
      return res.end();
    }
    if (path === '/cp1251') {
      res.writeHead(200, { 'content-type': 'text/html; charset=windows-1251' });
      // "Привет" in windows-1251
      return res.end(Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]));
    }
    if (path === '/meta-charset') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(Buffer.concat([Buffer.from('<html><head><meta charset="windows-1251"></head><body>'), Buffer.from([0xcf, 0xf0, 0xe8]), Buffer.from('</body></html>')]));
    }
    if (path === '/429') {
      res.writeHead(429, { 'retry-after': '120' });
      return res.end();
    }
    res.writeHead(404);
    res.end();
  });
  base = local.base;
});

afterAll(async () => {
  await local.close();
});

const allow = { allowPrivate: true };

describe('fetchUrl against a real local server', () => {
  it('fetches and decodes a body, keeping validators', async () => {
    const doc = await fetchUrl(`${base}/plain`, allow);
    expect(doc.status).toBe(200);
    expect(doc.body).toBe('héllo');
    expect(doc.etag).toBe('"v1"');
  });

  it('sends conditional headers and reports 304 with an empty body', async () => {
    const doc = await fetchUrl(`${base}/conditional`, { ...allow, etag: '"v1"' });
    expect(doc.status).toBe(304);
    expect(doc.body).toBe('');
  });

  it('decompresses gzip', async () => {
    expect((await fetchUrl(`${base}/gzip`, allow)).body).toBe('compressed body');
  });

  it('stops a gzip bomb at the size cap', async () => {
    await expect(fetchUrl(`${base}/bomb`, { ...allow, maxBytes: 1024 * 1024 })).rejects.toThrow(/larger than 1048576 bytes/);
  });

  it('refuses a body over the cap and an endless body', async () => {
    await expect(fetchUrl(`${base}/big`, { ...allow, maxBytes: 1024 * 1024 })).rejects.toThrow(/larger than/);
    await expect(fetchUrl(`${base}/endless`, { ...allow, maxBytes: 1024 * 1024 })).rejects.toThrow(/larger than/);
  });

  it('gives up on a slow drip at the total timeout', async () => {
    await expect(fetchUrl(`${base}/drip`, { ...allow, totalTimeoutMs: 800 })).rejects.toThrow(/timed out after 800 ms/);
  });

  it('follows redirects and detects loops', async () => {
    const doc = await fetchUrl(`${base}/redirect`, allow);
    expect(doc.finalUrl).toBe(`${base}/plain`);
    expect(doc.body).toBe('héllo');
    await expect(fetchUrl(`${base}/loop-a`, allow)).rejects.toThrow(/redirect loop/);
  });

  it('decodes windows-1251 from the header and from <meta charset>', async () => {
    expect((await fetchUrl(`${base}/cp1251`, allow)).body).toBe('Привет');
    expect((await fetchUrl(`${base}/meta-charset`, allow)).body).toContain('При');
  });

  it('reports HTTP errors with Retry-After', async () => {
    const err = (await fetchUrl(`${base}/429`, allow).catch((e: unknown) => e)) as { message: string; retryAfter?: string };
    expect(err.message).toMatch(/HTTP 429/);
    expect(err.retryAfter).toBe('120');
  });

  it('refuses loopback and private addresses unless allowed', async () => {
    await expect(fetchUrl(`${base}/plain`, { allowPrivate: false })).rejects.toThrow(/SITREP_ALLOW_PRIVATE/);
    await expect(fetchUrl('http://localhost:1/', { allowPrivate: false })).rejects.toThrow(/loopback/);
    await expect(fetchUrl('http://169.254.169.254/latest/meta-data', { allowPrivate: false })).rejects.toThrow(/private, loopback or link-local/);
    await expect(fetchUrl('file:///etc/passwd', { allowPrivate: true })).rejects.toThrow(/only http and https/);
    expect(isPublicAddress('10.1.2.3')).toBe(false);
    expect(isPublicAddress('::ffff:127.0.0.1')).toBe(false);
    expect(isPublicAddress('93.184.216.34')).toBe(true);
  });
});
