// The engine's messages as OA consultation messages. Buttons become template
// buttons (up to 5): a choice is an "oa.query.hide" button whose payload comes
// back as hidden text, a link an "oa.open.url" button. Where a message cannot
// carry its buttons (more than 5, a label too long) the shared renderer turns
// them into a numbered list. Images go by their public URL as a media
// template; each call remembers which engine message it belongs to, so the
// sender can say how many messages were delivered.
import type { Catalog } from '../../engine/catalog.js';
import type { OutboundMessage } from '../../engine/messages.js';
import { renderForChannel } from '../render.js';
import type { ChannelCapabilities } from '../types.js';
import { publicImageUrl } from '../zalo-shared/images.js';
import { HIDDEN_PREFIX } from './events.js';

export const MAX_BUTTONS = 5;
/** Assumed from Zalo's documentation of template buttons; longer labels fall back to a numbered list. */
export const MAX_BUTTON_TITLE = 100;
export const MAX_TEXT = 2000;

export const capabilities: ChannelCapabilities = { buttons: true, maxButtons: MAX_BUTTONS, images: true, maxTextLength: MAX_TEXT };

export interface OaCall {
  /** Index of the engine message this call delivers (part of). */
  index: number;
  message: Record<string, unknown>;
}

type OaButton = { type: 'oa.query.hide'; title: string; payload: string } | { type: 'oa.open.url'; title: string; payload: { url: string } };

export interface RenderContext {
  catalog: Catalog;
  publicUrl: string | undefined;
  /** Told once per image that cannot be sent (no PUBLIC_URL). */
  onImageWithoutUrl: (image: string) => void;
}

export function renderForOa(messages: OutboundMessage[], context: RenderContext): OaCall[] {
  return messages.flatMap((message, index) => renderOne(message, context).map((body) => ({ index, message: body })));
}

function renderOne(message: OutboundMessage, context: RenderContext): Record<string, unknown>[] {
  const buttons = message.buttons ?? [];
  const keepButtons = buttons.length <= MAX_BUTTONS && buttons.every((b) => b.label.length <= MAX_BUTTON_TITLE);
  const link = message.link;
  const linkAsButton = link !== undefined && keepButtons && buttons.length < MAX_BUTTONS && link.label.length <= MAX_BUTTON_TITLE;
  const input: OutboundMessage = { ...message, ...(linkAsButton ? { link: undefined } : {}) };
  const parts = renderForChannel([input], { ...capabilities, buttons: keepButtons }, context.catalog);
  return parts.flatMap((part, i) => {
    const last = i === parts.length - 1;
    const oaButtons: OaButton[] = (part.buttons ?? []).map((b) => ({ type: 'oa.query.hide', title: b.label, payload: `${HIDDEN_PREFIX}${b.payload}` }));
    if (last && linkAsButton) oaButtons.push({ type: 'oa.open.url', title: link.label, payload: { url: link.url } });
    return bodiesFor(part, oaButtons, context);
  });
}

function bodiesFor(part: OutboundMessage, buttons: OaButton[], context: RenderContext): Record<string, unknown>[] {
  const text = part.text?.trim() || undefined;
  const url = part.image ? publicImageUrl(part.image, context.publicUrl) : undefined;
  if (part.image && !url) context.onImageWithoutUrl(part.image);
  // A photo carries the text as its caption; with buttons, the buttons ride on the text after the photo.
  if (url && buttons.length === 0) return [media(url, text)];
  const bodies = url ? [media(url)] : [];
  if (buttons.length) bodies.push(withButtons(text ?? '👇', buttons));
  else if (text) bodies.push({ text });
  return bodies;
}

function media(url: string, text?: string): Record<string, unknown> {
  return { ...(text ? { text } : {}), attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url }] } } };
}

function withButtons(text: string, buttons: OaButton[]): Record<string, unknown> {
  return { text, attachment: { type: 'template', payload: { buttons } } };
}
