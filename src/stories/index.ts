export { OnlineClusterer, clusterArticles, clusterNames, articleVector, type ClusterInput, type ClusterOptions } from './cluster.js';
export { buildTimeline, mainSubject, type TimelineArticle, type TimelineDay, type TimelineOptions } from './timeline.js';
export { assignSection, storyTags, storyKeywords, wordStats, DEFAULT_TAXONOMY, type WordStats } from './sections.js';
export { mergeStoryEntities } from './story-entities.js';
export { rankRelated, type RelatedCandidate, type RelatedMatch } from './related.js';
export { contentWords, cosine, cosineNormed, norm, type Vec } from './vectors.js';
