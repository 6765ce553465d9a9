// Fills {{placeholders}} in resident-facing text.
import { readField } from './conditions.js';
import { addressOf, type UserState } from './state.js';

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
  return readField(name, state);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
