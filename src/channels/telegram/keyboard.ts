// Engine buttons as Telegram inline keyboards. Telegram limits callback_data to
// 64 bytes; a longer engine payload travels as a short id kept in the store.
// The id is a hash of the payload, so the set of ids stays as small as the set
// of buttons and needs no expiry.
import { createHash } from 'node:crypto';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
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

  async encode(payload: string): Promise<string> {
    if (Buffer.byteLength(payload, 'utf8') <= CALLBACK_DATA_MAX_BYTES && !payload.startsWith(SHORT_ID_PREFIX)) return payload;
    const id = SHORT_ID_PREFIX + createHash('sha256').update(payload).digest('base64url').slice(0, 24);
    if (this.known.get(id) !== payload) {
      await this.store.shared.set(storeKey(id), payload);
      if (this.known.size >= MEMORY_LIMIT) this.known.clear();
      this.known.set(id, payload);
    }
    return id;
  }

  /** The engine payload behind callback data; an unknown short id is passed on as is (the engine calls it an old button). */
  async decode(data: string): Promise<string> {
    if (!data.startsWith(SHORT_ID_PREFIX)) return data;
    return this.known.get(data) ?? (await this.store.shared.get(storeKey(data))) ?? data;
  }
}

function storeKey(id: string): string {
  return `telegram:callback:${id}`;
}

/** One button per row: large targets, long Vietnamese labels never cut. */
export async function inlineKeyboard(buttons: Button[], codec: CallbackCodec): Promise<InlineKeyboardMarkup> {
  const rows: InlineKeyboardButton[][] = [];
  for (const button of buttons) rows.push([{ text: button.label, callback_data: await codec.encode(button.payload) }]);
  return { inline_keyboard: rows };
}

/** The keyboard after a press: only the chosen button, marked, so the resident sees what they picked. */
export function markedKeyboard(keyboard: InlineKeyboardMarkup | undefined, pressedData: string): InlineKeyboardMarkup {
  const pressed = keyboard?.inline_keyboard.flat().find((button) => 'callback_data' in button && button.callback_data === pressedData);
  if (!pressed) return { inline_keyboard: [] };
  return { inline_keyboard: [[{ text: `✅ ${pressed.text}`, callback_data: USED_BUTTON_DATA }]] };
}
