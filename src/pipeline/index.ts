export { runPipeline, analyzePending, clusterPending, composeChanged, slugify, type PipelineOptions, type PipelineReport } from './run.js';
