// Request bodies of the web chat API. Bad input gets a 400 in plain words and changes nothing.
import { z } from 'zod';
import { PAYLOAD_MAX_LENGTH, PAYLOAD_PATTERN } from '../../engine/payloads.js';

export const MAX_TEXT_LENGTH = 4000;
export const MAX_USER_ID_LENGTH = 128;

/**
 * A lone UTF-16 surrogate is not a character: stores encode it as U+FFFD, so two
 * different ids would name one record. Ids must be well-formed Unicode.
 */
const LONE_SURROGATE = /\p{Surrogate}/u;
const NOT_WELL_FORMED = 'chứa ký tự không hợp lệ (Unicode hỏng) / contains invalid characters (malformed Unicode)';

const userId = z
  .string({ error: 'cần một chuỗi ký tự / must be a string' })
  .min(1, 'không được để trống / must not be empty')
  .max(MAX_USER_ID_LENGTH, `dài quá ${MAX_USER_ID_LENGTH} ký tự / longer than ${MAX_USER_ID_LENGTH} characters`)
  .regex(/^[^\s\u0000-\u001f]+$/, 'không được chứa khoảng trắng hay ký tự điều khiển / no spaces or control characters')
  .refine((id) => !LONE_SURROGATE.test(id), NOT_WELL_FORMED);

export const chatRequestSchema = z
  .object(
    {
      userId,
      text: z
        .string({ error: 'cần một chuỗi ký tự / must be a string' })
        .max(MAX_TEXT_LENGTH, `tin nhắn dài quá ${MAX_TEXT_LENGTH} ký tự / longer than ${MAX_TEXT_LENGTH} characters`)
        .refine((text) => text.trim().length > 0, 'tin nhắn trống / the message is empty')
        .optional(),
      payload: z
        .string({ error: 'cần một chuỗi ký tự / must be a string' })
        .max(PAYLOAD_MAX_LENGTH, 'quá dài / too long')
        .regex(PAYLOAD_PATTERN, 'nút bấm không hợp lệ / not a valid button payload')
        .optional(),
      messageId: z
        .string({ error: 'cần một chuỗi ký tự / must be a string' })
        .min(1, 'không được để trống / must not be empty')
        .max(128, 'dài quá 128 ký tự / longer than 128 characters')
        .refine((id) => !LONE_SURROGATE.test(id), NOT_WELL_FORMED)
        .optional(),
    },
    { error: 'Cần một đối tượng JSON có userId và text hoặc payload / expected a JSON object with userId and text or payload' },
  )
  .refine((body) => (body.text === undefined) !== (body.payload === undefined), {
    message: 'Cần đúng một trong hai: text hoặc payload / send exactly one of text or payload',
  });

export const inboxRequestSchema = z.object({ userId }, { error: 'Cần một đối tượng JSON có userId / expected a JSON object with userId' });
