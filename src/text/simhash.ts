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
  // Hash each word once (two 32-bit halves), then mix three neighbours into a shingle hash.
  const hw1 = new Uint32Array(words.length);
  const hw2 = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    hw1[i] = fnv1a(words[i]!, 0x811c9dc5);
    hw2[i] = fnv1a(words[i]!, 0x9747b28c);
  }
  const v = new Int32Array(64);
  for (let i = 0; i + 3 <= words.length; i++) {
    const hi = mix(hw1[i]!, hw1[i + 1]!, hw1[i + 2]!);
    const lo = mix(hw2[i]!, hw2[i + 1]!, hw2[i + 2]!);
    for (let b = 0; b < 32; b++) {
      v[b]! += ((hi >>> b) & 1) * 2 - 1;
      v[32 + b]! += ((lo >>> b) & 1) * 2 - 1;
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

/** Order-sensitive mix of three 32-bit word hashes (murmur3-style finaliser). */
function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77), 0xc2b2ae3d) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hammingDistance(a: string, b: string): number {
  return popcount(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) + popcount(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16));
}

/**
 * Four 16-bit bands, the keys candidates are looked up by: fingerprints within 3 bits always share a
 * band (pigeonhole), most within 6 do, and unrelated ones almost never (1 in 65,536 per band).
 */
export function simhashBands(h: string): string[] {
  return [0, 1, 2, 3].map((i) => `${i}${h.slice(i * 4, i * 4 + 4)}`);
}

/**
 * Copies differ from their original by a few bits (a new intro line, a credit); unrelated texts by
 * about 32 ± 4. Six bits keeps short wire items together and stays far from chance.
 */
export const NEAR_DUPLICATE_BITS = 6;
