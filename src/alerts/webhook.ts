import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SitrepError } from '../errors.js';
import { checkUrlAllowed, guardedLookup } from '../ingest/index.js';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, keyed by the desk's webhook secret. */
export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface WebhookOptions {
  secret: string | null;
  allowPrivate: boolean;
  /** Gives up on a receiver that has not answered by then (default 10 s). */
  timeoutMs?: number;
  /** The delivery's stable id (the same on every retry), for receivers that deduplicate. */
  deliveryId: string;
  signal?: AbortSignal;
}

/**
 * POST a JSON body to a receiver. 2xx is delivered; anything else (another status, a redirect, a
 * time-out, a refused or private address) throws with the reason, for the caller to retry later.
 * The address the socket connects to is checked, not only the name, as for feeds.
 */
export async function postWebhook(url: string, body: string, opts: WebhookOptions): Promise<number> {
  const target = new URL(url);
  checkUrlAllowed(target, opts.allowPrivate);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'Sitrep-Webhook/1',
    'x-sitrep-delivery': opts.deliveryId,
  };
  if (opts.secret) headers['x-sitrep-signature'] = signBody(body, opts.secret);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise<number>((resolve, reject) => {
    const req = send(target, { method: 'POST', headers, lookup: guardedLookup(opts.allowPrivate) as never, signal: opts.signal }, (res) => {
      // Read (and drop) at most 64 KiB of the answer, so the socket is released.
      let seen = 0;
      res.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > 65_536) res.destroy();
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(status);
        else reject(new SitrepError('webhook_failed', `webhook ${target.origin} answered ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`));
      });
      res.on('error', (err) => reject(new SitrepError('webhook_failed', `webhook ${target.origin}: ${err.message}`)));
    });
    const timer = setTimeout(() => req.destroy(new SitrepError('webhook_timeout', `webhook ${target.origin} did not answer in ${timeoutMs / 1000} s`)), timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => reject(err instanceof SitrepError ? err : new SitrepError('webhook_failed', `webhook ${target.origin}: ${err.message}`)));
    req.end(body);
  });
}
