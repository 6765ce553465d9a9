// What an operator may see: admins everything; ward staff (and volunteers given
// wards) only residents of their wards, named by directory id.
import type { Operator } from './auth/session.js';
import type { WardDirectory } from '../engine/wards/directory.js';
import { wardIdOf } from '../engine/wards/match.js';

/** undefined: no limit. */
export function wardsInScope(operator: Operator, directory: WardDirectory): Set<string> | undefined {
  if (operator.role === 'admin' || (operator.role === 'volunteer' && operator.wards.length === 0)) return undefined;
  return new Set(operator.wards.map((ward) => wardIdOf(ward, directory)));
}

export function inScope(operator: Operator, directory: WardDirectory, residentWard: unknown): boolean {
  const scope = wardsInScope(operator, directory);
  return !scope || scope.has(wardIdOf(residentWard, directory));
}
