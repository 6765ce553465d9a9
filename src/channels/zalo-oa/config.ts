// Settings of the Zalo Official Account channel (all ZALO_OA_*). Enabled by
// ZALO_OA_APP_ID; the secrets and the first token pair come from the OA's app
// on developers.zalo.me (see docs/zalo.md).
import { z } from 'zod';
import { ConfigError } from '../../config/index.js';

const secret = (what: string) =>
  z
    .string()
    .regex(/^\S{8,}$/)
    .optional()
    .describe(what);

export const zaloOaEnvSchema = z.object({
  ZALO_OA_APP_ID: z
    .string()
    .regex(/^\d{5,25}$/)
    .optional()
    .describe('the App ID of the Zalo app connected to the OA (digits, from developers.zalo.me; leave empty to turn the OA channel off)'),
  ZALO_OA_APP_SECRET: secret('the app\'s "Khóa bí mật của ứng dụng" / App Secret Key, used to refresh tokens'),
  ZALO_OA_SECRET_KEY: secret('the "OA Secret Key" of the app\'s Webhook page, used to check webhook signatures'),
  ZALO_OA_REFRESH_TOKEN: secret('the first refresh token of the OA (rotates: the tutor keeps the current one in its store)'),
  ZALO_OA_ACCESS_TOKEN: secret('the first OA access token (optional: used until the first refresh, done at start with a new refresh token)'),
  ZALO_OA_API_BASE: z.string().url().default('https://openapi.zalo.me').describe('the OA API address, e.g. https://openapi.zalo.me'),
  ZALO_OA_OAUTH_BASE: z.string().url().default('https://oauth.zaloapp.com').describe('the Zalo OAuth address, e.g. https://oauth.zaloapp.com'),
  ZALO_OA_MAX_EVENT_AGE_S: z.coerce
    .number()
    .int()
    .min(30)
    .max(86_400)
    .default(900)
    .describe("seconds after which a webhook event counts as stale and is refused, 30 to 86400 (default 900 covers Zalo's first redeliveries)"),
  ZALO_OA_REPLY_WINDOW_HOURS: z.coerce
    .number()
    .positive()
    .max(168)
    .default(48)
    .describe("hours after a resident's last message during which the OA may send them consultation messages, up to 168 (default 48, the free window)"),
  ZALO_OA_FREE_REPLIES: z.coerce.number().int().min(0).max(1000).default(8).describe('consultation messages allowed per resident message within the window (default 8; 0: do not count)'),
  ZALO_OA_RATE: z.coerce.number().positive().max(100).default(10).describe('messages per second over the whole OA, e.g. 10'),
  ZALO_OA_SEND_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(500).describe('milliseconds between two messages to the same resident, 0 to 60000'),
});

export type ZaloOaEnv = z.output<typeof zaloOaEnvSchema>;

export interface ZaloOaConfig {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  seed: { accessToken?: string; refreshToken?: string };
  apiBase: string;
  oauthBase: string;
  maxEventAgeMs: number;
  replyWindowMs: number;
  freeReplies: number;
  rate: number;
  sendIntervalMs: number;
}

/** The parsed settings; a missing secret is a configuration error naming the variable. */
export function readZaloOaConfig(rawEnv: Record<string, string>): ZaloOaConfig {
  const env = zaloOaEnvSchema.parse(rawEnv);
  const required = ['ZALO_OA_APP_SECRET', 'ZALO_OA_SECRET_KEY'] as const;
  const missing = required.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(missing.map((variable) => ({ variable, expected: `${zaloOaEnvSchema.shape[variable].description} when ZALO_OA_APP_ID is set` })));
  }
  return {
    appId: env.ZALO_OA_APP_ID!,
    appSecret: env.ZALO_OA_APP_SECRET!,
    oaSecretKey: env.ZALO_OA_SECRET_KEY!,
    seed: { accessToken: env.ZALO_OA_ACCESS_TOKEN, refreshToken: env.ZALO_OA_REFRESH_TOKEN },
    apiBase: env.ZALO_OA_API_BASE.replace(/\/+$/, ''),
    oauthBase: env.ZALO_OA_OAUTH_BASE.replace(/\/+$/, ''),
    maxEventAgeMs: env.ZALO_OA_MAX_EVENT_AGE_S * 1000,
    replyWindowMs: env.ZALO_OA_REPLY_WINDOW_HOURS * 3600_000,
    freeReplies: env.ZALO_OA_FREE_REPLIES,
    rate: env.ZALO_OA_RATE,
    sendIntervalMs: env.ZALO_OA_SEND_INTERVAL_MS,
  };
}
