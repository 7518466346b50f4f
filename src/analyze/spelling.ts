// One entity under all its spellings: a key that is the same for the transliterations, diacritics and
// official renamings of a name ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "Zelenskiy"; "Umerov",
// "Umierov", "Umyerov"; "Turkey", "Türkiye"), and different for different names.

/**
 * Official renamings and the exonyms news still uses beside them (general data, both directions map
 * to one key). Places only: a person's variants are spellings, handled by the rules below.
 */
const RENAMED: [string, string][] = [
  ['turkiye', 'turkey'],
  ['czechia', 'czech republic'],
  ['eswatini', 'swaziland'],
  ['myanmar', 'burma'],
  ['cabo verde', 'cape verde'],
  ["cote d'ivoire", 'ivory coast'],
  ['timor-leste', 'east timor'],
  ['north macedonia', 'macedonia'],
  ['kyiv', 'kiev'],
  ['kharkiv', 'kharkov'],
  ['odesa', 'odessa'],
  ['lviv', 'lvov'],
  ['mykolaiv', 'nikolaev'],
  ['zaporizhzhia', 'zaporozhye'],
  ['luhansk', 'lugansk'],
  ['chisinau', 'kishinev'],
  ['belarus', 'byelorussia'],
  ['moldova', 'moldavia'],
  ['mumbai', 'bombay'],
  ['chennai', 'madras'],
  ['kolkata', 'calcutta'],
  ['beijing', 'peking'],
  ['yangon', 'rangoon'],
];
// Each exonym and each new name to the new name (which the word rules below would otherwise alter).
const RENAMED_KEY = new Map([...RENAMED.map(([a, b]) => [b, a] as const), ...RENAMED.map(([a]) => [a, a] as const)]);

/** A function of a name, computed once per name (names repeat across a story's articles; the memo is dropped when it grows large). */
function memo(f: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      if (cache.size > 100_000) cache.clear();
      v = f(s);
      cache.set(s, v);
    }
    return v;
  };
}

const plain = memo((s) => plainOf(s));
const plainOf = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’ʼ`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** One word's spelling key: its transliteration variants collapse, other words stay apart. */
function wordKey(w: string): string {
  let k = w.replace(/'/g, '');
  if (k.length < 5) return k;
  // Ukrainian and Russian adjective endings: -skyy, -skiy, -skii, -skyi all end in one -y.
  k = k.replace(/(?:iy|yy|ii|yi|ij|yj)$/, 'y');
  // A soft vowel written with a glide after a consonant inside the word: Umierov, Umyerov → Umerov.
  k = k.replace(/(?<=\p{L}[bcdfgklmnprstvz])[iy](?=e)/gu, '');
  // Doubled letters: Hussein / Husein, Muammar / Muamar.
  k = k.replace(/(\p{L})\1/gu, '$1');
  return k;
}

/** The key two spellings of one name share. */
export const spellingKey = memo((name) => computeKey(name));

function computeKey(name: string): string {
  const p = plain(name).replace(/^the /, '');
  const renamed = RENAMED_KEY.get(p);
  if (renamed) return renamed;
  const words = p.split(/[\s-]+/).filter((w) => w && !/^\p{L}\.?$/u.test(w)); // initials ("Donald J. Trump")
  // A surname's particle is written joined, hyphenated or apart ("ElBaradei", "El-Baradei",
  // "El Baradei"; "Ben-Eliezer", "Ben Eliezer"): joined to the word after it in the key.
  const joined: string[] = [];
  for (let i = 0; i < words.length; i++) joined.push(PARTICLE.test(words[i]!) && i + 1 < words.length ? words[i]! + words[++i]! : words[i]!);
  return joined.map(wordKey).join(' ');
}

/** The particles of Arabic, Hebrew, Dutch, German, French, Italian and Spanish surnames. */
const PARTICLE = /^(?:al|el|ben|bin|ibn|abu|van|von|der|de|da|di|du|del|della|le|la)$/;

/** Whether a name is a surname with its particle ("El Baradei", "Ben Eliezer", "van Rompuy"). */
export const particleSurname = (name: string) => {
  const w = plain(name).split(' ');
  return w.length === 2 && PARTICLE.test(w[0]!);
};

/** Whether a spelling differs from another only as a variant (for the evidence a merge keeps). */
export function variantReason(a: string, b: string): 'renamed' | 'diacritics' | 'transliteration' | null {
  if (a === b) return null;
  const pa = plain(a);
  const pb = plain(b);
  if (pa === pb) return 'diacritics';
  if (RENAMED_KEY.has(pa) && RENAMED_KEY.get(pa) === RENAMED_KEY.get(pb)) return 'renamed';
  return spellingKey(a) === spellingKey(b) ? 'transliteration' : null;
}

/**
 * Whether two full names can be one person: the same key, or the same surname and the same given
 * name (an initial standing for it), so "Hillary Clinton" and "Hillary Rodham Clinton" can be one,
 * and "Bill Clinton" and "Hillary Clinton", or two Zelenskys with different given names, never are.
 */
export function samePerson(a: string, b: string): boolean {
  const ka = spellingKey(a);
  const kb = spellingKey(b);
  if (ka === kb) return true;
  const wa = plain(a).split(/[\s]+/).filter(Boolean);
  const wb = plain(b).split(/[\s]+/).filter(Boolean);
  if (wa.length < 2 || wb.length < 2) return false;
  if (wordKey(wa[wa.length - 1]!) !== wordKey(wb[wb.length - 1]!)) return false;
  const [fa, fb] = [wa[0]!.replace(/\.$/, ''), wb[0]!.replace(/\.$/, '')];
  if (fa.length === 1 || fb.length === 1) return fa[0] === fb[0];
  return wordKey(fa) === wordKey(fb);
}
