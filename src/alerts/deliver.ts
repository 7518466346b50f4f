import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { SitrepError, errorMessage } from '../errors.js';
import type { Store } from '../store/index.js';
import { emailMessage, webhookBody } from './messages.js';
import { AlertStore, type Channel } from './store.js';
import { postWebhook } from './webhook.js';

export interface DeliveryOptions {
  /** The site's public address, for the links in alerts (SITREP_BASE_URL). */
  baseUrl: string;
  /** SITREP_WEBHOOK_SECRET: the HMAC key of X-Sitrep-Signature (unset: webhooks are not signed). */
  webhookSecret: string | null;
  /** SITREP_SMTP_URL, e.g. smtp://user:pass@mail.example:587 (unset: email deliveries wait, with a reason). */
  smtpUrl: string | null;
  /** The From of alert emails (SITREP_SMTP_FROM). */
  from?: string;
  /** Lets webhooks reach loopback and private addresses (SITREP_ALLOW_PRIVATE=1). */
  allowPrivate: boolean;
  /** At most one message per watchlist and channel this often; what comes between goes in one digest (default 5 minutes). */
  minIntervalMs?: number;
  /** Alerts in one digest at most (default 20); the rest go in the next. */
  maxPerMessage?: number;
  /** A receiver's time to answer (default 10 s). */
  timeoutMs?: number;
  /** Tries before a delivery is given up (default 12: about 17 hours of backoff). */
  maxAttempts?: number;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
}

export interface DeliveryReport {
  /** Messages that went out (a digest counts once). */
  messages: number;
  /** Alerts in them. */
  alerts: number;
  /** Messages that failed this time (retried later unless given up). */
  failed: number;
  /** Groups held back by the rate limit, to go out as a digest once it allows. */
  held: number;
}

/** The options the environment gives (SITREP_BASE_URL, SITREP_WEBHOOK_SECRET, SITREP_SMTP_URL, …). */
export function deliveryOptionsFromEnv(env: NodeJS.ProcessEnv = process.env, fallbackBase = `http://127.0.0.1:${env.PORT ?? 8080}`): DeliveryOptions {
  const interval = env.SITREP_ALERT_INTERVAL ? Number(env.SITREP_ALERT_INTERVAL) : 300;
  if (!Number.isFinite(interval) || interval < 0) throw new SitrepError('bad_config', `SITREP_ALERT_INTERVAL must be a number of seconds (got "${env.SITREP_ALERT_INTERVAL}")`);
  return {
    baseUrl: (env.SITREP_BASE_URL?.replace(/\/+$/, '') || fallbackBase),
    webhookSecret: env.SITREP_WEBHOOK_SECRET || null,
    smtpUrl: env.SITREP_SMTP_URL || null,
    from: env.SITREP_SMTP_FROM || undefined,
    allowPrivate: env.SITREP_ALLOW_PRIVATE === '1',
    minIntervalMs: interval * 1000,
  };
}

/** Wait before try n+1: 30 s, 1, 2, 4 … minutes, at most an hour, with a little jitter so receivers coming back are not hit at once. */
export function backoffMs(attempts: number): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (0.9 + Math.random() * 0.2));
}

/**
 * Send what is due: for each watchlist and channel with pending deliveries whose rate limit allows,
 * claim them (up to a digest's worth), send one message, and mark them sent, or failed with the next
 * try's time. A watchlist's message goes out at most once per interval; alerts raised meanwhile wait
 * and go out together as one digest.
 */
export async function deliverAlerts(store: Store, opts: DeliveryOptions): Promise<DeliveryReport> {
  const alerts = new AlertStore(store);
  const report: DeliveryReport = { messages: 0, alerts: 0, failed: 0, held: 0 };
  const groups = await alerts.dueGroups();
  if (!groups.length) return report;
  const minInterval = opts.minIntervalMs ?? 300_000;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let mailer: Transporter | null = null;
  try {
    for (const g of groups) {
      if (opts.signal?.aborted) break;
      const now = store.clock().getTime();
      const last = await alerts.lastSent(g.watchId, g.channel);
      if (last && now - Date.parse(last) < minInterval) {
        report.held++;
        continue;
      }
      const watch = await alerts.getWatch(g.watchId);
      if (!watch) continue;
      // The lease outlasts a send's time-out; a sender that dies holding it leaves the deliveries to
      // whoever comes after it runs out.
      const { token, rows } = await alerts.claim(g.watchId, g.channel, new Date(now + timeoutMs * 3 + 30_000).toISOString(), opts.maxPerMessage ?? 20);
      if (!rows.length) continue;
      const batch = alertBatchId(g.channel, rows.map((r) => r.id));
      const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
      try {
        await send(g.channel);
        await alerts.markSent(token, batch);
        report.messages++;
        report.alerts += rows.length;
      } catch (err) {
        const giveUp = attempts >= (opts.maxAttempts ?? 12);
        const retryAt = giveUp ? null : new Date(store.clock().getTime() + backoffMs(attempts)).toISOString();
        await alerts.markFailed(token, errorMessage(err), retryAt);
        report.failed++;
        opts.onWarning?.(`alerts: ${g.channel} for watchlist ${watch.id} (${watch.name}) failed (try ${attempts}): ${errorMessage(err)}${giveUp ? '; given up' : `; next try at ${retryAt}`}`);
      }

      async function send(channel: Channel): Promise<void> {
        const list = rows.map((r) => r.alert);
        if (channel === 'webhook') {
          if (!watch!.webhook) throw new SitrepError('no_channel', 'the watchlist has no webhook any more');
          await postWebhook(watch!.webhook, webhookBody(watch!, list, opts.baseUrl), { secret: opts.webhookSecret, allowPrivate: opts.allowPrivate, timeoutMs, deliveryId: batch, signal: opts.signal });
        } else {
          if (!watch!.email) throw new SitrepError('no_channel', 'the watchlist has no email address any more');
          if (!opts.smtpUrl) throw new SitrepError('no_smtp', 'email alerts need SITREP_SMTP_URL');
          mailer ??= nodemailer.createTransport(opts.smtpUrl, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
          const m = emailMessage(watch!, list, opts.baseUrl);
          await mailer.sendMail({ from: opts.from ?? 'Sitrep <sitrep@localhost>', to: watch!.email, subject: m.subject, text: m.text, html: m.html, headers: { 'X-Sitrep-Delivery': batch } });
        }
      }
    }
  } finally {
    (mailer as Transporter | null)?.close();
  }
  return report;
}

/** A message's id, the same on every retry of the same deliveries (receivers can deduplicate on it). */
function alertBatchId(channel: Channel, deliveryIds: number[]): string {
  return createHash('sha256').update(`${channel}:${[...deliveryIds].sort((a, b) => a - b).join(',')}`).digest('hex').slice(0, 24);
}
