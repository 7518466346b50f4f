import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PipelineReport } from '../pipeline/index.js';

/**
 * The desk's Prometheus metrics, in a registry of its own (no global state: two desks in one process,
 * as in tests, keep their own counts). Served at /metrics in the text format when SITREP_METRICS=1.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly r = [this.registry];
  readonly polls = new Counter({ name: 'sitrep_polls_total', help: 'Source polls, by outcome (ok, not_modified, failed, stopped by a shutdown)', labelNames: ['outcome'], registers: this.r });
  readonly items = new Counter({ name: 'sitrep_items_total', help: 'Feed items read, by what became of them (new article, syndicated copy, skipped)', labelNames: ['kind'], registers: this.r });
  readonly failingSources = new Gauge({ name: 'sitrep_sources_failing', help: 'Sources whose last poll failed, after the last round', registers: this.r });
  readonly stageSeconds = new Histogram({ name: 'sitrep_pipeline_stage_seconds', help: 'Time a pipeline stage took in one run', labelNames: ['stage'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180], registers: this.r });
  readonly runs = new Counter({ name: 'sitrep_pipeline_runs_total', help: 'Pipeline runs (poll rounds), by outcome (ok, failed)', labelNames: ['outcome'], registers: this.r });
  readonly briefings = new Counter({ name: 'sitrep_briefings_written_total', help: 'Briefing versions written', registers: this.r });
  readonly lastRound = new Gauge({ name: 'sitrep_last_poll_round_timestamp_seconds', help: 'When the last poll round finished (Unix time)', registers: this.r });
  readonly requests = new Counter({ name: 'sitrep_http_requests_total', help: 'HTTP requests, by route and status', labelNames: ['route', 'status'], registers: this.r });
  readonly requestSeconds = new Histogram({ name: 'sitrep_http_request_duration_seconds', help: 'HTTP request latency, by route', labelNames: ['route'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: this.r });
  readonly pageCache = new Counter({ name: 'sitrep_page_cache_total', help: 'Page cache lookups, by result (hit, miss)', labelNames: ['result'], registers: this.r });

  constructor(opts: { processMetrics?: boolean } = {}) {
    // Memory, CPU, event-loop lag and handles of this process, under the usual names.
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    for (const outcome of ['ok', 'not_modified', 'failed']) this.polls.inc({ outcome }, 0);
    for (const kind of ['new', 'syndicated', 'skipped']) this.items.inc({ kind }, 0);
    for (const result of ['hit', 'miss']) this.pageCache.inc({ result }, 0);
  }

  /** Count what a pipeline run did. */
  recordRun(r: PipelineReport, failingSources: number, at: Date): void {
    for (const p of r.polled) {
      this.polls.inc({ outcome: p.stopped ? 'stopped' : !p.ok ? 'failed' : p.notModified ? 'not_modified' : 'ok' });
      this.items.inc({ kind: 'new' }, p.newArticles.length);
      this.items.inc({ kind: 'syndicated' }, p.duplicates);
      this.items.inc({ kind: 'skipped' }, p.itemErrors.length);
    }
    this.briefings.inc(r.briefingsWritten);
    this.failingSources.set(failingSources);
    this.lastRound.set(at.getTime() / 1000);
    this.runs.inc({ outcome: 'ok' });
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/**
 * A request's route as a template, so the metrics and the request log have a bounded set of labels
 * (never a slug, an id or a query): "/stories/:slug", "/api/v1/stories/:id/versions".
 */
export function routeOf(path: string): string {
  const p = path.split('?')[0] ?? '/';
  const rules: [RegExp, string][] = [
    [/^\/$/, '/'],
    [/^\/(feed\.xml|atom\.xml|feed\.json)$/, '/$1'],
    [/^\/stories\/[^/]+\/(feed\.xml|atom\.xml|feed\.json)$/, '/stories/:slug/$1'],
    [/^\/stories\/[^/]+$/, '/stories/:slug'],
    [/^\/sections\/.+\/(feed\.xml|atom\.xml|feed\.json)$/, '/sections/:path/$1'],
    [/^\/sections\/.+$/, '/sections/:path'],
    [/^\/tags\/[^/]+\/(feed\.xml|atom\.xml|feed\.json)$/, '/tags/:tag/$1'],
    [/^\/tags\/[^/]+$/, '/tags/:tag'],
    [/^\/entities\/[^/]+$/, '/entities/:slug'],
    [/^\/sources\/[^/]+$/, '/sources/:id'],
    [/^\/api\/v1\/stories\/[^/]+\/versions\/[^/]+$/, '/api/v1/stories/:id/versions/:v'],
    [/^\/api\/v1\/stories\/[^/]+\/versions$/, '/api/v1/stories/:id/versions'],
    [/^\/api\/v1\/stories\/[^/]+$/, '/api/v1/stories/:id'],
    [/^\/api\/v1\/entities\/[^/]+$/, '/api/v1/entities/:slug'],
    [/^\/admin(\/.*)?$/, '/admin'],
    [/^\/static\/[^/]+$/, '/static/:file'],
  ];
  for (const [re, route] of rules) if (re.test(p)) return p.replace(re, route);
  const known = ['/search', '/sources', '/api', '/api/v1/stories', '/api/v1/search', '/api/v1/entities', '/api/v1/sources', '/api/v1/stats', '/api/v1/openapi.json', '/sitemap.xml', '/news-sitemap.xml', '/robots.txt', '/healthz', '/readyz', '/metrics'];
  return known.includes(p) ? p : 'other';
}
