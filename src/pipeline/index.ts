export { runPipeline, runAlerts, analyzePending, clusterPending, composeChanged, reshelveStories, type PipelineOptions, type PipelineReport } from './run.js';
export { slugify } from './slug.js';
export { storyIndex } from './story-index.js';
