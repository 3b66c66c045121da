export * from './process-metrics.js';
export { collectScrapeGauges, type ScrapeSources } from './scrape-gauges.js';
export { renderMetrics } from './render-metrics.js';
