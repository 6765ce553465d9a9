// Services used when no richer implementation is configured: the fallback says
// "chưa hiểu" and offers the menu (the AI Q&A replaces it).
import type { Catalog } from '../engine/catalog.js';
import type { OutboundMessage } from '../engine/messages.js';
import { payloadFor } from '../engine/payloads.js';
import { fillTemplate } from '../engine/template.js';
import type { ServiceHandler } from './conversation.js';

export function notUnderstoodService(catalog: () => Catalog): ServiceHandler {
  return async ({ state }) => {
    const texts = catalog();
    const bubbles: OutboundMessage[] = [texts.notUnderstood].flat().map((bubble) => ({ text: fillTemplate(bubble, state) }));
    bubbles[bubbles.length - 1]!.buttons = [{ label: texts.labels.menu, payload: payloadFor.command('menu') }];
    return bubbles;
  };
}
