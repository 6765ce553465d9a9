// Fills {{placeholders}} in resident-facing text.
import { addressOf, activeFrame, type UserState } from './state.js';

export type TemplateParams = Record<string, string | number | undefined>;

export function fillTemplate(text: string, state: UserState, params: TemplateParams = {}): string {
  return text.replace(/\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/g, (_match, name: string) => {
    const value = lookup(name, state, params);
    return value === undefined ? '' : String(value);
  });
}

function lookup(name: string, state: UserState, params: TemplateParams): string | number | boolean | undefined {
  if (name in params) return params[name];
  if (name === 'ban') return addressOf(state);
  if (name === 'Ban') return capitalize(addressOf(state));
  const frame = activeFrame(state);
  if (name === 'quiz.score') return frame ? Object.values(frame.quiz).filter((v) => v === 1).length : 0;
  if (name === 'quiz.total') return frame ? Object.keys(frame.quiz).length : 0;
  const [scope, field] = name.split('.', 2) as [string, string | undefined];
  if (!field) return undefined;
  if (scope === 'profile') return state.profile[field];
  if (scope === 'vars') return frame?.vars[field];
  return undefined;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
