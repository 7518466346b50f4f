export { composeBriefing, diffBriefings, type ComposeArticle, type ComposeInput } from './briefing.js';
export { DEFAULT_AUDIENCE } from './audience.js';
export { pickProducts } from './shelf.js';
export { findContradictions } from './contradictions.js';
export { renderMarkdown } from './markdown.js';
export { parseCatalogue, parseCatalogueCsv } from './catalogue.js';
export { rewriteBriefing, writerFromEnv, faithful, checkedTerms, type WriterConfig, type WriteReport } from './writer.js';
export { originGroups, claimStatus, wireCredit } from './origins.js';
