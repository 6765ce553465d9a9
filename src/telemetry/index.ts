// OpenTelemetry, only when an exporter is configured (OTEL_EXPORTER_OTLP_ENDPOINT):
// the SDK is imported here, lazily, so a tutor without it never loads it.
import type { Logger } from '../log/logger.js';

export { tracedSends, tracedServices } from './spans.js';

export interface Telemetry {
  /** Sends the spans still buffered and stops tracing (the log ids carry on). */
  close(): Promise<void>;
}

export async function startTelemetry(endpoint: string | undefined, logger: Logger): Promise<Telemetry | undefined> {
  if (!endpoint) return undefined;
  const { startOpenTelemetry } = await import('./otel.js');
  return startOpenTelemetry({ endpoint, logger });
}
