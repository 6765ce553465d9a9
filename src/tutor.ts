// The composition root: configuration → logger → content → store → conversation
// → HTTP server → channels. main.ts runs it; tests start it in-process.
import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import type pino from 'pino';
import { Broadcaster, broadcastEnvSchema } from './broadcast/index.js';
import { registerBroadcastRoutes } from './broadcast/routes.js';
import { followWardDirectory, loadWardDirectory, registerConsole, StatsKeeper } from './console/index.js';
import { personalDataWarning } from './ai/index.js';
import { channelModules } from './channels/index.js';
import { ContentSync } from './cluster/content-sync.js';
import { tracedConversation } from './cluster/traced-conversation.js';
import { describeStoreTarget, waitForStore } from './cluster/wait-for-store.js';
import { newUserState } from './engine/state.js';
import type { Channel } from './channels/types.js';
import { loadConfig, type LoadedConfig } from './config/index.js';
import { ContentError, defaultContentPaths } from './content/loader.js';
import { flowSources } from './content/registry.js';
import { createLogger, type Logger } from './log/logger.js';
import { buildMediaReader, mediaEnvSchema } from './media/index.js';
import { ContentHolder } from './runtime/content-holder.js';
import { Conversation, type ConversationOptions } from './runtime/conversation.js';
import { Deliveries } from './runtime/delivery.js';
import { buildServices, buildUnsureClassifier, serviceEnvSchemas } from './runtime/services.js';
import { registerAdminRoutes } from './server/admin.js';
import { recordContentReports } from './server/content-reports.js';
import { createHttpServer } from './server/app.js';
import { Metrics } from './server/metrics.js';
import { createStore, type Store } from './store/index.js';
import { journeyHook } from './journey/hooks.js';
import { runSteps } from './runtime/steps.js';
import { WardRankBoard } from './journey/ward-ranks.js';
import { registerJourneyRoutes } from './journey/routes.js';
import { startTelemetry, tracedSends, tracedServices, type Telemetry } from './telemetry/index.js';

export interface Tutor {
  config: LoadedConfig;
  http: FastifyInstance;
  /** Base URL the server listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  store: Store;
  content: ContentHolder;
  conversation: Conversation;
  deliveries: Deliveries;
  channels: Channel[];
  broadcaster: Broadcaster;
  logger: Logger;
  metrics: Metrics;
  /** Content version and reloads shared by every process on the same Redis. */
  contentSync: ContentSync;
  /** Reloads the content here and on every other process (admin API, SIGHUP). */
  reloadContent(): ReturnType<ContentSync['reload']>;
  /** Resolves when every turn received so far is committed and its reply delivered (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  logDestination?: pino.DestinationStream;
  /** Extra hook after each saved turn (tests, analytics). */
  onCommitted?: ConversationOptions['onCommitted'];
}

/** Reads configuration; throws ConfigError listing every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv): LoadedConfig {
  return loadConfig(env, [...channelModules.map((module) => module.envSchema), ...serviceEnvSchemas, broadcastEnvSchema, mediaEnvSchema]);
}

export async function startTutor(options: StartOptions): Promise<Tutor> {
  const config = readConfig(options.env);
  const { core } = config;
  const logger = createLogger(core.LOG_LEVEL, options.logDestination);
  const loaded = await ContentHolder.load(defaultContentPaths(path.resolve(core.CONTENT_ROOT)), flowSources);
  if (Array.isArray(loaded)) throw new ContentError(loaded);
  const media = await buildMediaReader({ rawEnv: config.rawEnv, contentDir: loaded.paths.contentDir, logger: logger.child({ component: 'media' }) });
  const store = createStore({ redisUrl: core.REDIS_URL, redisPrefix: core.REDIS_PREFIX, dataDir: core.DATA_DIR });
  // Nothing listens, and nothing says "ready", before the store answers.
  await waitForStore(store, { logger, maxWaitMs: core.STORE_WAIT_MS, where: describeStoreTarget(core.REDIS_URL, core.DATA_DIR) }).catch(async (error: unknown) => {
    await store.close().catch(() => undefined);
    throw error;
  });
  const metrics = new Metrics({ defaultMetrics: true });
  const contentSync = new ContentSync({
    content: loaded,
    logger: logger.child({ component: 'content' }),
    redisUrl: core.REDIS_URL,
    prefix: core.REDIS_PREFIX,
    watchFiles: core.CONTENT_WATCH,
    onChange: (status) => metrics.contentGeneration.set(status.generation),
  });
  const lifecycle = { draining: false };
  const channels: Channel[] = [];
  const http = createHttpServer({
    logger,
    metrics,
    store,
    trustProxy: core.TRUST_PROXY,
    status: () => ({ content: contentSync.status() }),
    accepting: () => !lifecycle.draining,
    healthChecks: () => ({ ...Object.fromEntries(channels.filter((c) => c.health).map((c) => [c.name, c.health!()])), media: media.health() }),
  });
  // Spans only with OTEL_EXPORTER_OTLP_ENDPOINT (the SDK is not loaded otherwise); log trace ids always.
  const telemetry = await startTelemetry(core.OTEL_EXPORTER_OTLP_ENDPOINT, logger);
  try {
    return await assemble({ config, logger, content: loaded, contentSync, lifecycle, store, metrics, channels, http, telemetry, onCommitted: options.onCommitted, readMedia: media.read });
  } catch (error) {
    // A failure after the store is open (a channel's settings, a port in use) must not leave it open.
    for (const channel of channels) await channel.stop().catch(() => undefined);
    await http.close().catch(() => undefined);
    await contentSync.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    await telemetry?.close();
    throw error;
  }
}

interface Parts {
  config: LoadedConfig;
  logger: Logger;
  content: ContentHolder;
  contentSync: ContentSync;
  lifecycle: { draining: boolean };
  store: Store;
  metrics: Metrics;
  channels: Channel[];
  http: FastifyInstance;
  telemetry?: Telemetry;
  onCommitted?: ConversationOptions['onCommitted'];
  readMedia?: ConversationOptions['readMedia'];
}

async function assemble({ config, logger, content, contentSync, lifecycle, store, metrics, channels, http, telemetry, onCommitted, readMedia }: Parts): Promise<Tutor> {
  const { core, rawEnv } = config;
  const { TIMEZONE, QUIET_HOURS } = broadcastEnvSchema.parse(rawEnv);
  const wards = followWardDirectory(content, (await loadWardDirectory(content.paths.contentDir)).directory);
  const stats = new StatsKeeper(
    store,
    () => content.registry,
    wards,
    TIMEZONE,
    (error) => logger.warn({ err: error }, 'dashboard counters not written yet'),
  );
  const services = tracedServices(await buildServices({ rawEnv, store, content, logger, metrics, timeZone: TIMEZONE }));
  // Created once the channels exist; the after-turn hook reads it from here.
  const late: { broadcaster?: Broadcaster } = {};
  const journey = journeyHook({ store, content, channel: (name) => channels.find((channel) => channel.name === name), logger: logger.child({ component: 'journey' }) });
  const wardRanks = core.WARD_RANK_FOR_RESIDENTS ? new WardRankBoard(store, content, logger.child({ component: 'ward-ranks' })) : undefined;
  const conversation = new Conversation({
    store,
    content,
    services,
    logger,
    metrics,
    cachedUsers: core.STATE_CACHE_USERS,
    links: { telegramBot: core.TELEGRAM_BOT_USERNAME?.replace(/^@/, ''), webUrl: core.PUBLIC_URL },
    wardRanks: () => wardRanks?.current(),
    classifyUnsure: buildUnsureClassifier({ rawEnv, metrics }),
    inboundGuard: (text, state) => personalDataWarning(text, state ?? newUserState(Date.now()), content),
    readMedia,
    onCommitted: (committed) =>
      runSteps([
        // The store forgets everything it holds in the same commit; queued broadcast jobs are dropped here.
        () => (committed.result.deleteUser ? late.broadcaster?.forgetUser(committed.userKey) : undefined),
        () => recordContentReports(store, content.registry, committed),
        () => stats.record(committed),
        () => journey(committed),
        () => onCommitted?.(committed),
      ]),
  });
  await contentSync.start();
  registerJourneyRoutes(http, { adminToken: core.ADMIN_TOKEN, store, content });
  metrics.contentGeneration.set(contentSync.status().generation);
  registerAdminRoutes(http, { adminToken: core.ADMIN_TOKEN, store, content, reload: () => contentSync.reload(), publicUrl: core.PUBLIC_URL ?? `http://localhost:${core.PORT}` });
  for (const module of channelModules) {
    if (!module.isEnabled(rawEnv)) continue;
    // Each message a channel hands over runs under its own trace id (logs from channel to delivery carry it).
    channels.push(await module.create({ core, rawEnv, conversation: tracedConversation(conversation), http, store, content, logger: logger.child({ channel: module.name }), metrics }));
  }
  const byName = new Map(channels.map((channel) => [channel.name, channel]));
  const sending = tracedSends(channels);
  const deliveries = new Deliveries({
    store,
    channel: (name) => sending.get(name),
    logger: logger.child({ component: 'delivery' }),
    metrics,
    recoverAfterMs: core.DELIVERY_RECOVERY_AFTER_MS,
    recoveryIntervalMs: core.DELIVERY_RECOVERY_INTERVAL_MS,
  });
  conversation.useDeliveries(deliveries);
  const broadcaster = (late.broadcaster = new Broadcaster({
    rawEnv,
    redisUrl: core.REDIS_URL,
    redisPrefix: core.REDIS_PREFIX,
    store,
    content,
    channels,
    logger: logger.child({ component: 'broadcast' }),
    runWorkers: broadcastEnvSchema.parse(rawEnv).BROADCAST_WORKERS,
    schedule: true,
  }));
  registerBroadcastRoutes(http, broadcaster, core.ADMIN_TOKEN, store.shared);
  const stopConsole = registerConsole(http, {
    store,
    content,
    channels: byName,
    broadcaster,
    adminToken: core.ADMIN_TOKEN,
    logger: logger.child({ component: 'console' }),
    timeZone: TIMEZONE,
    quietHours: QUIET_HOURS,
    wards,
    stats,
  });
  const address = await http.listen({ port: core.PORT, host: core.HOST });
  deliveries.startRecovery();
  wardRanks?.start();
  await broadcaster.start();
  // Receiving comes last, once everything else has started (broadcast workers import BullMQ): the
  // first updates then find a settled process. Sends that need a channel's start (a Zalo login)
  // are retryable until it is done, as on a worker process.
  for (const channel of channels) await channel.start();
  const sampler = sampleQueueDepth(broadcaster, metrics, logger);
  logger.info({ address, store: store.kind, channels: channels.map((c) => c.name), flows: content.registry.all().length }, 'Học Vụ Số is ready');
  let closed = false;
  return {
    config,
    http,
    store,
    content,
    conversation,
    deliveries,
    channels,
    broadcaster,
    logger,
    metrics,
    contentSync,
    reloadContent: () => contentSync.reload(),
    url: address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'),
    async idle() {
      await conversation.idle();
      await deliveries.idle();
    },
    /**
     * Graceful stop: refuse new requests, let turns in flight commit and their
     * replies go out, then close queues, channels and the store, each step
     * bounded so a stuck part cannot hold the process (main.ts has a deadline too).
     */
    async close() {
      if (closed) return;
      closed = true;
      // /readyz answers 503 from now on, so a load balancer stops sending here.
      lifecycle.draining = true;
      const step = async (name: string, work: () => Promise<unknown>, ms = 5_000) => {
        const started = Date.now();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms).unref()));
        const outcome = await Promise.race([work().catch((error) => logger.error({ err: error, step: name }, 'shutdown step failed')), late]);
        clearTimeout(timer);
        if (outcome === 'late') logger.warn({ step: name, ms }, 'shutdown step took too long; going on');
        else logger.debug({ step: name, ms: Date.now() - started }, 'shutdown step done');
      };
      const closingHttp = http.close();
      // Pollers stop first and hand their lease over, so another process receives while this one drains.
      await step('stop receiving', () => Promise.all(channels.map((channel) => (channel as { stopReceiving?: () => Promise<void> }).stopReceiving?.())));
      await step('turns in flight', () => conversation.idle());
      await step('replies in flight', () => deliveries.close());
      await step('console', () => stopConsole());
      clearInterval(sampler);
      wardRanks?.stop();
      await step('broadcasts', () => broadcaster.close());
      for (const channel of channels) await step(`channel ${channel.name}`, () => channel.stop());
      await step('http', () => closingHttp, 2_000);
      await step('content sync', () => contentSync.close(), 2_000);
      await step('store', () => store.close(), 2_000);
      if (telemetry) await step('spans', () => telemetry.close(), 5_000);
    },
  };
}

/** Broadcast queue depth for /metrics at start and every 15 s (BullMQ only; the embedded queue is one process's loop). */
function sampleQueueDepth(broadcaster: Broadcaster, metrics: Metrics, logger: Logger): NodeJS.Timeout {
  const queue = broadcaster.queue as { depths?: () => Promise<{ queue: string; state: string; count: number }[]> };
  const sample = () => {
    void queue
      .depths?.()
      .then((rows) => rows.forEach((row) => metrics.queueDepth.set({ queue: row.queue, state: row.state }, row.count)))
      .catch((error: unknown) => logger.debug({ err: error }, 'queue depth not sampled'));
  };
  sample();
  return setInterval(sample, 15_000).unref();
}
