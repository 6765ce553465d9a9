// Prometheus metrics (prom-client), served at GET /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly turns = new Counter({
    name: 'hvs_turns_total',
    help: 'Turns handled, by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly turnSeconds = new Histogram({
    name: 'hvs_turn_duration_seconds',
    help: 'Time from inbound message to saved state, by channel',
    labelNames: ['channel'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly storeConflicts = new Counter({
    name: 'hvs_store_conflicts_total',
    help: 'Turns retried because another turn of the same user saved first',
    registers: [this.registry],
  });
  readonly serviceCalls = new Counter({
    name: 'hvs_service_calls_total',
    help: 'Calls to services outside the engine (qa, scam-check), by outcome',
    labelNames: ['service', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly engineEvents = new Counter({
    name: 'hvs_engine_events_total',
    help: 'Engine events (flow_started, flow_completed, quiz_answered, ...)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly channelSends = new Counter({
    name: 'hvs_channel_sends_total',
    help: 'Outgoing platform calls, by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'hvs_deliveries_total',
    help: 'Saved reply messages handed to push channels, by channel and outcome (sent, retry-later, given-up)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly recoveredDeliveries = new Counter({
    name: 'hvs_recovered_deliveries_total',
    help: 'Residents whose unsent reply was taken over after its deadline (crash, or platform said later)',
    registers: [this.registry],
  });

  readonly leaseHeld = new Gauge({
    name: 'hvs_lease_held',
    help: 'Whether this process holds a lease (1) or stands by (0): telegram-poller, zalo-listener',
    labelNames: ['lease'] as const,
    registers: [this.registry],
  });
  readonly aiSeconds = new Histogram({
    name: 'hvs_ai_request_duration_seconds',
    help: 'Model calls (Q&A, classifier), by purpose and outcome',
    labelNames: ['purpose', 'outcome'] as const,
    buckets: [0.25, 0.5, 1, 2, 4, 8, 15, 30],
    registers: [this.registry],
  });
  readonly aiTokens = new Counter({
    name: 'hvs_ai_tokens_total',
    help: 'Tokens the model reported, by purpose and kind (prompt, completion)',
    labelNames: ['purpose', 'kind'] as const,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'hvs_queue_depth',
    help: 'Jobs waiting or delayed in a broadcast queue (BullMQ), sampled',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  readonly deliveryLagSeconds = new Histogram({
    name: 'hvs_delivery_lag_seconds',
    help: 'Time from a committed turn to the platform accepting its reply, by channel',
    labelNames: ['channel'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers: [this.registry],
  });
  readonly contentGeneration = new Gauge({
    name: 'hvs_content_generation',
    help: 'Content reload generation this process serves (all processes should agree)',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'hvs_' });
  }
}
