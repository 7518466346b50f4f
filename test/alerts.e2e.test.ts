import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertStore, deliverAlerts, parseWatch, type DeliveryOptions } from '../src/alerts/index.js';
import { startFixtureServer, type FixtureServer } from '../src/demo/fixture-server.js';
import { SAMPLE_ROUNDS, sampleClock } from '../src/demo/replay.js';
import type { MovableClock } from '../src/clock.js';
import { runPipeline, type PipelineOptions } from '../src/pipeline/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { startServer } from '../src/web/index.js';
import { listenLocal, type LocalServer } from './local-server.js';

// Watchlists end to end: the sample's feeds on 127.0.0.1, ingested in its two rounds with watchlists
// added between them; alerts go to a real webhook receiver and a real SMTP server, both started here.

const SECRET = 'test-webhook-secret';

interface Received {
  path: string;
  body: string;
  json: Record<string, unknown> & { alerts: Record<string, unknown>[] };
  signature: string | undefined;
  delivery: string | undefined;
  acked: boolean;
}

/** A webhook receiver: records every POST; `behaviour(path, n)` says how to answer the path's n-th request. */
async function startReceiver(behaviour: (path: string, n: number, req: Received) => 'ok' | 'fail' | 'hang') {
  const received: Received[] = [];
  const server = await listenLocal((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r: Received = { path: req.url ?? '', body, json: JSON.parse(body), signature: req.headers['x-sitrep-signature'] as string | undefined, delivery: req.headers['x-sitrep-delivery'] as string | undefined, acked: false };
      received.push(r);
      const n = received.filter((x) => x.path === r.path).length;
      const b = behaviour(r.path, n, r);
      if (b === 'hang') return;
      r.acked = b === 'ok';
      res.writeHead(b === 'ok' ? 200 : 500).end();
    });
  });
  return { ...server, received, at: (path: string) => received.filter((r) => r.path === path) };
}

async function startSmtp() {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (m) => {
          mails.push(m);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const verify = (r: Received) => r.signature === `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;

/** A store with the sample's first round in it: watchlists added now alert on the second round. */
async function firstRound(dir: string): Promise<{ store: Store; clock: MovableClock; fixtures: FixtureServer; dbPath: string; opts: PipelineOptions }> {
  const clock = sampleClock();
  const fixtures = await startFixtureServer({ upTo: () => clock().toISOString() });
  const dbPath = join(dir, `sitrep-${Math.random().toString(36).slice(2)}.db`);
  const store = await openStore({ path: dbPath, clock });
  for (const f of fixtures.feedUrls) await store.addSource(f.url, { outlet: f.outlet });
  const opts: PipelineOptions = { poll: { fetch: { allowPrivate: true } } };
  const r1 = await runPipeline(store, opts);
  expect(r1.briefingsWritten).toBeGreaterThan(0);
  return { store, clock, fixtures, dbPath, opts };
}

const secondRound = async (store: Store, clock: MovableClock, opts: PipelineOptions) => {
  clock.moveTo(SAMPLE_ROUNDS[1]);
  return runPipeline(store, opts);
};

describe('watchlists and alerts', () => {
  let dir: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let store: Store;
  let clock: MovableClock;
  let fixtures: FixtureServer;
  let delivery: DeliveryOptions;
  let report: Awaited<ReturnType<typeof runPipeline>>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sitrep-alerts-'));
    // /fails answers 500 the first time; everything else answers 200.
    receiver = await startReceiver((path, n) => (path === '/fails' && n === 1 ? 'fail' : 'ok'));
    smtp = await startSmtp();
    const first = await firstRound(dir);
    ({ store, clock, fixtures } = first);
    delivery = { baseUrl: 'https://desk.example', webhookSecret: SECRET, smtpUrl: smtp.url, allowPrivate: true, minIntervalMs: 10 * 60_000, timeoutMs: 3000 };
    const alerts = new AlertStore(store);
    const add = async (key: string, raw: Record<string, unknown>) => (ids[key] = (await alerts.addWatch(await parseWatch(raw, store, true))).id);
    await add('talks', { name: 'Talks', entities: ['Karvenia'], webhook: `${receiver.base}/talks`, email: 'desk@example.org' });
    // Two stories mention Northmark: both update in the second round, in one digest.
    await add('northmark', { name: 'Northmark', entities: ['Northmark'], webhook: `${receiver.base}/northmark` });
    await add('fever', { name: 'Fever', query: 'fever', webhook: `${receiver.base}/fails` });
    const talks = (await store.listStories()).find((s) => /ceasefire|talks/i.test(s.title))!;
    await add('strict', { name: 'Strict', story: talks.slug, minScore: 100, webhook: `${receiver.base}/strict` });
    report = await secondRound(store, clock, { ...first.opts, alerts: delivery });
  });

  afterAll(async () => {
    await store?.close();
    await fixtures?.close();
    await receiver?.close();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts each alert once, signed with the HMAC of the raw body', async () => {
    const got = receiver.at('/talks');
    expect(got).toHaveLength(1);
    expect(verify(got[0]!)).toBe(true);
    const j = got[0]!.json;
    expect(j).toMatchObject({ watch: 'Talks', version: 2, count: 1 });
    expect(String(j.story)).toMatch(/ceasefire|talks/);
    expect(String(j.headline).length).toBeGreaterThan(10);
    expect(String(j.url)).toMatch(/^https:\/\/desk\.example\/stories\/[\w-]+\?v=2$/);
    expect((j.reasons as string[]).join('; ')).toMatch(/new developments?/);
    // A body changed in transit fails the check.
    expect(verify({ ...got[0]!, body: got[0]!.body.replace('"version":2', '"version":3') })).toBe(false);
  });

  it('emails it once, as plain text and HTML', async () => {
    expect(smtp.mails).toHaveLength(1);
    const m = smtp.mails[0]!;
    expect(m.to && !Array.isArray(m.to) ? m.to.text : '').toBe('desk@example.org');
    expect(m.subject).toMatch(/^Talks: /);
    expect(m.text).toMatch(/Why: .*new development/);
    expect(m.text).toMatch(/https:\/\/desk\.example\/stories\/[\w-]+\?v=2/);
    expect(m.html).toMatch(/<a href="https:\/\/desk\.example\/stories\/[\w-]+\?v=2">/);
    expect(m.headers.get('x-sitrep-delivery')).toBeTruthy();
  });

  it('batches a watchlist\'s alerts from one run into one digest', async () => {
    const got = receiver.at('/northmark');
    expect(got).toHaveLength(1);
    expect(got[0]!.json.count).toBe(2);
    expect(new Set(got[0]!.json.alerts.map((a) => a.story)).size).toBe(2);
    expect(verify(got[0]!)).toBe(true);
  });

  it('records an update below the threshold with its reasons, and sends nothing for it', async () => {
    const alerts = new AlertStore(store);
    const all = await alerts.alerts(ids.strict!, {});
    expect(all).toHaveLength(1);
    expect(all[0]!.passed).toBe(false);
    expect(all[0]!.body.reasons.length).toBeGreaterThan(0);
    expect(receiver.at('/strict')).toHaveLength(0);
    expect(report.alertsRaised).toBe(4); // talks, two for Northmark, fever
  });

  it('retries after a receiver failure, with backoff, under the same delivery id', async () => {
    const first = receiver.at('/fails');
    expect(first).toHaveLength(1);
    expect(first[0]!.acked).toBe(false);
    expect(report.alertsFailed).toBe(1);
    // Not yet: the first retry waits about 30 seconds.
    expect((await deliverAlerts(store, delivery)).messages).toBe(0);
    expect(receiver.at('/fails')).toHaveLength(1);
    clock.moveTo(new Date(clock().getTime() + 60_000));
    const d = await deliverAlerts(store, delivery);
    expect(d).toMatchObject({ messages: 1, failed: 0 });
    const got = receiver.at('/fails');
    expect(got).toHaveLength(2);
    expect(got[1]!.acked).toBe(true);
    expect(got[1]!.delivery).toBe(got[0]!.delivery);
  });

  it('gives up on a receiver that does not answer in time, and tries again later', async () => {
    const alerts = new AlertStore(store);
    const slow = await startReceiver(() => 'hang');
    try {
      const watch = await alerts.addWatch(await parseWatch({ name: 'Slow', entities: ['Karvenia'], webhook: `${slow.base}/hook` }, store, true));
      const [any] = await alerts.alerts(ids.talks!, {});
      await alerts.recordAlert(watch, { storyId: any!.storyId, version: any!.version, score: 3, passed: true, body: any!.body });
      const d = await deliverAlerts(store, { ...delivery, timeoutMs: 300 });
      expect(d).toMatchObject({ messages: 0, failed: 1 });
      expect(slow.received).toHaveLength(1);
      expect(await alerts.deliveryCounts(watch.id)).toEqual({ 'webhook pending': 1 });
      const [row] = await store.db.selectFrom('alert_deliveries').select(['attempts', 'last_error', 'next_attempt_at']).where('watch_id', '=', watch.id).execute();
      expect(row!.attempts).toBe(1);
      expect(row!.last_error).toMatch(/did not answer in 0.3 s/);
      expect(Date.parse(row!.next_attempt_at)).toBeGreaterThan(clock().getTime());
      await alerts.removeWatch(watch.id);
    } finally {
      await slow.close();
    }
  });

  it('sends nothing for a run that changed nothing, and nothing twice', async () => {
    const before = receiver.received.length;
    const r = await runPipeline(store, { poll: { fetch: { allowPrivate: true } }, alerts: delivery });
    expect(r.briefingsWritten).toBe(0);
    expect(r.alertsRaised).toBe(0);
    expect((await deliverAlerts(store, delivery)).messages).toBe(0);
    expect(receiver.received.length).toBe(before);
    expect(smtp.mails).toHaveLength(1);
  });

  it('holds alerts back within the rate limit and sends them as one digest after it', async () => {
    const alerts = new AlertStore(store);
    const watch = (await alerts.getWatch(ids.talks!))!;
    const [last] = await alerts.alerts(watch.id, {});
    // Two more versions' alerts, as later runs would raise them.
    for (const v of [3, 4]) await alerts.recordAlert(watch, { storyId: last!.storyId, version: v, score: 3, passed: true, body: { ...last!.body, version: v, path: last!.body.path.replace(/v=\d+/, `v=${v}`) } });
    const held = await deliverAlerts(store, delivery);
    expect(held).toMatchObject({ messages: 0, held: 2 }); // webhook and email
    clock.moveTo(new Date(clock().getTime() + 11 * 60_000));
    const sent = await deliverAlerts(store, delivery);
    expect(sent).toMatchObject({ messages: 2, alerts: 4 });
    const got = receiver.at('/talks');
    expect(got).toHaveLength(2);
    expect(got[1]!.json.alerts.map((a) => a.version).sort()).toEqual([3, 4]);
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]!.subject).toBe('Talks: 2 updates');
  });

  it('refuses private addresses unless allowed, when added and when sent', async () => {
    await expect(parseWatch({ name: 'x', entities: ['Karvenia'], webhook: `${receiver.base}/x` }, store, false)).rejects.toThrow(/private|loopback/);
    await expect(parseWatch({ name: 'x', entities: ['Karvenia'], webhook: 'file:///etc/passwd' }, store, true)).rejects.toThrow(/http/);
    await expect(parseWatch({ name: 'x' }, store, true)).rejects.toThrow(/follows something/);
    const alerts = new AlertStore(store);
    const watch = (await alerts.getWatch(ids.northmark!))!;
    const [last] = await alerts.alerts(watch.id, {});
    await alerts.recordAlert(watch, { storyId: last!.storyId, version: 9, score: 3, passed: true, body: last!.body });
    clock.moveTo(new Date(clock().getTime() + 11 * 60_000));
    const before = receiver.at('/northmark').length;
    const d = await deliverAlerts(store, { ...delivery, allowPrivate: false });
    expect(d.failed).toBe(1);
    expect(receiver.at('/northmark')).toHaveLength(before);
    const counts = await alerts.deliveryCounts(watch.id);
    expect(counts['webhook pending']).toBe(1);
  });

  it('serves each watchlist an Atom feed and a "since you last looked" page, by its token only', async () => {
    const site = await startServer(store, { port: 0 });
    try {
      const alerts = new AlertStore(store);
      const watch = (await alerts.getWatch(ids.talks!))!;
      const feed = await fetch(`${site.url}/watch/${watch.token}/atom.xml`);
      expect(feed.headers.get('content-type')).toMatch(/atom\+xml/);
      expect(feed.headers.get('cache-control')).toMatch(/no-store/);
      const xml = await feed.text();
      expect(xml.match(/<entry>/g)).toHaveLength((await alerts.alerts(watch.id, { passedOnly: true })).length);
      expect(xml).toMatch(/<summary>[^<]*new development/);
      expect((await fetch(`${site.url}/watch/${'x'.repeat(32)}/atom.xml`)).status).toBe(404);

      const page = await fetch(`${site.url}/watch/${watch.token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const text = await page.text();
      expect(text).toContain('Since you last looked');
      const [dev] = (await alerts.alerts(watch.id, { passedOnly: true })).flatMap((a) => a.body.developments);
      expect(text).toContain(dev!.text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').slice(0, 40));
      const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
      const again = await (await fetch(`${site.url}/watch/${watch.token}`, { headers: { cookie } })).text();
      expect(again).toContain('Nothing new since your last visit');
      expect(again).toContain('Earlier alerts');
    } finally {
      await site.close();
    }
  });

  it('manages watchlists over the API with a bearer token, and not without one', async () => {
    const site = await startServer(store, { port: 0 });
    const saved = process.env.SITREP_API_TOKEN;
    try {
      delete process.env.SITREP_API_TOKEN;
      expect((await fetch(`${site.url}/api/v1/watches`)).status).toBe(403);
      process.env.SITREP_API_TOKEN = 'api-token-for-tests';
      expect((await fetch(`${site.url}/api/v1/watches`)).status).toBe(401);
      const auth = { authorization: 'Bearer api-token-for-tests', 'content-type': 'application/json' };
      const bad = await fetch(`${site.url}/api/v1/watches`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'x', webhook: 'ftp://x.example/' }) });
      expect(bad.status).toBe(400);
      const made = await fetch(`${site.url}/api/v1/watches`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Fever API', entities: ['Lumen'], minScore: 3 }) });
      expect(made.status).toBe(201);
      const w = (await made.json()) as { id: number; feed: string };
      expect(w.feed).toMatch(/\/watch\/[\w-]{32}\/atom\.xml$/);
      const listed = (await (await fetch(`${site.url}/api/v1/watches`, { headers: auth })).json()) as { watches: { id: number }[] };
      expect(listed.watches.map((x) => x.id)).toContain(w.id);
      expect((await fetch(`${site.url}/api/v1/watches/${ids.strict}/alerts?all=1`, { headers: auth }).then((r) => r.json())) as unknown).toMatchObject({ alerts: [{ alerted: false }] });
      expect((await fetch(`${site.url}/api/v1/watches/${w.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
      expect((await fetch(`${site.url}/api/v1/watches/${w.id}`, { method: 'DELETE', headers: auth })).status).toBe(404);
    } finally {
      if (saved === undefined) delete process.env.SITREP_API_TOKEN;
      else process.env.SITREP_API_TOKEN = saved;
      await site.close();
    }
  });
});

describe('alerts across a restart', () => {
  it('neither loses nor repeats an alert when the sender is killed in the middle of delivery', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-alerts-restart-'));
    let child: ChildProcess | null = null;
    // /one answers; /two hangs the first time (the sender is killed while it waits); /three answers.
    const receiver = await startReceiver((path, n) => {
      if (path === '/two' && n === 1) {
        child?.kill('SIGKILL');
        return 'hang';
      }
      return 'ok';
    });
    const { store, clock, fixtures, dbPath, opts } = await firstRound(dir);
    try {
      const alerts = new AlertStore(store);
      for (const [path, entity] of [['/one', 'Karvenia'], ['/two', 'Northmark'], ['/three', 'Lumen']] as const) {
        await alerts.addWatch(await parseWatch({ name: path, entities: [entity], webhook: `${receiver.base}${path}` }, store, true));
      }
      // Raised and written to the store, not sent: this process has no delivery configured.
      const r = await secondRound(store, clock, opts);
      expect(r.alertsRaised).toBeGreaterThanOrEqual(3);
      expect(r.alertsSent).toBe(0);
      expect(await alerts.pendingCount()).toBe(4); // Northmark: two stories, one digest

      const send = (now: string) =>
        new Promise<number | null>((resolve) => {
          child = spawn(process.execPath, ['bin/sitrep.js', 'watch', 'send'], {
            env: { ...process.env, SITREP_DB: dbPath, SITREP_NOW: now, SITREP_ALLOW_PRIVATE: '1', SITREP_WEBHOOK_SECRET: SECRET, SITREP_LOG_FORMAT: 'json' },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          child.on('exit', (code) => resolve(code));
        });
      // The sender dies holding /two's delivery: /one went out, /three never started.
      expect(await send('2026-11-23T09:00:00Z')).toBe(null);
      expect(receiver.at('/one').map((x) => x.acked)).toEqual([true]);
      expect(receiver.at('/two').map((x) => x.acked)).toEqual([false]);
      expect(receiver.at('/three')).toHaveLength(0);
      // Restarted after the dead sender's lease ran out: the rest go out, and /one is not sent again.
      expect(await send('2026-11-23T09:10:00Z')).toBe(0);
      expect(receiver.at('/one')).toHaveLength(1);
      const two = receiver.at('/two');
      expect(two.map((x) => x.acked)).toEqual([false, true]);
      expect(two[1]!.delivery).toBe(two[0]!.delivery);
      expect(two[1]!.body).toBe(two[0]!.body);
      expect(receiver.at('/three').map((x) => x.acked)).toEqual([true]);
      for (const x of receiver.received) expect(verify(x)).toBe(true);
      expect(await alerts.pendingCount()).toBe(0);
      // Each alert was acknowledged exactly once.
      const acked = receiver.received.filter((x) => x.acked).flatMap((x) => x.json.alerts.map((a) => a.id));
      expect(new Set(acked).size).toBe(acked.length);
      expect(acked.length).toBe(4);
    } finally {
      await store.close();
      await fixtures.close();
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
