// 3b. The learner's journey in a few words ("ôn tập", "tắt nhắc", "bật nhắc",
// "mời người thân"; content/journey.yaml): the whole message, polite words
// aside, runs the command as its button would.
import type { Catalog } from '../../catalog.js';
import type { Command } from '../../flow-schema.js';
import { payloadFor } from '../../payloads.js';
import { normalizeForMatching } from '../../text.js';
import { stripAround } from '../lexicon.js';
import type { Decision, Recognizer } from '../types.js';

const COMMAND_OF = { review: 'review', remindersOff: 'reminders-off', remindersOn: 'reminders-on', invite: 'invite' } as const satisfies Record<string, Command>;

const cache = new WeakMap<Catalog, Map<string, Command>>();

function phrasesOf(catalog: Catalog): Map<string, Command> {
  let phrases = cache.get(catalog);
  if (phrases) return phrases;
  phrases = new Map();
  for (const [key, command] of Object.entries(COMMAND_OF)) {
    for (const phrase of catalog.journey.words[key as keyof typeof COMMAND_OF]) phrases.set(normalizeForMatching(phrase), command);
  }
  cache.set(catalog, phrases);
  return phrases;
}

export const journeyWords: Recognizer = {
  name: 'journey-words',
  recognize({ u, catalog, lexicon }): Decision | undefined {
    const command = phrasesOf(catalog).get(stripAround(u.normalized, lexicon.fillers));
    return command ? { kind: 'choice', payload: payloadFor.command(command) } : undefined;
  },
};
