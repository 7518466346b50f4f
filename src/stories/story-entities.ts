import type { Entity } from '../model/index.js';
import { stateShortName } from '../analyze/entities.js';
import { particleSurname, samePerson, spellingKey, variantReason } from '../analyze/spelling.js';

const multiWord = (s: string) => /\s/.test(s.trim());
const personLike = (e: Entity) => e.type === 'PERSON';

/**
 * Merge the entities of a story's articles. Two entities are one when:
 * - a name or alias of one is a name or alias of the other ("Varga" in one article, "Ilse Varga" in
 *   the next), unless both are full names of different people who share a surname ("Bill Clinton",
 *   "Hillary Clinton"; a lone surname two such people share joins neither);
 * - a name of one is a spelling of a name of the other: a transliteration, diacritics or an official
 *   renaming ("Volodymyr Zelensky" / "Volodymyr Zelenskyy", "Turkey" / "Türkiye"), kept as evidence
 *   in `variants`; the spelling most mentioned becomes the name;
 * - one is the country whose state the other names ("Morland" and the "Morland Federation").
 */
export function mergeStoryEntities(lists: Entity[][]): Entity[] {
  const merged: Entity[] = [];
  const byForm = new Map<string, Entity>();
  const byKey = new Map<string, Entity>();
  // Each entity by its own name: the same name joins it before anything else is tried.
  const byExact = new Map<string, Entity>();
  // Entities by the short name of a state they name ("Morland" for "Morland Federation").
  const byState = new Map<string, Entity>();
  // The full-name people each lone surname form could stand for.
  const owners = new Map<string, Set<Entity>>();
  // Mentions per spelling, to name each entity by its most common one.
  const spellings = new Map<Entity, Map<string, number>>();
  const all = lists.flat().sort((a, b) => b.name.length - a.name.length);
  const compatible = (x: Entity, e: Entity) => x.type === e.type || x.type === 'OTHER' || e.type === 'OTHER';
  // Two full names of people join only when they can be one person.
  const samePeople = (x: Entity, e: Entity) => !(personLike(x) && personLike(e) && multiWord(x.name) && multiWord(e.name)) || samePerson(x.name, e.name);
  // A lone surname that stands for two different people in this story joins neither.
  const ambiguous = (e: Entity, f: string, x: Entity) => x.type === 'PERSON' && x.name !== e.name && (!multiWord(e.name) || particleSurname(e.name)) && (owners.get(spellingKey(f))?.size ?? 0) > 1;
  const byName = (e: Entity, f: string): Entity | undefined => {
    const x = byForm.get(f);
    return x && compatible(x, e) && samePeople(x, e) && !ambiguous(e, f, x) ? x : undefined;
  };
  const bySpelling = (e: Entity, f: string): Entity | undefined => {
    const k = spellingKey(f);
    if (k.length < 4) return undefined;
    // A lone surname spelled another way: the one full-name person it can stand for.
    // (A surname with its particle, "Ben Eliezer", is one too.)
    const owned = multiWord(e.name) && !particleSurname(e.name) ? undefined : owners.get(k);
    const x = byKey.get(k) ?? (owned?.size === 1 ? owned.values().next().value : undefined);
    return x && compatible(x, e) && (samePeople(x, e) || x === owned?.values().next().value) && !ambiguous(e, f, x) ? x : undefined;
  };
  // "Hillary Clinton" and "Hillary Rodham Clinton": a full name with the same surname and given name.
  const byPerson = (e: Entity): Entity | undefined => {
    if (!personLike(e) || !multiWord(e.name)) return undefined;
    const owned = owners.get(spellingKey(e.name.trim().split(/\s+/).pop()!));
    if (!owned) return undefined;
    const same = [...owned].filter((x) => compatible(x, e) && samePerson(x.name, e.name));
    return same.length === 1 ? same[0] : undefined;
  };
  const findTarget = (e: Entity, forms: string[], states: string[]): Entity | undefined => {
    const same = byExact.get(e.name);
    if (same && compatible(same, e)) return same;
    for (const f of forms) {
      const x = byName(e, f);
      if (x) return x;
    }
    for (const f of forms) {
      const x = bySpelling(e, f);
      if (x) return x;
    }
    return byPerson(e) ?? [...states.map((f) => byForm.get(f)), ...forms.map((f) => byState.get(f))].find((x) => x && x.type !== 'PERSON');
  };
  for (const e of all) {
    const forms = [e.name, ...e.aliases];
    const states = forms.map((f) => stateShortName(f)).filter((f): f is string => f !== null);
    const target = findTarget(e, forms, states);
    if (!target) {
      const copy: Entity = { ...e, aliases: [...e.aliases], roles: [...e.roles], variants: [...(e.variants ?? [])] };
      merged.push(copy);
      if (!byExact.has(copy.name)) byExact.set(copy.name, copy);
      for (const f of forms) if (!byForm.has(f)) byForm.set(f, copy);
      for (const f of forms) if (!byKey.has(spellingKey(f))) byKey.set(spellingKey(f), copy);
      for (const f of states) if (!byState.has(f)) byState.set(f, copy);
      if (personLike(copy) && multiWord(copy.name)) {
        const words = copy.name.trim().split(/\s+/);
        const surname = words.pop()!;
        // "Mohamed El Baradei": "Baradei" and "El Baradei" both stand for him.
        const withParticle = words.length > 1 && particleSurname(`${words.at(-1)} ${surname}`) ? [`${words.at(-1)} ${surname}`] : [];
        for (const f of [surname, ...withParticle, ...copy.aliases.filter((a) => !multiWord(a) || particleSurname(a))]) {
          const k = spellingKey(f);
          const set = owners.get(k);
          if (set) set.add(copy);
          else owners.set(k, new Set([copy]));
        }
      }
      spellings.set(copy, new Map([[e.name, e.mentions]]));
      continue;
    }
    target.mentions += e.mentions;
    if (target.type === 'OTHER') target.type = e.type;
    // Joined as country and state ("Morland", "Morland Federation"): a place.
    if (target.type !== e.type && [target.name, ...target.aliases, ...forms].some((f) => stateShortName(f) !== null)) target.type = 'PLACE';
    for (const f of forms) {
      if (f !== target.name && !target.aliases.includes(f)) target.aliases.push(f);
      if (!byForm.has(f)) byForm.set(f, target);
      if (!byKey.has(spellingKey(f))) byKey.set(spellingKey(f), target);
      const reason = variantReason(f, target.name);
      if (reason && !target.variants!.some((v) => v.form === f)) target.variants!.push({ form: f, reason });
    }
    for (const f of states) if (!byState.has(f)) byState.set(f, target);
    for (const r of e.roles) if (!target.roles.includes(r)) target.roles.push(r);
    const counts = spellings.get(target)!;
    counts.set(e.name, (counts.get(e.name) ?? 0) + e.mentions);
  }
  for (const e of merged) {
    // The spelling most mentioned names the entity, among the variants of its name.
    const key = spellingKey(e.name);
    const [best] = [...spellings.get(e)!].filter(([f]) => f === e.name || spellingKey(f) === key).sort((a, b) => b[1] - a[1] || (a[0] === e.name ? -1 : 1));
    if (best && best[0] !== e.name) {
      const old = e.name;
      e.name = best[0];
      e.aliases = [old, ...e.aliases.filter((a) => a !== best[0] && a !== old)];
      e.variants = [{ form: old, reason: variantReason(old, e.name)! }, ...e.variants!.filter((v) => v.form !== best[0] && v.form !== old)];
    }
    // "al-Aryan's Cairo" (a possessor run into a place's name: "Police came to al-Aryan's Cairo home")
    // does not name Cairo: where the words after the possessive are one of its own forms, they do.
    const owned = /^.+?[’']s\s+(\p{Lu}.*)$/u.exec(e.name);
    if (owned && e.aliases.includes(owned[1]!)) {
      const old = e.name;
      e.name = owned[1]!;
      e.aliases = [...e.aliases.filter((a) => a !== e.name), old];
    }
    if (e.variants!.length === 0) delete e.variants;
  }
  return merged.sort((a, b) => b.mentions - a.mentions);
}
