// Branch conditions over profile fields, flow variables and the quiz score.
import type { ConditionShape } from './flow-schema.js';
import { activeFrame, type Scalar, type UserState } from './state.js';

export function evaluateCondition(condition: ConditionShape, state: UserState): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, state));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, state));
  const value = readField(condition.field, state);
  if (condition.exists !== undefined && (value !== undefined) !== condition.exists) return false;
  if (condition.equals !== undefined && value !== condition.equals) return false;
  if (condition.in !== undefined && (value === undefined || !condition.in.includes(value))) return false;
  if (condition.atLeast !== undefined && !(typeof value === 'number' && value >= condition.atLeast)) return false;
  return true;
}

/** The value of profile.<name>, vars.<name>, quiz.score, quiz.total or progress.<flow id>. */
export function readField(field: string, state: UserState): Scalar | undefined {
  const frame = activeFrame(state);
  if (field === 'quiz.score') return frame ? Object.values(frame.quiz).filter((v) => v === 1).length : 0;
  if (field === 'quiz.total') return frame ? Object.keys(frame.quiz).length : 0;
  const [scope, name] = field.split('.', 2) as [string, string | undefined];
  if (!name) return undefined;
  if (scope === 'profile') return state.profile[name];
  if (scope === 'vars') return frame?.vars[name];
  if (scope === 'progress') return state.progress[field.slice('progress.'.length)]?.status;
  return undefined;
}
