// The OpenTelemetry tracer: spans exported over OTLP/HTTP (JSON) to
// OTEL_EXPORTER_OTLP_ENDPOINT, in batches off the hot path. Loaded only by
// src/telemetry/index.ts, and only when that variable is set.
import { context, diag, DiagLogLevel, propagation, SpanKind, SpanStatusCode, trace, type Span, type Tracer as OtelTracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { hostname } from 'node:os';
import { useTracer, type SpanAttributes, type SpanHandle, type Tracer } from '../cluster/trace.js';
import type { Logger } from '../log/logger.js';
import { redact } from '../privacy/redact.js';

/** Starts exporting; close() flushes what is buffered and stops (the Telemetry of src/telemetry/index.ts). */
export function startOpenTelemetry({ endpoint, logger }: { endpoint: string; logger: Logger }): { close(): Promise<void> } {
  // The SDK's own complaints (a collector that does not answer) become warnings in our logs.
  const log = logger.child({ component: 'telemetry' });
  const warn = (message: string, ...args: unknown[]) => log.warn({ detail: args.map(String).join(' ') }, message);
  diag.setLogger({ error: warn, warn, info: () => undefined, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.WARN);
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': 'hoc-vu-so', 'service.instance.id': `${hostname()}:${process.pid}` })),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(endpoint) }))],
  });
  // The AsyncLocalStorage context manager: the active span follows the turn like the log trace id did.
  provider.register();
  useTracer(otelTracer(provider.getTracer('hoc-vu-so')));
  log.info({ endpoint: tracesUrl(endpoint) }, 'OpenTelemetry spans on');
  return {
    async close() {
      useTracer();
      await provider.shutdown().catch((error: unknown) => log.warn({ err: error }, 'spans not all exported'));
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}

/** The spec's rule for the generic endpoint variable: traces go to <endpoint>/v1/traces. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

function otelTracer(tracer: OtelTracer): Tracer {
  const run = <T>(name: string, attributes: SpanAttributes, root: boolean, work: (span: SpanHandle) => T): T =>
    tracer.startActiveSpan(name, { attributes: masked(attributes), root, kind: root ? SpanKind.SERVER : SpanKind.INTERNAL }, (span) => {
      let result: T;
      try {
        result = work({ set: (more) => void span.setAttributes(masked(more)) });
      } catch (error) {
        end(span, error);
        throw error;
      }
      if (!(result instanceof Promise)) {
        span.end();
        return result;
      }
      return result.then(
        (value: unknown) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          end(span, error);
          throw error;
        },
      ) as T;
    });
  return {
    spans: true,
    root: (name, attributes, work) => run(name, attributes, true, work),
    child: (name, attributes, work) => run(name, attributes, false, work),
    traceId: () => trace.getActiveSpan()?.spanContext().traceId,
  };
}

/** Attributes are our own labels; text values still pass the log redaction, in case one ever carries a number (pseudonyms excepted). */
function masked(attributes: SpanAttributes): SpanAttributes {
  const out: SpanAttributes = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = typeof value === 'string' && key !== 'hvs.user' ? redact(value) : value;
  return out;
}

/**
 * A failed span keeps the error's kind only: a message may quote what a resident
 * wrote, and the log line with the same trace id has it, redacted.
 */
function end(span: Span, error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  span.recordException({ name: kind });
  span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
  span.end();
}
