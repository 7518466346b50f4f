/** FNV-1a, 32 bits: a cheap, stable hash of a string (a fixed pseudo-random order, a bucket). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
