import { randomBytes } from 'node:crypto';
import type { Alert, AlertBody, Watch, WatchCriteria } from '../model/index.js';
import type { Store } from '../store/index.js';

export type Channel = 'webhook' | 'email';

export interface WatchInput {
  name: string;
  criteria: WatchCriteria;
  minScore: number;
  webhook: string | null;
  email: string | null;
}

export interface ClaimedDelivery {
  id: number;
  attempts: number;
  alert: Alert;
}

type WatchRow = { id: number; name: string; token: string; criteria: string; min_score: number; webhook: string | null; email: string | null; created_at: string };
const toWatch = (r: WatchRow): Watch => ({
  id: r.id,
  name: r.name,
  token: r.token,
  criteria: JSON.parse(r.criteria) as WatchCriteria,
  minScore: Number(r.min_score),
  webhook: r.webhook,
  email: r.email,
  createdAt: r.created_at,
});
type AlertRow = { id: number; watch_id: number; story_id: string; version: number; score: number; passed: number; body: string; created_at: string };
const toAlert = (r: AlertRow): Alert => ({
  id: r.id,
  watchId: r.watch_id,
  storyId: r.story_id,
  version: r.version,
  score: Number(r.score),
  passed: !!r.passed,
  body: JSON.parse(r.body) as AlertBody,
  createdAt: r.created_at,
});

/**
 * Watchlists, their alerts and the outbox of deliveries, on the desk's store (SQLite or PostgreSQL).
 * An alert and its deliveries are written in one transaction before anything is sent; a sender
 * claims deliveries with a lease, so two processes never send the same one, and a sender that died
 * holding a claim leaves it to be taken again once the lease runs out.
 */
export class AlertStore {
  constructor(private readonly store: Store) {}

  private get db() {
    return this.store.db;
  }

  private now(): string {
    return this.store.clock().toISOString();
  }

  async addWatch(w: WatchInput): Promise<Watch> {
    const token = randomBytes(24).toString('base64url');
    const createdGen = await this.store.generation();
    const row = await this.db
      .insertInto('watches')
      .values({ name: w.name, token, criteria: JSON.stringify(w.criteria), min_score: w.minScore, webhook: w.webhook, email: w.email, created_at: this.now(), created_gen: createdGen })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toWatch(row as WatchRow);
  }

  async listWatches(): Promise<(Watch & { createdGen: number })[]> {
    const rows = await this.db.selectFrom('watches').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ ...toWatch(r as WatchRow), createdGen: r.created_gen }));
  }

  async getWatch(id: number): Promise<Watch | null> {
    const r = await this.db.selectFrom('watches').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toWatch(r as WatchRow) : null;
  }

  async watchByToken(token: string): Promise<Watch | null> {
    const r = await this.db.selectFrom('watches').selectAll().where('token', '=', token).executeTakeFirst();
    return r ? toWatch(r as WatchRow) : null;
  }

  async removeWatch(id: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      // Explicitly, not by cascade alone: SQLite enforces foreign keys only when asked to.
      await trx.deleteFrom('alert_deliveries').where('watch_id', '=', id).execute();
      await trx.deleteFrom('alerts').where('watch_id', '=', id).execute();
      const r = await trx.deleteFrom('watches').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  /** The site generation up to which written briefings were scored. */
  async cursor(): Promise<number> {
    const r = await this.db.selectFrom('site_state').select('alerts_gen').where('id', '=', 1).executeTakeFirst();
    return Number(r?.alerts_gen ?? 0);
  }

  async setCursor(gen: number): Promise<void> {
    await this.db.updateTable('site_state').set({ alerts_gen: gen }).where('id', '=', 1).where('alerts_gen', '<', gen).execute();
  }

  /**
   * The briefing versions written in generations (from, to]: each story's newest, with its
   * generation. Keys only: the evaluator reads each body when it comes to it, so a run that wrote
   * thousands of briefings is not held in memory at once.
   */
  async writtenBetween(from: number, to: number): Promise<{ storyId: string; version: number; gen: number }[]> {
    const rows = await this.db.selectFrom('briefings').select(['story_id', 'version', 'written_gen']).where('written_gen', '>', from).where('written_gen', '<=', to).execute();
    const newest = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if ((newest.get(r.story_id)?.version ?? -1) < r.version) newest.set(r.story_id, r);
    return [...newest.values()].map((r) => ({ storyId: r.story_id, version: r.version, gen: Number(r.written_gen) }));
  }

  /**
   * Record a scored update, once per watchlist and briefing version, with one pending delivery per
   * channel when it passed. Returns the alert's id, or null when it was recorded before.
   */
  async recordAlert(watch: Watch, a: { storyId: string; version: number; score: number; passed: boolean; body: AlertBody }): Promise<number | null> {
    const channels: Channel[] = a.passed ? [...(watch.webhook ? (['webhook'] as const) : []), ...(watch.email ? (['email'] as const) : [])] : [];
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('alerts')
        .values({ watch_id: watch.id, story_id: a.storyId, version: a.version, score: a.score, passed: a.passed ? 1 : 0, body: JSON.stringify(a.body), created_at: now })
        .onConflict((oc) => oc.columns(['watch_id', 'story_id', 'version']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) return null;
      if (channels.length) {
        await trx
          .insertInto('alert_deliveries')
          .values(channels.map((channel) => ({ alert_id: row.id, watch_id: watch.id, channel, status: 'pending', attempts: 0, next_attempt_at: now })))
          .execute();
      }
      return row.id;
    });
  }

  /** A watchlist's alerts, newest first. */
  async alerts(watchId: number, opts: { passedOnly?: boolean; afterId?: number; limit?: number } = {}): Promise<Alert[]> {
    let q = this.db.selectFrom('alerts').selectAll().where('watch_id', '=', watchId);
    if (opts.passedOnly) q = q.where('passed', '=', 1);
    if (opts.afterId) q = q.where('id', '>', opts.afterId);
    const rows = await q.orderBy('id', 'desc').limit(opts.limit ?? 100).execute();
    return rows.map((r) => toAlert(r as AlertRow));
  }

  /** How many alerts a watchlist has raised (that passed its threshold). */
  async alertCount(watchId: number): Promise<number> {
    const r = await this.db.selectFrom('alerts').select((e) => e.fn.countAll<number>().as('n')).where('watch_id', '=', watchId).where('passed', '=', 1).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Deliveries per channel and state, for a watchlist (what `watch list` and the admin show). */
  async deliveryCounts(watchId: number): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('alert_deliveries')
      .select(['channel', 'status', (e) => e.fn.countAll<number>().as('n')])
      .where('watch_id', '=', watchId)
      .groupBy(['channel', 'status'])
      .execute();
    return Object.fromEntries(rows.map((r) => [`${r.channel} ${r.status}`, Number(r.n)]));
  }

  /** The (watchlist, channel) pairs with deliveries due now and not held by a live claim. */
  async dueGroups(): Promise<{ watchId: number; channel: Channel }[]> {
    const now = this.now();
    const rows = await this.db
      .selectFrom('alert_deliveries')
      .select(['watch_id', 'channel'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .groupBy(['watch_id', 'channel'])
      .orderBy('watch_id')
      .orderBy('channel')
      .execute();
    return rows.map((r) => ({ watchId: r.watch_id, channel: r.channel as Channel }));
  }

  /** When a message last went out for this watchlist on this channel (the rate limit's mark). */
  async lastSent(watchId: number, channel: Channel): Promise<string | null> {
    const r = await this.db
      .selectFrom('alert_deliveries')
      .select((e) => e.fn.max('sent_at').as('at'))
      .where('watch_id', '=', watchId)
      .where('channel', '=', channel)
      .where('status', '=', 'sent')
      .executeTakeFirst();
    return (r?.at as string | null | undefined) ?? null;
  }

  /**
   * Claim up to `limit` due deliveries of one watchlist and channel until `until`; returns what this
   * claim holds (nothing when another sender took them first).
   */
  async claim(watchId: number, channel: Channel, until: string, limit: number): Promise<{ token: string; rows: ClaimedDelivery[] }> {
    const token = randomBytes(12).toString('base64url');
    const now = this.now();
    const ids = this.db
      .selectFrom('alert_deliveries')
      .select('id')
      .where('watch_id', '=', watchId)
      .where('channel', '=', channel)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('id')
      .limit(limit);
    // The conditions again in the UPDATE: between the two, another sender may have claimed a row.
    await this.db
      .updateTable('alert_deliveries')
      .set({ claim: token, claimed_until: until })
      .where('id', 'in', ids)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .execute();
    const rows = await this.db
      .selectFrom('alert_deliveries as d')
      .innerJoin('alerts as a', 'a.id', 'd.alert_id')
      .select(['d.id as did', 'd.attempts', 'a.id', 'a.watch_id', 'a.story_id', 'a.version', 'a.score', 'a.passed', 'a.body', 'a.created_at'])
      .where('d.claim', '=', token)
      .orderBy('d.id')
      .execute();
    return { token, rows: rows.map((r) => ({ id: r.did, attempts: r.attempts, alert: toAlert(r as unknown as AlertRow) })) };
  }

  async markSent(token: string, batch: string): Promise<void> {
    await this.db.updateTable('alert_deliveries').set({ status: 'sent', sent_at: this.now(), batch, claim: null, claimed_until: null, last_error: null }).where('claim', '=', token).execute();
  }

  /** A failed send: tried again at `retryAt`, or given up (status failed) when that is null. */
  async markFailed(token: string, error: string, retryAt: string | null): Promise<void> {
    await this.db
      .updateTable('alert_deliveries')
      .set((eb) => ({
        status: retryAt ? 'pending' : 'failed',
        attempts: eb('attempts', '+', 1),
        next_attempt_at: retryAt ?? this.now(),
        claim: null,
        claimed_until: null,
        last_error: error.slice(0, 500),
      }))
      .where('claim', '=', token)
      .execute();
  }

  /** Deliveries still to go out (pending), for the stats and the tests. */
  async pendingCount(): Promise<number> {
    const r = await this.db.selectFrom('alert_deliveries').select((e) => e.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
