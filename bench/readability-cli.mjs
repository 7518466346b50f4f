// The baseline for the CLI timing in bench:extract: what `sitrep extract --dir DIR --out OUT` does
// (read, gunzip, parse, extract, write JSON), done with @mozilla/readability on linkedom.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
const [dir, out] = process.argv.slice(2);
const result = {};
for (const f of readdirSync(dir).filter((f) => /\.html?(\.gz)?$/.test(f)).sort()) {
  const buf = readFileSync(join(dir, f));
  const html = (f.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  try { const { document } = parseHTML(html); const a = new Readability(document).parse(); result[f.split('.')[0]] = { articleBody: a?.textContent ?? '', title: a?.title ?? null }; } catch (e) { result[f.split('.')[0]] = { error: String(e) }; }
}
writeFileSync(out, JSON.stringify(result));
