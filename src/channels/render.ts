// Renders the engine's outbox for what a channel can show: buttons stay buttons
// where the platform has them, otherwise they become a numbered list with
// "Trả lời 1, 2 hoặc 3"; long texts are split at line breaks.
import type { Catalog } from '../engine/catalog.js';
import type { Button, OutboundMessage } from '../engine/messages.js';
import type { ChannelCapabilities } from './types.js';

export function renderForChannel(messages: OutboundMessage[], capabilities: ChannelCapabilities, catalog: Catalog): OutboundMessage[] {
  return messages.flatMap((message) => renderOne(message, capabilities, catalog));
}

function renderOne(message: OutboundMessage, capabilities: ChannelCapabilities, catalog: Catalog): OutboundMessage[] {
  const rendered: OutboundMessage = { ...message };
  const buttons = message.buttons ?? [];
  if (buttons.length > 0 && (!capabilities.buttons || buttons.length > capabilities.maxButtons)) {
    delete rendered.buttons;
    rendered.text = [message.text, renderChoicesAsNumberedList(buttons, catalog)].filter(Boolean).join('\n\n');
  }
  if (rendered.link && !rendered.text?.includes(rendered.link.url)) {
    rendered.text = [rendered.text, `${rendered.link.label}: ${rendered.link.url}`].filter(Boolean).join('\n');
  }
  return splitLongText(rendered, capabilities.maxTextLength);
}

export function renderChoicesAsNumberedList(buttons: Button[], catalog: Catalog): string {
  const lines = buttons.map((button, i) => `${i + 1}. ${button.label}`);
  return `${lines.join('\n')}\n👉 ${catalog.choiceHint.replace('{{numbers}}', numberList(buttons.length, catalog.choiceHintOr))}`;
}

/** "1", "1 hoặc 2", "1, 2 hoặc 3". */
function numberList(count: number, or: string): string {
  const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
  if (numbers.length === 1) return numbers[0]!;
  return `${numbers.slice(0, -1).join(', ')} ${or} ${numbers[numbers.length - 1]}`;
}

function splitLongText(message: OutboundMessage, maxLength: number): OutboundMessage[] {
  const text = message.text;
  if (!text || text.length <= maxLength) return [message];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxLength) {
    const cut = Math.max(rest.lastIndexOf('\n', maxLength), rest.lastIndexOf(' ', maxLength));
    const at = cut > maxLength / 2 ? cut : maxLength;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  parts.push(rest);
  const { text: _text, buttons, ...media } = message;
  return parts.map((part, i) => (i === parts.length - 1 ? { text: part, ...media, ...(buttons ? { buttons } : {}) } : { text: part }));
}
