// What the bot tells Telegram when it starts: who it is (getMe, for mentions in
// groups), its command menu in Vietnamese, and where updates go (webhook or
// polling, which needs any webhook removed).
import type { BotCommand } from 'telegraf/types';
import type { BotApi } from './api.js';
import type { TelegramConfig } from './config.js';
import type { BotIdentity } from './inbound.js';
import { ALLOWED_UPDATES } from './polling.js';

/** Shown in Telegram's "Menu" button; each maps to an engine command word (see inbound.ts). */
export const BOT_COMMANDS: BotCommand[] = [
  { command: 'start', description: 'Bắt đầu trò chuyện với Trợ lý Học Vụ Số' },
  { command: 'menu', description: 'Mở danh sách bài học' },
  { command: 'help', description: 'Xem hướng dẫn sử dụng' },
];

export async function setUpBot(api: BotApi, config: TelegramConfig): Promise<BotIdentity> {
  const me = await api.call('getMe', {});
  await api.call('setMyCommands', { commands: BOT_COMMANDS });
  if (config.mode === 'webhook') {
    await api.call('setWebhook', {
      url: config.webhookUrl!,
      secret_token: config.webhookSecret!,
      allowed_updates: ALLOWED_UPDATES,
      max_connections: 40,
    });
  } else {
    // Pending updates stay queued: they are fetched by polling right after.
    await api.call('deleteWebhook', { drop_pending_updates: false });
  }
  return { id: me.id, username: me.username };
}
