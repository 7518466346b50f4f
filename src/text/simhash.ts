// SimHash fingerprints of article bodies: syndicated copies of one wire story (re-headlined, with a
// different intro line or footer) land within a few bits of each other, unrelated texts do not.

/** 1 for a letter or digit (\\p{L}, \\p{N}), 2 for anything else, 0 not yet looked up; by UTF-16 unit. */
const wordChar = new Uint8Array(65536);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
function isWordUnit(c: number): boolean {
  let k = wordChar[c]!;
  if (k === 0) wordChar[c] = k = LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}

/**
 * 64-bit SimHash over word 3-shingles, as 16 hex digits. Null for texts too short to compare.
 * Words are runs of letters and digits, lower-cased, each hashed twice (FNV-1a, two seeds) as it is
 * scanned, so no word strings are built.
 */
export function simhash(text: string): string | null {
  const lower = text.toLowerCase();
  const n = lower.length;
  let hw1 = new Uint32Array(Math.max(64, n >> 2));
  let hw2 = new Uint32Array(hw1.length);
  let count = 0;
  let h1 = 0;
  let h2 = 0;
  let inWord = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? lower.charCodeAt(i) : 32;
    let word: boolean;
    // A letter outside the Basic Multilingual Plane is two code units, both part of the word.
    let pair = false;
    if (c < 128) word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) word = pair = LETTER_OR_DIGIT.test(String.fromCodePoint(lower.codePointAt(i)!));
    else word = isWordUnit(c);
    if (word) {
      if (!inWord) {
        h1 = 0x811c9dc5;
        h2 = 0x9747b28c;
        inWord = true;
      }
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c, 0x01000193) >>> 0;
      if (pair) {
        const d = lower.charCodeAt(++i);
        h1 = Math.imul(h1 ^ d, 0x01000193) >>> 0;
        h2 = Math.imul(h2 ^ d, 0x01000193) >>> 0;
      }
    } else if (inWord) {
      if (count === hw1.length) {
        const g1 = new Uint32Array(count * 2);
        const g2 = new Uint32Array(count * 2);
        g1.set(hw1);
        g2.set(hw2);
        hw1 = g1;
        hw2 = g2;
      }
      hw1[count] = h1;
      hw2[count] = h2;
      count++;
      inWord = false;
    }
  }
  if (count < 20) return null;
  // Bit counts per position, eight positions at a time: (x >>> b) & 0x01010101 holds bits b, b+8,
  // b+16 and b+24 in four byte lanes, which are summed together and emptied before one can overflow.
  const ones = new Int32Array(64);
  const lanesHi = new Uint32Array(8);
  const lanesLo = new Uint32Array(8);
  const shingles = count - 2;
  const drain = () => {
    for (let b = 0; b < 8; b++) {
      for (let lane = 0; lane < 4; lane++) {
        ones[lane * 8 + b]! += (lanesHi[b]! >>> (lane * 8)) & 0xff;
        ones[32 + lane * 8 + b]! += (lanesLo[b]! >>> (lane * 8)) & 0xff;
      }
      lanesHi[b] = 0;
      lanesLo[b] = 0;
    }
  };
  for (let i = 0, pending = 0; i < shingles; i++) {
    const hi = mix(hw1[i]!, hw1[i + 1]!, hw1[i + 2]!);
    const lo = mix(hw2[i]!, hw2[i + 1]!, hw2[i + 2]!);
    for (let b = 0; b < 8; b++) {
      lanesHi[b]! += (hi >>> b) & 0x01010101;
      lanesLo[b]! += (lo >>> b) & 0x01010101;
    }
    if (++pending === 255) {
      drain();
      pending = 0;
    }
  }
  drain();
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if (ones[b]! * 2 > shingles) hi |= 1 << b;
    if (ones[32 + b]! * 2 > shingles) lo |= 1 << b;
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
 * band (pigeonhole), most within 6 do, and unrelated ones almost never (1 in 65,536 per band). Each
 * band is one integer: its number × 65,536 + its 16 bits.
 */
export function fingerprintBands(h: string): number[] {
  return [0, 1, 2, 3].map((i) => i * 65536 + parseInt(h.slice(i * 4, i * 4 + 4), 16));
}

/**
 * Copies differ from their original by a few bits (a new intro line, a credit); unrelated texts by
 * about 32 ± 4. Six bits keeps short wire items together and stays far from chance.
 */
export const NEAR_DUPLICATE_BITS = 6;
