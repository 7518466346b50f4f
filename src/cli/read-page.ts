import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { SitrepError, errorMessage } from '../errors.js';
import { extractArticle } from '../extract/index.js';
import { decodeBody } from '../ingest/charset.js';

/**
 * An HTML page from a file, as `sitrep extract` reads it: gunzipped when it is gzip (by its bytes,
 * whatever its name), decoded by its BOM or declared charset, and refused with the reason when it is
 * empty, binary or not HTML at all, so a folder's bad file is reported instead of extracted as junk.
 */
export function readPage(file: string): string {
  if (!existsSync(file)) throw new SitrepError('bad_input', `no such file: ${file}`);
  if (statSync(file).isDirectory()) throw new SitrepError('bad_input', `${file} is a directory; to extract every page in it, use --dir ${file} --out OUT.json`);
  return pageFromBytes(readFileSync(file), file);
}

// Control bytes other than tab, newlines, form feed and escape: text has none, binaries many.
const CONTROL = /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]/g;

export function pageFromBytes(raw: Buffer, what: string): string {
  let buf = raw;
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (err) {
      throw new SitrepError('bad_input', `${what} is not valid gzip data (${(err as Error).message})`);
    }
  } else if (/\.gz$/i.test(what)) {
    throw new SitrepError('bad_input', `${what} is named .gz but is not gzip data`);
  }
  if (buf.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c)) throw new SitrepError('bad_input', `${what} is empty`);
  const utf16 = buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
  if (!utf16) {
    // Counted on the bytes themselves, read as latin1 (one character a byte), by the regex engine.
    const n = Math.min(buf.length, 65_536);
    const head = buf.toString('latin1', 0, n);
    const nul = head.includes('\0');
    const control = head.match(CONTROL)?.length ?? 0;
    if (nul || control / n > 0.02) throw new SitrepError('bad_input', `${what} is not HTML (it looks like a binary file)`);
  }
  const html = decodeBody(buf, null);
  if (!/<(?:[a-zA-Z!?]|\/[a-zA-Z])/.test(html.slice(0, 65_536))) throw new SitrepError('bad_input', `${what} is not HTML: it has no markup (plain text goes to sitrep analyze)`);
  return html;
}

/** What `sitrep extract --dir` records for one file: the page, or why there is none. */
export type Outcome = { page: ReturnType<typeof extractArticle> } | { error: string };

/** One file of a folder extracted, or the reason it could not be (on a worker thread or not). */
export function extractFile(path: string, now: Date): Outcome {
  try {
    return { page: extractArticle(readPage(path), null, { now }) };
  } catch (err) {
    return { error: errorMessage(err) };
  }
}
