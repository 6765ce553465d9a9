// "Mỗi người biết dạy một người": a resident who finished a lesson can invite
// someone with a code of their own, passed as a Telegram deep link
// (t.me/<bot>?start=moi-<code>), a web link (?invite=<code>) or typed on Zalo
// ("MOI K7Q2XPA"). A new resident who arrives with a code keeps it as
// profile.invitedBy; the edge (src/journey) finds the inviter by the code and
// thanks them when the third person they brought finishes a lesson. Pure.
import type { InviteLinks } from './journey-state.js';
import { messageIdDigest, type UserState } from './state.js';
import { foldText } from './text.js';
import type { TurnBuilder } from './turn-builder.js';
import { fillTemplate } from './template.js';

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 7;
/** A Telegram /start payload (and web ?invite=) that carries an invitation. */
export const INVITE_PARAM_PREFIX = 'moi-';
const CODE = new RegExp(`^[${ALPHABET}]{${INVITE_CODE_LENGTH}}$`);

export type { InviteLinks } from './journey-state.js';

export function isInviteCode(value: string): boolean {
  return CODE.test(value);
}

/** A code from a /start payload or a web ?invite= value ("moi-K7Q2XPA" or "K7Q2XPA"). */
export function inviteCodeFromParam(param: string | undefined): string | undefined {
  if (!param) return undefined;
  const code = (param.startsWith(INVITE_PARAM_PREFIX) ? param.slice(INVITE_PARAM_PREFIX.length) : param).toUpperCase();
  return isInviteCode(code) ? code : undefined;
}

/** A code typed after one of the catalog's words ("MOI K7Q2XPA", "mã mời k7q2xpa"). */
export function inviteCodeFromText(text: string | undefined, words: readonly string[]): string | undefined {
  if (!text || text.length > 40) return undefined;
  const folded = foldText(text);
  for (const word of words) {
    const prefix = foldText(word);
    if (!folded.startsWith(prefix)) continue;
    const code = folded
      .slice(prefix.length)
      .replace(/[\s:.-]/g, '')
      .toUpperCase();
    if (isInviteCode(code)) return code;
  }
  return undefined;
}

/** The resident's own code, made once from the record (pure and stable; collisions are refused by the edge). */
export function ensureInviteCode(state: UserState): string {
  const existing = state.profile.inviteCode;
  if (typeof existing === 'string' && isInviteCode(existing)) return existing;
  const seed = messageIdDigest(`${state.createdAt}:${state.seen.join('')}`) + messageIdDigest(state.seen.at(-1) ?? '');
  let n = 0n;
  for (const char of seed) n = n * 36n + BigInt(parseInt(char, 36));
  let code = '';
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) {
    code += ALPHABET[Number(n % BigInt(ALPHABET.length))];
    n /= BigInt(ALPHABET.length);
  }
  state.profile.inviteCode = code;
  return code;
}

function finishedALesson(t: TurnBuilder): boolean {
  return Object.entries(t.state.progress).some(([id, progress]) => progress.status === 'completed' && t.ctx.registry.get(id)?.kind === 'lesson');
}

/** "mời người thân": the invitation to forward, with every way this deployment offers. */
export function showInvite(t: TurnBuilder, links: InviteLinks | undefined): void {
  const texts = t.ctx.catalog.journey;
  if (!finishedALesson(t)) {
    t.say(texts.inviteNeedsLesson);
    t.offer([t.menuButton()]);
    return;
  }
  const code = ensureInviteCode(t.state);
  const lines: string[] = [];
  if (links?.telegramBot) lines.push(fillTemplate(texts.inviteTelegramLink, t.state, { link: `https://t.me/${links.telegramBot}?start=${INVITE_PARAM_PREFIX}${code}` }));
  if (links?.webUrl) lines.push(fillTemplate(texts.inviteWebLink, t.state, { link: `${links.webUrl.replace(/\/+$/, '')}/?invite=${code}` }));
  lines.push(fillTemplate(texts.inviteCodeLine, t.state, { code }));
  t.emit({ type: 'invite_shown', code });
  t.say(texts.invite, { code, links: lines.join('\n') });
  t.offer([t.menuButton()]);
}

/**
 * A new resident who came with a code (a /start or web parameter, or typed)
 * keeps it, once; their own code never counts. Returns whether the text was
 * only the code, so the turn goes on as a greeting.
 */
export function acceptInvite(t: TurnBuilder, code: string | undefined, wasNew: boolean): boolean {
  if (!code) return false;
  if (!wasNew || t.state.profile.invitedBy !== undefined || t.state.profile.inviteCode === code) return true;
  t.state.profile.invitedBy = code;
  t.emit({ type: 'invite_accepted', code });
  t.say(t.ctx.catalog.journey.invitedWelcome);
  return true;
}
