// 1. The answer to a pending confirmation ("Bác có chắc muốn xóa hết?", "Học
// tiếp nhé?") in every form: "có", "co", "ừ", "đồng ý", "ok", "xóa đi" / "không",
// "thôi", "ko", or the words of the prompt's buttons.
import { matchNormalized } from '../../choices.js';
import { parsePayload } from '../../payloads.js';
import { stripAround } from '../lexicon.js';
import type { Decision, Recognizer } from '../types.js';

export const pendingConfirmation: Recognizer = {
  name: 'pending-confirmation',
  recognize({ u, pending, state, lexicon }): Decision | undefined {
    if (!pending) return undefined;
    const pressed = state.choices[matchNormalized(u.normalized, state.choices)];
    const command = pressed && parsePayload(pressed.payload);
    if (command?.kind === 'command') {
      if (command.command === 'delete-yes' || command.command === 'resume') return { kind: 'confirm', answer: 'yes' };
      if (command.command === 'delete-no') return { kind: 'confirm', answer: 'no' };
      if (command.command === 'restart') return { kind: 'confirm', answer: 'restart' };
    }
    const typed = stripAround(u.normalized, lexicon.fillers);
    if (pending.kind === 'resume' && lexicon.restart.has(typed)) return { kind: 'confirm', answer: 'restart' };
    if (lexicon.yes.has(typed)) return { kind: 'confirm', answer: 'yes' };
    if (lexicon.no.has(typed)) return { kind: 'confirm', answer: 'no' };
    return undefined;
  },
};
