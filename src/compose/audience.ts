import type { AudienceProfile } from '../model/index.js';

/** Default audience: readers who prepare for disruption. A site's config may replace it. */
export const DEFAULT_AUDIENCE: AudienceProfile = {
  name: 'preparedness readers',
  concerns: [
    { label: 'Supplies', terms: ['shortage', 'shortages', 'supply', 'supplies', 'stockpile', 'stockpiles', 'food', 'rationing', 'bottled water', 'fuel', 'panic buying', 'shelves'] },
    { label: 'Power and water', terms: ['power', 'electricity', 'blackout', 'outage', 'outages', 'grid', 'water supply', 'drinking water', 'boil', 'pipeline', 'energy', 'gas'] },
    { label: 'Travel', terms: ['flights', 'airport', 'border', 'roads', 'road', 'rail', 'travel', 'closed', 'closure', 'checkpoints', 'crossing', 'ferry', 'bridge'] },
    { label: 'Safety', terms: ['evacuate', 'evacuation', 'evacuated', 'shelter', 'shelters', 'warning', 'alert', 'escalation', 'attack', 'curfew', 'quarantine', 'infection', 'symptoms', 'vaccine', 'masks'] },
  ],
};
