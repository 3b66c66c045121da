import { Registry } from 'prom-client';
import { processRegistry } from './process-metrics.js';
import { collectScrapeGauges, type ScrapeSources } from './scrape-gauges.js';

/** The exposition text and its content type: this process's counters, plus the shared gauges when given. */
export async function renderMetrics(
  shared?: ScrapeSources,
): Promise<{ contentType: string; body: string }> {
  const registry = shared
    ? Registry.merge([processRegistry, await collectScrapeGauges(shared)])
    : processRegistry;
  return { contentType: processRegistry.contentType, body: await registry.metrics() };
}
