import { z } from 'zod';
import { SitrepError } from '../errors.js';
import { checkUrlAllowed } from '../ingest/index.js';
import type { Store } from '../store/index.js';
import { DEFAULT_MIN_SCORE, sectionParts, sectionPath } from './significance.js';
import type { WatchInput } from './store.js';

/** A watchlist as people give it: from the CLI's flags, the admin form, or the API's JSON. */
export const watchRequest = z
  .object({
    name: z.string().trim().min(1, 'give the watchlist a name').max(200),
    entities: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    query: z.string().trim().max(500).nullish(),
    section: z.string().trim().max(300).nullish(),
    story: z.string().trim().max(300).nullish(),
    minScore: z.coerce.number().min(0, 'min score is 0 or more').max(100).default(DEFAULT_MIN_SCORE),
    webhook: z.string().trim().max(2000).nullish(),
    email: z.string().trim().max(320).nullish(),
  })
  .strict();

export type WatchRequest = z.input<typeof watchRequest>;

/**
 * Check a watchlist request and put it in the store's terms: at least one thing to follow, a story
 * that exists (by slug or id), a webhook that is an http(s) URL to a public address (unless private
 * ones are allowed, as for feeds), an email address that looks like one.
 */
export async function parseWatch(raw: unknown, store: Store, allowPrivate: boolean): Promise<WatchInput> {
  const parsed = watchRequest.safeParse(raw);
  if (!parsed.success) throw new SitrepError('bad_input', parsed.error.issues.map((i) => `${i.path.join('.') || 'watchlist'}: ${i.message}`).join('; '));
  const r = parsed.data;
  const entities = [...new Set(r.entities)];
  const query = r.query || null;
  const section = r.section ? sectionParts(r.section) : null;
  if (r.section && !sectionPath(section ?? []).length) throw new SitrepError('bad_input', `section "${r.section}" names no section (give a path such as "News/Russia")`);
  let story: string | null = null;
  if (r.story) {
    const found = await store.getStory(r.story);
    if (!found) throw new SitrepError('bad_input', `no story "${r.story}" (give a story's slug, as in /stories/<slug>)`);
    story = found.id;
  }
  if (!entities.length && !query && !section && !story) throw new SitrepError('bad_input', 'a watchlist follows something: give an entity, words (query), a section or a story');
  let webhook: string | null = null;
  if (r.webhook) {
    let url: URL;
    try {
      url = new URL(r.webhook);
    } catch {
      throw new SitrepError('bad_input', `webhook "${r.webhook}" is not a URL`);
    }
    try {
      checkUrlAllowed(url, allowPrivate);
    } catch (err) {
      throw new SitrepError('bad_input', `webhook: ${(err as Error).message.replace(/^refusing to fetch/, 'refusing')}`);
    }
    if (url.username || url.password) throw new SitrepError('bad_input', 'webhook: put no user or password in the URL; requests are signed with SITREP_WEBHOOK_SECRET');
    webhook = url.href;
  }
  let email: string | null = null;
  if (r.email) {
    const ok = z.email().safeParse(r.email);
    if (!ok.success) throw new SitrepError('bad_input', `email "${r.email}" is not an email address`);
    email = ok.data;
  }
  return { name: r.name, criteria: { entities, query, section: section?.length ? section : null, story }, minScore: r.minScore, webhook, email };
}
