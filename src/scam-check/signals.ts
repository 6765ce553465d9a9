// Generic scam signals, independent of any one pattern: requests for secret
// codes or money, threats, urgency, secrecy, offers too good to be true, and
// impersonation. Phrases are written without diacritics unless a diacritic
// changes the meaning ("gấp" urgent vs "gặp" meet); see prepared-text.ts.
import { flag, type Flag } from './flags.js';
import { findAffirmed, findPhrase, matchesRegex, type PreparedText } from './prepared-text.js';

import { IMPERSONATED, PHRASE_SIGNALS, type Phrase } from './signal-phrases.js';

/** Flags from the phrase tables, once per code. */
export function phraseFlags(prepared: PreparedText): Flag[] {
  const flags: Flag[] = [];
  for (const signal of PHRASE_SIGNALS) {
    const hit = signal.phrases.find((phrase) => phraseHit(prepared, phrase, signal.negatable));
    if (hit !== undefined) flags.push(flag(signal.code, typeof hit === 'string' ? hit : undefined));
  }
  // A transfer request already says it; don't count money twice.
  if (flags.some((f) => f.code === 'transfer-request')) return flags.filter((f) => f.code !== 'money-mention');
  return flags;
}

export function phraseHit(prepared: PreparedText, phrase: Phrase, negatable: boolean): boolean {
  if (phrase instanceof RegExp) return matchesRegex(prepared, phrase);
  return negatable ? findAffirmed(prepared, phrase).length > 0 : findPhrase(prepared, phrase).length > 0;
}

/** Who the message claims to come from, if it names an authority, a bank or a service provider. */
export function impersonatedNames(prepared: PreparedText): string[] {
  return IMPERSONATED.filter((entry) => entry.phrases.some((phrase) => findPhrase(prepared, phrase).length > 0)).map((entry) => entry.name);
}

const SECRET_OBJECTS = [
  'otp',
  'ma xac thuc',
  'ma xac nhan',
  'mat khau',
  'mat ma',
  'ma pin',
  'ma bao mat',
  'so the',
  'cvv',
  'so can cuoc',
  'so cccd',
  'cccd',
  'can cuoc',
  'cmnd',
  'chung minh nhan dan',
  'anh chan dung',
  'khuon mat',
  'sinh trac hoc',
  'ten dang nhap',
  'thong tin dang nhap',
  'thong tin the',
  'ma kich hoat',
  'ma giao dich',
  'day ma',
  'day so',
  'ma vua',
  'ma so vua',
  'so mat sau the',
  'anh hai mat',
  'ma so gui ve',
  'ma gui ve',
  'ma so duoc gui',
];
const GIVE_ACTIONS = ['cung cap', 'gui', 'gui lai', 'doc', 'chia se', 'bao lai', 'nhan tin', 'chup', 'chup anh', 'quay video', 'nhan lai', 'ibox', 'inbox', 'gui qua zalo'];
const ENTER_ACTIONS = ['nhap', 'dien', 'dang nhap', 'xac thuc', 'xac minh', 'cap nhat', 'quet', 'kich hoat', 'khai bao'];

/**
 * Asks for a secret (OTP, password, ID photo, face scan). "Give it to us" counts
 * anywhere; "enter it" counts only when the message also carries a link that
 * is not official, because a real bank SMS tells you to type the code in its app.
 */
export function credentialRequest(clauses: PreparedText[], hasNonOfficialLink: boolean): Flag | undefined {
  for (const clause of clauses) {
    const object = SECRET_OBJECTS.find((phrase) => findPhrase(clause, phrase).length > 0);
    if (!object) continue;
    const give = GIVE_ACTIONS.some((action) => findAffirmed(clause, action).some((at) => !isPassive(clause, at)));
    const enter = hasNonOfficialLink && ENTER_ACTIONS.some((action) => findAffirmed(clause, action).length > 0);
    if (give || enter) return flag('credential-request', object);
  }
  return undefined;
}

/** "mã đã được gửi đến số của quý khách" describes, it does not ask. */
function isPassive(clause: PreparedText, at: number): boolean {
  const before = clause.folded.slice(Math.max(0, at - 2), at);
  return before.includes('duoc') || before.includes('da');
}

const LINK_ACTIONS = [
  'dang nhap',
  'cap nhat',
  'xac thuc',
  'kich hoat',
  'nhan vao',
  'bam vao',
  'truy cap',
  'click',
  'nhap vao',
  'vao link',
  'theo link',
  'tai day',
  'duong dan',
  'nhan qua',
  'nhan hoan tien',
  'khai bao',
  'huy tai',
  'huy giao dich',
  'xac nhan tai',
  'cap nhat tai',
  'doi qua tai',
  'nhan tai',
];

/** The message asks to open its (non-official) link to log in, update, claim… */
export function linkAction(prepared: PreparedText): Flag | undefined {
  const action = LINK_ACTIONS.find((phrase) => findAffirmed(prepared, phrase).length > 0);
  return action ? flag('link-action', action) : undefined;
}

const OFFICIAL_STORE = ['ch play', 'google play', 'app store', 'appstore', 'kho ung dung', 'cua hang ung dung', 'cua hang play'];

/** "Tải VNeID trên CH Play" is advice, not a trap. */
export function mentionsOfficialStore(prepared: PreparedText): boolean {
  return OFFICIAL_STORE.some((phrase) => findPhrase(prepared, phrase).length > 0);
}

const CHAT_CONTACT = ['zalo', 'telegram', 'ket ban', 'viber', 'whatsapp', 'messenger', 'nhan tin qua'];

export function mentionsPrivateChat(prepared: PreparedText): boolean {
  return CHAT_CONTACT.some((phrase) => findAffirmed(prepared, phrase).length > 0);
}

const LINK_WORDS = ['link', 'duong link', 'duong dan', 'tai day', 'trang web'];

/** "Cài theo đường link tôi gửi": an install that does not go through an official store. */
export function mentionsLink(prepared: PreparedText): boolean {
  return LINK_WORDS.some((phrase) => findPhrase(prepared, phrase).length > 0);
}

// Words of a real warning ("giả danh", "thủ đoạn", "tuyệt đối không"): scammers
// don't describe themselves that way. Used to mute context flags, never link flags.
const WARNING_WORDS = ['gia danh', 'mao danh', 'gia mao', 'thu doan', 'khuyen cao', 'de phong', 'canh giac', 'tuyet doi khong', 'khong bao gio yeu cau', 'doi tuong'];

export function isWarningNotice(prepared: PreparedText): boolean {
  return WARNING_WORDS.some((phrase) => findPhrase(prepared, phrase).length > 0);
}
