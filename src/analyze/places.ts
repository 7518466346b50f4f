// Country names (from countries-list), the US states and the continents: general data that tells
// "Sudan said …" from a person.
import { countries } from 'countries-list';

const US_STATES =
  'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming';
const OTHER = 'Africa|Asia|Europe|Antarctica|Oceania|North America|South America|Latin America|Middle East|Britain|Great Britain|England|Scotland|Wales|Northern Ireland|Russia|America|Gaza|West Bank|Kashmir|Darfur|Crimea|Donbas|Kosovo|Taiwan|Palestine|Tibet|Siberia|Caribbean|Balkans|Sahel';

// Countries by their usual initials.
const SHORT = 'US|U.S.|U.S|USA|U.S.A.|UK|U.K.|U.K|UAE|DRC';

let places: Set<string> | null = null;

export function isKnownPlace(name: string): boolean {
  if (!places) {
    places = new Set<string>();
    for (const c of Object.values(countries)) places.add(c.name);
    for (const p of `${US_STATES}|${OTHER}|${SHORT}`.split('|')) places.add(p);
  }
  return places.has(name);
}
