// The Telegram channel's environment variables. The webhook secret is required
// in webhook mode; that rule spans two variables, so it is a refinement checked
// when the channel is created (the start-up check only sees each field alone).
import { z } from 'zod';
import { ConfigError, type CoreConfig } from '../../config/index.js';

const SECRET_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

export const telegramEnvSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/)
      .optional()
      .describe('the bot token from @BotFather, like 123456789:AAH... (leave empty to turn Telegram off)'),
    TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling').describe('polling (default, no public address needed) or webhook (needs PUBLIC_URL)'),
    TELEGRAM_WEBHOOK_SECRET: z.string().regex(SECRET_PATTERN).optional().describe('a random secret of 16 to 256 characters (letters, digits, "_" and "-"); required when TELEGRAM_MODE=webhook'),
    TELEGRAM_API_ROOT: z
      .string()
      .url()
      .regex(/^https?:\/\//)
      .default('https://api.telegram.org')
      .describe('the Bot API address, e.g. https://api.telegram.org (default) or a self-hosted Bot API server'),
    TELEGRAM_RATE_GLOBAL: z.coerce
      .number()
      .min(0)
      .max(1000)
      .default(30)
      .describe('outgoing calls per second over all chats (default 30; 0: no pacing, for a self-hosted Bot API server or benchmarks)'),
    TELEGRAM_RATE_PER_CHAT_MS: z.coerce.number().int().min(0).max(60_000).default(1000).describe('minimum milliseconds between two messages to one chat (default 1000; 0: no gap)'),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_MODE === 'webhook' && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'a random secret of 16 to 256 characters (letters, digits, "_" and "-"), required because TELEGRAM_MODE=webhook',
      });
    }
  });

export interface TelegramConfig {
  token: string;
  /** The bot's numeric id, the part of the token before ":". */
  botId: string;
  mode: 'polling' | 'webhook';
  webhookSecret?: string;
  /** Where Telegram posts updates in webhook mode: PUBLIC_URL + the webhook path. */
  webhookUrl?: string;
  apiRoot: string;
  globalPerSecond: number;
  perChatIntervalMs: number;
}

export const WEBHOOK_PATH = '/webhooks/telegram';

/** Reads the channel's settings; throws ConfigError naming every bad variable. */
export function readTelegramConfig(rawEnv: Record<string, string>, core: CoreConfig): TelegramConfig {
  const parsed = telegramEnvSchema.safeParse(rawEnv);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '?');
        const field = telegramEnvSchema.shape[variable as keyof typeof telegramEnvSchema.shape] as z.ZodType | undefined;
        return { variable, expected: issue.code === 'custom' ? issue.message : (field?.description ?? issue.message) };
      }),
    );
  }
  const env = parsed.data;
  if (!env.TELEGRAM_BOT_TOKEN) throw new ConfigError([{ variable: 'TELEGRAM_BOT_TOKEN', expected: telegramEnvSchema.shape.TELEGRAM_BOT_TOKEN.description ?? '' }]);
  if (env.TELEGRAM_MODE === 'webhook' && !core.PUBLIC_URL) {
    throw new ConfigError([{ variable: 'PUBLIC_URL', expected: 'the public https address of this server, required because TELEGRAM_MODE=webhook' }]);
  }
  return {
    token: env.TELEGRAM_BOT_TOKEN,
    botId: env.TELEGRAM_BOT_TOKEN.split(':')[0]!,
    mode: env.TELEGRAM_MODE,
    webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
    webhookUrl: core.PUBLIC_URL ? new URL(WEBHOOK_PATH.slice(1), withTrailingSlash(core.PUBLIC_URL)).toString() : undefined,
    apiRoot: env.TELEGRAM_API_ROOT,
    globalPerSecond: env.TELEGRAM_RATE_GLOBAL,
    perChatIntervalMs: env.TELEGRAM_RATE_PER_CHAT_MS,
  };
}

/** PUBLIC_URL may carry a path prefix (https://example.vn/hvs); the webhook goes under it. */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
