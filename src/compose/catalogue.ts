import { z } from 'zod';
import type { Product } from '../model/index.js';
import { SitrepError } from '../errors.js';

const productSchema = z.object({
  id: z.string().trim().min(1),
  name: z.string().trim().min(1),
  blurb: z.string().trim().default(''),
  url: z.url({ protocol: /^https?$/ }),
  tags: z.array(z.string().trim().min(1)).min(1),
  disclosure: z.string().trim().nullish(),
});

/**
 * A product catalogue from CSV or JSON (a list, or `{products: [...]}`). Each product needs an id,
 * a name, an http(s) URL and at least one tag; a bad row is an error naming the row, not skipped.
 */
export function parseCatalogue(text: string, format: 'csv' | 'json' | 'auto' = 'auto'): Product[] {
  const fmt = format === 'auto' ? (/^\s*[[{]/.test(text) ? 'json' : 'csv') : format;
  let raw: unknown[];
  if (fmt === 'csv') raw = parseCatalogueCsv(text);
  else {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new SitrepError('bad_input', `catalogue JSON: ${(err as Error).message}`);
    }
    const list = Array.isArray(doc) ? doc : (doc as { products?: unknown }).products;
    if (!Array.isArray(list)) throw new SitrepError('bad_input', 'catalogue JSON must be a list of products or {"products": [...]}');
    raw = list;
  }
  const ids = new Set<string>();
  return raw.map((p, i) => {
    const r = productSchema.safeParse(p);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new SitrepError('bad_input', `catalogue product ${i + 1}: ${issue.path.join('.') || 'value'}: ${issue.message}`);
    }
    if (ids.has(r.data.id)) throw new SitrepError('bad_input', `catalogue product ${i + 1}: duplicate id "${r.data.id}"`);
    ids.add(r.data.id);
    return { ...r.data, disclosure: r.data.disclosure ?? null };
  });
}

/** CSV with a header row: id,name,blurb,url,tags[,disclosure]; tags separated by | or ;. Quotes as in RFC 4180. */
export function parseCatalogueCsv(csv: string): Product[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && csv[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim())) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim())) rows.push(row);
  const [header, ...body] = rows;
  if (!header) return [];
  const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
  const idx = { id: col('id'), name: col('name'), blurb: col('blurb'), url: col('url'), tags: col('tags'), disclosure: col('disclosure') };
  for (const k of ['id', 'name', 'url', 'tags'] as const) if (idx[k] < 0) throw new SitrepError('bad_input', `catalogue CSV needs a "${k}" column`);
  return body.map((r, n) => {
    const get = (i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
    if (!get(idx.id) || !get(idx.url)) throw new SitrepError('bad_input', `catalogue CSV row ${n + 2}: id and url are required`);
    return { id: get(idx.id), name: get(idx.name), blurb: get(idx.blurb), url: get(idx.url), tags: get(idx.tags).split(/[|;]/).map((t) => t.trim()).filter(Boolean), disclosure: get(idx.disclosure) || null };
  });
}
