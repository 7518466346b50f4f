import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { SitrepError } from './errors.js';

// The optional config file (SITREP_CONFIG, default ./sitrep.config.json): sources to follow, the
// product catalogue, the audience profile and the section taxonomy. Environment variables still set
// the store, port and network switches.

const Source = z.object({ url: z.url(), outlet: z.string().min(1).optional() });
const Product = z.object({ id: z.string().min(1), name: z.string().min(1), blurb: z.string(), url: z.url(), tags: z.array(z.string()), disclosure: z.string().nullable().optional() });
const Audience = z.object({ name: z.string().min(1), concerns: z.array(z.object({ label: z.string().min(1), terms: z.array(z.string().min(1)).min(1) })).min(1) });
const Section = z.object({ path: z.array(z.string().min(1)).min(1), terms: z.array(z.string().min(1)).min(1) });

export const ConfigSchema = z.object({
  sources: z.array(Source).default([]),
  catalogue: z.union([z.string(), z.array(Product)]).optional(),
  audience: Audience.optional(),
  taxonomy: z.array(Section).optional(),
  fetch: z.object({ perHostConcurrency: z.number().int().min(1).max(64).optional(), perHostDelayMs: z.number().int().min(0).max(60_000).optional(), fetchPages: z.boolean().optional() }).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(path = process.env.SITREP_CONFIG ?? './sitrep.config.json'): Config {
  if (!existsSync(path)) {
    if (process.env.SITREP_CONFIG) throw new SitrepError('bad_config', `SITREP_CONFIG=${path}: no such file`);
    return ConfigSchema.parse({});
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new SitrepError('bad_config', `${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new SitrepError('bad_config', `${path}: ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  return parsed.data;
}
