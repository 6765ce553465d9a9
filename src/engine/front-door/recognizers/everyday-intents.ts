// 3. Global commands and everyday intents, in residents' own phrasings with or
// without diacritics: "tiến độ" and "tôi học đến đâu rồi", "không muốn nhận tin
// nữa", "cho tôi nói chuyện với người thật", "xóa hết thông tin của tôi"…
// A whole message (polite words aside) is matched first; a phrase inside a
// short message counts only when the message does not ask how to do something
// ("làm sao xóa tin nhắn Zalo" is a question, not "xóa dữ liệu").
import { firstPhrase, type Understood } from '../understand.js';
import { stripAround, type Lexicon } from '../lexicon.js';
import { handsOff, type Decision, type Recognizer } from '../types.js';
import type { IntentId } from '../texts-schema.js';

/** Longer messages tell a story or ask something; an intent is said in a few words. */
const MAX_INTENT_WORDS = 14;

export const everydayIntents: Recognizer = {
  name: 'everyday-intents',
  recognize({ u, lexicon, node }): Decision | undefined {
    // At the checker's step only a whole-message command counts: a pasted SMS may say "nhận cảnh báo".
    const intent = intentOf(u, lexicon, handsOff(node));
    return intent ? { kind: 'intent', intent } : undefined;
  },
};

export function intentOf(u: Understood, lexicon: Lexicon, exactOnly = false): IntentId | undefined {
  const core = stripAround(u.normalized, lexicon.fillers);
  if (!core) return undefined;
  const command = lexicon.commandWords.find((entry) => entry.words.has(core));
  if (command) return command.command as IntentId;
  const exact = lexicon.intents.find((intent) => intent.exact.has(core));
  if (exact) return exact.id;
  if (exactOnly || u.words.length > MAX_INTENT_WORDS || firstPhrase(u, lexicon.howTo)) return undefined;
  return lexicon.intents.find((intent) => firstPhrase(u, intent.contains) !== undefined)?.id;
}
