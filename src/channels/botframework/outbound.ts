// Renders the engine's (already channel-rendered) messages as Bot Framework
// activities: buttons become suggested actions on the turn's last bubble, or a
// hero card where suggested actions are not shown (Teams) or would vanish
// (an earlier bubble); images become attachments.
import type { Activity, Attachment, CardAction } from 'botbuilder';
import type { Button, OutboundMessage } from '../../engine/messages.js';
import type { ChannelCapabilities } from '../types.js';

export interface ChannelStyle {
  /** Buttons as a hero card instead of suggested actions. */
  cardButtons: boolean;
  /** messageBack shows the label as the resident's bubble and sends the payload; postBack works everywhere. */
  actionType: 'messageBack' | 'postBack';
  capabilities: ChannelCapabilities;
}

export const DEFAULT_CAPABILITIES: ChannelCapabilities = { buttons: true, maxButtons: 10, images: true, maxTextLength: 4000 };
/** Teams shows at most six buttons on a hero card. */
const TEAMS_CAPABILITIES: ChannelCapabilities = { ...DEFAULT_CAPABILITIES, maxButtons: 6 };
/** Clients known to render messageBack's displayText (Web Chat over Direct Line, the Emulator, Teams). */
const MESSAGE_BACK_CHANNELS = new Set(['emulator', 'webchat', 'directline', 'directlinespeech', 'msteams']);
const HERO_CARD = 'application/vnd.microsoft.card.hero';

export function styleFor(channelId: string | undefined): ChannelStyle {
  const teams = channelId === 'msteams';
  return {
    cardButtons: teams,
    actionType: MESSAGE_BACK_CHANNELS.has(channelId ?? '') ? 'messageBack' : 'postBack',
    capabilities: teams ? TEAMS_CAPABILITIES : DEFAULT_CAPABILITIES,
  };
}

export type ImageResolver = (image: string) => Promise<Attachment | undefined>;

export async function toActivities(messages: OutboundMessage[], style: ChannelStyle, resolveImage: ImageResolver): Promise<Partial<Activity>[]> {
  return (await toActivitiesPerMessage(messages, style, resolveImage)).flat();
}

/** The activities of each message (none for an empty one), so delivery can count whole messages. */
export async function toActivitiesPerMessage(messages: OutboundMessage[], style: ChannelStyle, resolveImage: ImageResolver): Promise<Partial<Activity>[][]> {
  const activities: Partial<Activity>[][] = [];
  for (const [index, message] of messages.entries()) {
    const activity: Partial<Activity> = { type: 'message', textFormat: 'plain' };
    const attachments: Attachment[] = [];
    if (message.text) activity.text = message.text;
    if (message.image) {
      const image = await resolveImage(message.image);
      if (image) attachments.push(image);
    }
    const buttons = message.buttons ?? [];
    if (buttons.length > 0) {
      const actions = buttons.map((button) => cardAction(button, style.actionType));
      const isLast = index === messages.length - 1;
      if (isLast && !style.cardButtons) activity.suggestedActions = { actions, to: [] };
      else attachments.push({ contentType: HERO_CARD, content: { buttons: actions } });
    }
    if (attachments.length) activity.attachments = attachments;
    activities.push(activity.text || activity.attachments || activity.suggestedActions ? [activity] : []);
  }
  return activities;
}

function cardAction(button: Button, type: ChannelStyle['actionType']): CardAction {
  if (type === 'postBack') return { type: 'postBack', title: button.label, value: button.payload };
  return { type: 'messageBack', title: button.label, text: button.payload, displayText: button.label, value: { payload: button.payload } };
}
