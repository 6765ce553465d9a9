// Webhook mode: Telegram posts each update to POST /webhooks/telegram on the
// tutor's own HTTP server. A request without the right secret header is refused
// with 401 before its body is even read. The answer waits for the turn to be
// saved, so a failure (500) makes Telegram deliver the update again. A button
// press is acknowledged in that answer (one Bot API request fewer per press).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../log/logger.js';
import { WEBHOOK_PATH } from './config.js';
import type { ProcessOptions, WebhookReply } from './updates.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface WebhookOptions {
  secret: string;
  process: (update: Update, options: ProcessOptions) => Promise<WebhookReply | undefined>;
  logger: Logger;
  /** Called when an update could not be handled (health). */
  onError: (message: string) => void;
}

export function registerWebhookRoute(http: FastifyInstance, options: WebhookOptions): void {
  const checkSecret = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!secretMatches(request.headers[SECRET_HEADER], options.secret)) {
      options.logger.warn({ ip: request.ip }, 'telegram webhook call with a wrong or missing secret');
      return reply.code(401).send({ error: 'Sai mã bí mật webhook. / Wrong webhook secret.' });
    }
  };
  http.post(WEBHOOK_PATH, { onRequest: checkSecret }, async (request, reply) => {
    const update = request.body as Partial<Update> | null;
    if (typeof update !== 'object' || update === null || !Number.isSafeInteger(update.update_id)) {
      return reply.code(400).send({ error: 'Cần một update của Telegram có update_id. / Expected a Telegram update with update_id.' });
    }
    let answer: WebhookReply | undefined;
    try {
      answer = await options.process(update as Update, { webhookReply: true });
    } catch (error) {
      options.logger.error({ err: error, updateId: update.update_id }, 'telegram update failed; Telegram will deliver it again');
      options.onError(`update ${update.update_id}: ${(error as Error).message}`);
      return reply.code(500).send({ error: 'Máy chủ gặp lỗi, vui lòng thử lại sau. / Server error, please try again later.' });
    }
    return reply.code(200).send(answer ?? { ok: true });
  });
}

function secretMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
