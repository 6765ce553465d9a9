// Request bodies of the web chat API. Bad input gets a 400 in plain words and changes nothing.
import { z } from 'zod';
import { PAYLOAD_MAX_LENGTH, PAYLOAD_PATTERN } from '../../engine/payloads.js';
import { sniffImageType } from '../../media/image.js';

export const MAX_TEXT_LENGTH = 4000;
export const MAX_USER_ID_LENGTH = 128;
/** A photo or screenshot for the scam checker: PNG or JPEG, at most 5 MB once decoded. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_PREFIX = /^data:image\/(png|jpeg|jpg);base64,/;
export const MAX_IMAGE_DATA_URL_LENGTH = 'data:image/jpeg;base64,'.length + Math.ceil(MAX_IMAGE_BYTES / 3) * 4;
/** The largest /api/chat body: the image, a text of 4,000 characters JSON-escaped (6 bytes each at worst), the ids. */
export const MAX_CHAT_BODY_BYTES = MAX_IMAGE_DATA_URL_LENGTH + 6 * MAX_TEXT_LENGTH + 2048;

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

/** A base64 data URL of a PNG or JPEG → its bytes, checked by content, not by the declared type. */
const image = z.string({ error: 'cần một data URL dạng chuỗi / must be a data URL string' }).transform((value, context) => {
  const problem = (message: string) => {
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (!IMAGE_PREFIX.test(value)) return problem('ảnh phải là PNG hoặc JPEG, gửi dạng "data:image/jpeg;base64,…" / the image must be a PNG or JPEG data URL');
  const base64 = value.slice(value.indexOf(',') + 1);
  if (value.length > MAX_IMAGE_DATA_URL_LENGTH) return problem('ảnh lớn quá, tối đa 5 MB / the image is larger than 5 MB');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1) return problem('dữ liệu ảnh bị hỏng (không phải base64) / the image data is not valid base64');
  const data = Buffer.from(base64, 'base64');
  if (data.length > MAX_IMAGE_BYTES) return problem('ảnh lớn quá, tối đa 5 MB / the image is larger than 5 MB');
  const type = sniffImageType(data);
  if (!type) return problem('tệp gửi lên không phải ảnh PNG hay JPEG / the file is not a PNG or JPEG picture');
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), mimeType: `image/${type}` };
});

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
      image: image.optional(),
      invite: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,16}$/, 'mã mời không hợp lệ / not a valid invitation code')
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
  .refine((body) => (body.text === undefined && body.image === undefined) !== (body.payload === undefined), {
    message: 'Cần đúng một trong hai: text hoặc payload (ảnh image gửi riêng hoặc kèm text) / send exactly one of text or payload (an image alone or with text)',
  });

export const inboxRequestSchema = z.object({ userId }, { error: 'Cần một đối tượng JSON có userId / expected a JSON object with userId' });
