import { isUtf8 } from 'node:buffer';

// Decode bytes to text the way browsers do: BOM first, then the HTTP header, then what the document
// declares about itself (XML declaration, <meta charset>), then UTF-8.

function normalise(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!l) return null;
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null;
  }
}

export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const m = /charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return normalise(m?.[2]);
}

function charsetFromBom(buf: Buffer): string | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8';
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return null;
}

function charsetFromDocument(buf: Buffer): string | null {
  // Declarations must sit near the top; ASCII-compatible encodings read the same in latin1.
  const head = buf.subarray(0, 4096).toString('latin1');
  const xml = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return normalise(xml[1]);
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  if (meta) return normalise(meta[1]);
  return null;
}

export function decodeBody(buf: Buffer, contentType: string | null): string {
  const declared = charsetFromBom(buf) ?? charsetFromContentType(contentType) ?? charsetFromDocument(buf);
  let encoding = declared ?? 'utf-8';
  // Wrong labels are common both ways; prefer the bytes' own evidence. Text that is valid UTF-8 with
  // multibyte sequences is UTF-8 whatever the label says; text labelled UTF-8 that is not valid UTF-8
  // is in the encoding the document declares itself (or windows-1252, the web's usual fallback).
  if (encoding !== 'utf-8' && isValidUtf8WithMultibyte(buf)) encoding = 'utf-8';
  else if (encoding === 'utf-8' && !isUtf8(buf)) {
    const own = charsetFromDocument(buf);
    encoding = own && own !== 'utf-8' ? own : 'windows-1252';
  }
  // Node's own UTF-8 decoder (simdutf) is several times faster than TextDecoder's, with the same
  // replacement of invalid sequences.
  const text = encoding === 'utf-8' ? buf.toString('utf8') : new TextDecoder(encoding, { fatal: false }).decode(buf);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isValidUtf8WithMultibyte(buf: Buffer): boolean {
  let multibyte = false;
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (len === 0 || (b >= 0xf5)) return false;
    for (let k = 1; k < len; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return false;
    }
    multibyte = true;
    i += len;
  }
  return multibyte;
}
