// Plays the Bot Framework service's side of the protocol in tests: builds
// activities like the Emulator, Web Chat or Teams would, and POSTs them to /api/messages.
import { randomUUID } from 'node:crypto';
import type { FakeConnector } from './connector.js';

export interface ConversationOptions {
  channelId?: string;
  conversationId?: string;
  userId?: string;
  conversationType?: string;
  /** Waits until the tutor has delivered the turn's reply (replies go out after the turn is committed). */
  settle?: () => Promise<void>;
}

export class BotFrameworkClient {
  readonly channelId: string;
  readonly conversationId: string;
  readonly user: { id: string; name: string };
  readonly bot = { id: 'hoc-vu-so-bot', name: 'Học Vụ Số' };
  private readonly conversationType: string | undefined;
  private readonly settle: () => Promise<void>;

  constructor(
    private readonly tutorUrl: string,
    private readonly connector: FakeConnector,
    options: ConversationOptions = {},
  ) {
    this.channelId = options.channelId ?? 'emulator';
    this.conversationId = options.conversationId ?? `conv-${randomUUID()}`;
    this.user = { id: options.userId ?? `user-${randomUUID()}`, name: 'Bác Hoa' };
    this.conversationType = options.conversationType;
    this.settle = options.settle ?? (async () => {});
  }

  activity(fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: this.channelId,
      serviceUrl: this.connector.url,
      conversation: { id: this.conversationId, ...(this.conversationType ? { conversationType: this.conversationType } : {}) },
      from: this.user,
      recipient: this.bot,
      locale: 'vi-VN',
      ...fields,
    };
  }

  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    const response = await fetch(`${this.tutorUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(activity),
    });
    return { status: response.status, body: await response.text() };
  }

  /** Sends one activity and returns the connector calls it caused (once the tutor has delivered the reply). */
  async exchange(fields: Record<string, unknown>): Promise<{ status: number; calls: ReturnType<FakeConnector['take']> }> {
    this.connector.take();
    const { status } = await this.post(this.activity(fields));
    await this.settle();
    return { status, calls: this.connector.take() };
  }

  say(text: string) {
    return this.exchange({ type: 'message', text });
  }

  /** What Web Chat, the Emulator and Teams send when a messageBack action is pressed; a postBack sends its value as text. */
  press(action: { type: string; text?: string; value?: unknown; displayText?: string }) {
    if (action.type === 'postBack') return this.exchange({ type: 'message', text: action.value, channelData: { postBack: true } });
    return this.exchange({ type: 'message', text: action.text, value: action.value, channelData: { messageBack: { displayText: action.displayText } } });
  }

  join(membersAdded: { id: string; name?: string }[] = [this.user, this.bot]) {
    return this.exchange({ type: 'conversationUpdate', membersAdded });
  }
}
