// Every setting comes from environment variables (and .env when present),
// validated at start-up. Modules (channels, AI, broadcasts) add their own
// variables as zod shapes; all are checked together so one run lists every mistake.
import { z } from 'zod';
import { clusterDescriptor, sentinelDescriptor } from '../cluster/redis-connection.js';
import { trustProxySchema } from './trust-proxy.js';

export type { TrustProxy } from './trust-proxy.js';

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const coreEnvSchema = z.object({
  PORT: port(3000).describe('a port number from 1 to 65535 (0 picks a free one)'),
  HOST: z.string().min(1).default('0.0.0.0').describe('an address to listen on, e.g. 0.0.0.0 or 127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data').describe('a folder for the embedded database and channel files'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/)
    .optional()
    .describe('a Redis URL such as redis://127.0.0.1:6379 (leave empty for the embedded store)'),
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^\s*[^\s:,]+:\d{1,5}(\s*,\s*[^\s:,]+:\d{1,5})*\s*$/)
    .optional()
    .describe('Redis Cluster nodes as host:port separated by commas, e.g. 10.0.0.1:7000,10.0.0.2:7000 (instead of REDIS_URL)'),
  REDIS_SENTINELS: z
    .string()
    .regex(/^\s*[^\s:,]+:\d{1,5}(\s*,\s*[^\s:,]+:\d{1,5})*\s*$/)
    .optional()
    .describe('Redis Sentinel addresses as host:port separated by commas, with REDIS_SENTINEL_NAME (instead of REDIS_URL)'),
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional()
    .describe('the master group name Sentinel watches, e.g. mymaster'),
  REDIS_PASSWORD: z.string().min(1).optional().describe('the password for REDIS_CLUSTER_NODES or REDIS_SENTINELS (with REDIS_URL, put it in the URL)'),
  LEASE_TTL_MS: positiveInt(10_000).describe(
    'milliseconds a lease (the Telegram poller, a Zalo account listener) lasts without renewal: how soon another process takes over from a dead one (a whole number)',
  ),
  CONTENT_WATCH: bool(false).describe('true to reload content (on every process) when a file under flows/ or content/ changes'),
  STORE_WAIT_MS: z.coerce.number().int().min(0).default(60_000).describe('milliseconds start-up waits for the store to answer before giving up (a whole number; 0 waits forever)'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,32}$/)
    .default('hvs:')
    .describe('a short key prefix (letters, digits, ":", "_", "-"), to share one Redis between deployments'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .url()
    .regex(/^https?:\/\//)
    .optional()
    .describe('the http(s) address of an OpenTelemetry collector (OTLP over HTTP), e.g. http://otel-collector:4318; spans go to <address>/v1/traces (leave empty for no spans)'),
  WARD_RANK_FOR_RESIDENTS: bool(true).describe('true or false: "tiến độ" tells residents where their ward stands in the thi đua (standings refreshed hourly)'),
  NUDGE_AFTER_DAYS: positiveInt(3).describe('days after a resident stopped in the middle of a lesson before one "học tiếp" reminder (a whole number; at most one a week)'),
  TELEGRAM_BOT_USERNAME: z
    .string()
    .regex(/^@?[A-Za-z0-9_]{5,32}$/)
    .optional()
    .describe("the Telegram bot's username (as in t.me/<username>), for invitation deep links; without it invitations offer the web link and the code"),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('one of fatal, error, warn, info, debug, trace, silent'),
  PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//)
    .optional()
    .describe('the public https address of this server, e.g. https://hocvuso.example.vn'),
  ADMIN_TOKEN: z.string().min(16).optional().describe('a secret of at least 16 characters for the admin API'),
  CONTENT_ROOT: z.string().min(1).default('.').describe('the folder that holds flows/ and content/'),
  TRUST_PROXY: trustProxySchema,
  STATE_CACHE_USERS: z.coerce.number().int().min(0).default(20_000).describe('how many recently active residents to keep in memory to skip a store read per turn (a whole number; 0 turns it off)'),
  DELIVERY_RECOVERY_AFTER_MS: positiveInt(15_000).describe('milliseconds after which a reply not yet delivered is taken over by any process (a whole number)'),
  SHUTDOWN_TIMEOUT_MS: positiveInt(15_000).describe('milliseconds a stop (SIGTERM) may take to finish turns in flight and close everything before the process exits anyway (a whole number)'),
  DELIVERY_RECOVERY_INTERVAL_MS: positiveInt(5_000).describe('how often, in milliseconds, each process looks for replies left unsent (a whole number)'),
});

export type CoreConfig = z.output<typeof coreEnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; expected: string; got?: string }[]) {
    super(formatConfigProblems(problems));
    this.name = 'ConfigError';
  }
}

function formatConfigProblems(problems: ConfigError['problems']): string {
  const lines = problems.map((p) => `  - ${p.variable}: expected ${p.expected}${p.got === undefined ? '' : `, got "${p.got}"`}`);
  return ['Cấu hình không hợp lệ / Invalid configuration:', ...lines, 'Xem .env.example / See .env.example.'].join('\n');
}

export interface LoadedConfig {
  core: CoreConfig;
  /** The environment that passed validation; a module parses its own shape from it (cannot fail). */
  rawEnv: Record<string, string>;
}

/** Validates the environment against the core shape plus each module's shape. */
export function loadConfig(env: NodeJS.ProcessEnv, moduleSchemas: z.ZodObject[] = []): LoadedConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  let schema: z.ZodObject = coreEnvSchema;
  for (const extra of moduleSchemas) schema = schema.extend(extra.shape);
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '?');
      const field = schema.shape[variable] as z.ZodType | undefined;
      const secret = /TOKEN|SECRET|PASSWORD|KEY/.test(variable);
      const raw = cleaned[variable];
      return { variable, expected: field?.description ?? issue.message, got: raw === undefined || secret ? undefined : String(raw) };
    });
    throw new ConfigError(problems);
  }
  const core = coreEnvSchema.parse(cleaned);
  return { core: { ...core, REDIS_URL: redisDescriptor(core) }, rawEnv: cleaned as Record<string, string> };
}

/**
 * One Redis setting at most; Cluster and Sentinel become a descriptor string in
 * REDIS_URL (see src/cluster/redis-connection.ts), so every module keeps taking one URL.
 */
function redisDescriptor(core: CoreConfig): string | undefined {
  const chosen = [core.REDIS_URL && 'REDIS_URL', core.REDIS_CLUSTER_NODES && 'REDIS_CLUSTER_NODES', core.REDIS_SENTINELS && 'REDIS_SENTINELS'].filter(Boolean) as string[];
  if (chosen.length > 1) throw new ConfigError(chosen.map((variable) => ({ variable, expected: `only one of ${chosen.join(', ')} (they are different ways to reach Redis)` })));
  if (core.REDIS_SENTINELS && !core.REDIS_SENTINEL_NAME)
    throw new ConfigError([{ variable: 'REDIS_SENTINEL_NAME', expected: 'the master group name Sentinel watches (needed with REDIS_SENTINELS), e.g. mymaster' }]);
  if (core.REDIS_CLUSTER_NODES) return clusterDescriptor(core.REDIS_CLUSTER_NODES, core.REDIS_PASSWORD);
  if (core.REDIS_SENTINELS) return sentinelDescriptor(core.REDIS_SENTINEL_NAME!, core.REDIS_SENTINELS, core.REDIS_PASSWORD);
  return core.REDIS_URL;
}
