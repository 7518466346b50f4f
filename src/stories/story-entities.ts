import type { Entity } from '../model/index.js';
import { stateShortName } from '../analyze/entities.js';

/**
 * Merge the entities of a story's articles: two entities are one when a name or alias of one is a
 * name or alias of the other ("Varga" in one article, "Ilse Varga" in the next), or when one is the
 * country whose state the other names ("Morland" and the "Morland Federation", whatever their types).
 */
export function mergeStoryEntities(lists: Entity[][]): Entity[] {
  const merged: Entity[] = [];
  const byForm = new Map<string, Entity>();
  // Entities by the short name of a state they name ("Morland" for "Morland Federation").
  const byState = new Map<string, Entity>();
  const all = lists.flat().sort((a, b) => b.name.length - a.name.length);
  for (const e of all) {
    const forms = [e.name, ...e.aliases];
    const states = forms.map((f) => stateShortName(f)).filter((f): f is string => f !== null);
    const target =
      forms.map((f) => byForm.get(f)).find((x) => x && (x.type === e.type || x.type === 'OTHER' || e.type === 'OTHER')) ??
      [...states.map((f) => byForm.get(f)), ...forms.map((f) => byState.get(f))].find((x) => x && x.type !== 'PERSON');
    if (!target) {
      const copy: Entity = { ...e, aliases: [...e.aliases], roles: [...e.roles] };
      merged.push(copy);
      for (const f of forms) if (!byForm.has(f)) byForm.set(f, copy);
      for (const f of states) if (!byState.has(f)) byState.set(f, copy);
      continue;
    }
    target.mentions += e.mentions;
    if (target.type === 'OTHER') target.type = e.type;
    // Joined as country and state ("Morland", "Morland Federation"): a place.
    if (target.type !== e.type && [target.name, ...target.aliases, ...forms].some((f) => stateShortName(f) !== null)) target.type = 'PLACE';
    for (const f of forms) {
      if (f !== target.name && !target.aliases.includes(f)) target.aliases.push(f);
      if (!byForm.has(f)) byForm.set(f, target);
    }
    for (const f of states) if (!byState.has(f)) byState.set(f, target);
    for (const r of e.roles) if (!target.roles.includes(r)) target.roles.push(r);
  }
  return merged.sort((a, b) => b.mentions - a.mentions);
}
