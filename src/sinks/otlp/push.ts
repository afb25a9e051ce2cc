import { AggregationTemporalityPreference, OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { UserError } from '../../core/errors.js';
import type { CounterSet, GaugeSet } from '../metrics/metric-set.js';
import { registerInstruments } from './instruments.js';
import pkg from '../../../package.json' with { type: 'json' };

/**
 * Series per instrument before the SDK folds the rest into one overflow series (its default is 2,000):
 * projects × models × token types pass that on a busy machine, and a folded series is a wrong number.
 */
const CARDINALITY_LIMIT = 1_000_000;

/** A reader that collects only when asked: each push is one collection, exported by us, its result known. */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** The URL as it may be printed: no user, password, query or fragment (they can hold credentials). */
export function printableUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** `--otlp`: an http(s) URL, the full one (`…/v1/metrics`): only it is contacted. */
export function parseOtlpUrl(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UserError('--otlp expects an http(s) URL such as http://127.0.0.1:4318/v1/metrics');
  }
  return url;
}

/** The header values the SDK takes from the environment, to be kept out of any message. */
function headerSecrets(env: Record<string, string | undefined>): string[] {
  const secrets: string[] = [];
  for (const name of ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_METRICS_HEADERS']) {
    for (const pair of (env[name] ?? '').split(',')) {
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      if (pair.includes('=') && value.length > 0) {
        secrets.push(value);
        try {
          secrets.push(decodeURIComponent(value));
        } catch {
          // Not URL-encoded: the raw value is already kept out.
        }
      }
    }
  }
  return secrets;
}

function countDataPoints(metrics: ResourceMetrics): number {
  let n = 0;
  for (const scope of metrics.scopeMetrics) for (const m of scope.metrics) n += m.dataPoints.length;
  return n;
}

/**
 * Sends the metric set over OTLP/HTTP (JSON) to one URL, with cumulative temporality: every push
 * carries the totals. Headers (auth) come from OTEL_EXPORTER_OTLP_HEADERS as the SDK reads them.
 */
export class OtlpPusher {
  private readonly exporter: OTLPMetricExporter;
  private readonly reader: OnDemandReader;
  private readonly provider: MeterProvider;
  private readonly where: string;

  constructor(
    url: URL,
    source: { counters(): CounterSet; gauges(): GaugeSet },
    private readonly env: Record<string, string | undefined> = process.env,
  ) {
    this.where = printableUrl(url);
    this.exporter = new OTLPMetricExporter({ url: url.href, temporalityPreference: AggregationTemporalityPreference.CUMULATIVE });
    this.reader = new OnDemandReader({
      aggregationTemporalitySelector: (type) => this.exporter.selectAggregationTemporality(type),
      cardinalitySelector: () => CARDINALITY_LIMIT,
    });
    this.provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'usage', 'service.version': pkg.version }),
      readers: [this.reader],
    });
    registerInstruments(this.provider.getMeter('usage', pkg.version), source);
  }

  /** One collection, sent; resolves with the number of data points, or rejects with a UserError that names no secret. */
  async push(): Promise<number> {
    const { resourceMetrics } = await this.reader.collect();
    const result = await new Promise<{ code: number; error?: Error }>((resolve) => this.exporter.export(resourceMetrics, resolve));
    if (result.code !== 0) throw new UserError(`push to ${this.where} failed: ${this.reason(result.error)}`);
    return countDataPoints(resourceMetrics);
  }

  async close(): Promise<void> {
    await this.provider.shutdown();
  }

  /** HTTP status when there is one, else the error's own message, with every header value taken out. */
  private reason(err: Error | undefined): string {
    const status = (err as { code?: unknown } | undefined)?.code;
    let text = typeof status === 'number' ? `HTTP ${status}` : (err?.message ?? 'unknown error');
    for (const secret of headerSecrets(this.env)) text = text.split(secret).join('***');
    return text.replace(/\s+/g, ' ').trim();
  }
}
