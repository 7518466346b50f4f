// SimHash fingerprints of article bodies: syndicated copies of one wire story (re-headlined, with a
// different intro line or footer) land within a few bits of each other, unrelated texts do not.

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** 64-bit SimHash over word 3-shingles, as 16 hex digits. Null for texts too short to compare. */
export function simhash(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < 20) return null;
  const v = new Int32Array(64);
  for (let i = 0; i + 3 <= words.length; i++) {
    const sh = `${words[i]} ${words[i + 1]} ${words[i + 2]}`;
    const hi = fnv1a(sh, 0x811c9dc5);
    const lo = fnv1a(sh, 0x9747b28c);
    for (let b = 0; b < 32; b++) {
      v[b]! += (hi >>> b) & 1 ? 1 : -1;
      v[32 + b]! += (lo >>> b) & 1 ? 1 : -1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if (v[b]! > 0) hi |= 1 << b;
    if (v[32 + b]! > 0) lo |= 1 << b;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hammingDistance(a: string, b: string): number {
  return popcount(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) + popcount(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16));
}

/** Eight 8-bit bands: two fingerprints within 7 bits share at least one band exactly (pigeonhole). */
export function simhashBands(h: string): string[] {
  return [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `${i}:${h.slice(i * 2, i * 2 + 2)}`);
}

/**
 * Copies differ from their original by a few bits (a new intro line, a credit); unrelated texts by
 * about 32 ± 4. Six bits keeps short wire items together and stays far from chance.
 */
export const NEAR_DUPLICATE_BITS = 6;
