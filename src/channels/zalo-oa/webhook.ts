// POST /webhooks/zalo-oa: the body is read as raw text (the signature covers
// the exact bytes), checked, and only then parsed into an event. The answer
// waits until the event is handled: 200 once the turn is committed, 500 on a
// failure so Zalo delivers it again; a signed but malformed event is logged
// and answered 200, since sending it again cannot help.
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../log/logger.js';
import { parseEvent, type OaEvent } from './events.js';
import { SIGNATURE_HEADER, verifyEvent, type SignatureKeys } from './signature.js';

export const WEBHOOK_PATH = '/webhooks/zalo-oa';

export interface WebhookOptions {
  keys: SignatureKeys;
  logger: Logger;
  now: () => number;
  /** Resolves once the event is handled (the turn committed); throws to have Zalo redeliver. */
  handle: (event: Exclude<OaEvent, { kind: 'malformed' }>) => Promise<void>;
}

const REFUSED = { error: 'Chữ ký không hợp lệ hoặc sự kiện đã quá cũ. / Invalid signature or stale event.' };
const FAILED = { error: 'Chưa xử lý được, vui lòng gửi lại. / Not handled, please retry.' };

export function registerWebhook(http: FastifyInstance, options: WebhookOptions): void {
  void http.register(async (scope) => {
    // Raw text for every content type in this scope only: the rest of the server keeps its JSON parser.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post(WEBHOOK_PATH, async (request, reply) => {
      const raw = typeof request.body === 'string' ? request.body : '';
      const verdict = verifyEvent(raw, request.headers[SIGNATURE_HEADER], options.keys, options.now());
      if (!verdict.ok) {
        options.logger.warn({ reason: verdict.reason, detail: verdict.detail, ip: request.ip }, 'Zalo OA webhook call refused');
        return reply.code(401).send(REFUSED);
      }
      const event = parseEvent(verdict.body);
      if (event.kind === 'malformed') {
        options.logger.warn({ reason: event.reason }, 'Zalo OA webhook event malformed; answered 200 and dropped');
        return { ok: true };
      }
      try {
        await options.handle(event);
      } catch (error) {
        options.logger.error({ err: error, event: event.kind }, 'Zalo OA event not handled; Zalo will deliver it again');
        return reply.code(500).send(FAILED);
      }
      return { ok: true };
    });
  });
}
