// Engine buttons as Telegram inline keyboards. Telegram limits callback_data to
// 64 bytes; a longer engine payload travels as a short id kept in the store.
// The id is a hash of the payload, so the set of ids stays as small as the set
// of buttons and needs no expiry.
import { createHash } from 'node:crypto';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Button } from '../../engine/messages.js';
import type { Store } from '../../store/types.js';

export const CALLBACK_DATA_MAX_BYTES = 64;
/** The only button left on a keyboard after a press: pressing it does nothing. */
export const USED_BUTTON_DATA = 'used';
/** Engine payloads never start with "#" (see PAYLOAD_PATTERN). */
const SHORT_ID_PREFIX = '#';
const MEMORY_LIMIT = 5_000;

export class CallbackCodec {
  private readonly known = new Map<string, string>();

  constructor(private readonly store: Store) {}

  /** The callback data for a payload; a promise only when a long payload's id must first be stored. */
  encode(payload: string): string | Promise<string> {
    if (fitsAsIs(payload)) return payload;
    const id = shortIdOf(payload);
    return this.known.get(id) === payload ? id : this.remember(id, payload);
  }

  private async remember(id: string, payload: string): Promise<string> {
    await this.store.shared.set(storeKey(id), payload);
    if (this.known.size >= MEMORY_LIMIT) this.known.clear();
    this.known.set(id, payload);
    return id;
  }

  /** The engine payload behind callback data; an unknown short id is passed on as is (the engine calls it an old button). */
  decode(data: string): string | Promise<string> {
    if (!data.startsWith(SHORT_ID_PREFIX)) return data;
    return this.known.get(data) ?? this.store.shared.get(storeKey(data)).then((payload) => payload ?? data);
  }
}

function fitsAsIs(payload: string): boolean {
  // Byte length only matters near the limit: a UTF-8 byte per code unit at least, three at most.
  return !payload.startsWith(SHORT_ID_PREFIX) && (payload.length * 3 <= CALLBACK_DATA_MAX_BYTES || Buffer.byteLength(payload, 'utf8') <= CALLBACK_DATA_MAX_BYTES);
}

function shortIdOf(payload: string): string {
  return SHORT_ID_PREFIX + createHash('sha256').update(payload).digest('base64url').slice(0, 24);
}

function storeKey(id: string): string {
  return `telegram:callback:${id}`;
}

/**
 * One button per row: large targets, long Vietnamese labels never cut. Most
 * keyboards need nothing stored, so they are built without waiting.
 */
export function inlineKeyboard(buttons: Button[], codec: CallbackCodec): InlineKeyboardMarkup | Promise<InlineKeyboardMarkup> {
  const data = buttons.map((button) => codec.encode(button.payload));
  const rows = (encoded: string[]): InlineKeyboardMarkup => ({ inline_keyboard: buttons.map((button, i) => [{ text: button.label, callback_data: encoded[i]! }]) });
  return data.every((item) => typeof item === 'string') ? rows(data as string[]) : Promise.all(data).then(rows);
}

/** The keyboard after a press: only the chosen button, marked, so the resident sees what they picked. */
export function markedKeyboard(keyboard: InlineKeyboardMarkup | undefined, pressedData: string): InlineKeyboardMarkup {
  const pressed = keyboard?.inline_keyboard.flat().find((button) => 'callback_data' in button && button.callback_data === pressedData);
  if (!pressed) return { inline_keyboard: [] };
  return { inline_keyboard: [[{ text: `✅ ${pressed.text}`, callback_data: USED_BUTTON_DATA }]] };
}
