// The "scam-check" service the runtime calls when a flow hands off a resident's
// text (ask node with `handoff: scam-check`). Analysis is pure; this wraps it
// with the optional model and the resident's form of address. It keeps nothing:
// the text is analysed and dropped.
import type { OutboundMessage } from '../engine/messages.js';
import type { UserState } from '../engine/state.js';
import { fillTemplate } from '../engine/template.js';
import { checkMessageWithModel, type CheckResult } from './check.js';
import { formatCheckResult, plainFill, type FillText } from './format.js';
import { loadOfficialDomains, loadScamLibrary } from './library.js';
import type { ScamLibrary } from './library-schema.js';
import type { ScamModelHook } from './model.js';
import type { OfficialDomain } from './urls.js';

export interface ScamCheckDeps {
  library: ScamLibrary;
  officialDomains: readonly OfficialDomain[];
  /** Optional second opinion from a model; the rules answer alone without it. */
  model?: ScamModelHook;
  modelTimeoutMs?: number;
}

export interface ScamCheckReply {
  messages: OutboundMessage[];
  result: CheckResult;
}

export type ScamCheckHandler = (text: string, state?: UserState) => Promise<ScamCheckReply>;

/** Builds the handler once at start-up; call it with the service request's text and the user's state. */
export function createScamCheckHandler(deps: ScamCheckDeps): ScamCheckHandler {
  return async (text, state) => {
    const result = await checkMessageWithModel(text, deps.library, deps.officialDomains, deps.model, deps.modelTimeoutMs);
    const fill: FillText = state ? (t, params) => fillTemplate(t, state, params) : plainFill;
    const messages = formatCheckResult(result, deps.library.texts, fill).map((bubble) => ({ text: bubble }));
    return { messages, result };
  };
}

/**
 * The handler in the runtime's ServiceHandler shape (src/runtime/conversation.ts):
 * it receives { text, state, … } and returns the messages to send and the verdict.
 */
export function createScamCheckService(deps: ScamCheckDeps): (request: { text: string; state: UserState }) => Promise<{ messages: OutboundMessage[]; outcome: string }> {
  const handler = createScamCheckHandler(deps);
  // The verdict goes with the messages, for the operators' dashboard (ServiceResult.outcome).
  return async (request) => {
    const { messages, result } = await handler(request.text, request.state);
    return { messages, outcome: result.level };
  };
}

/** Loads the library and the allowlist from disk once (start-up) and builds the service. Throws on bad content. */
export async function buildScamCheckService(root: string, options: Pick<ScamCheckDeps, 'model' | 'modelTimeoutMs'> = {}) {
  const [loaded, domains] = await Promise.all([loadScamLibrary(root), loadOfficialDomains(root)]);
  const problems = [...loaded.problems, ...domains.problems];
  if (!loaded.library || problems.length > 0) throw new Error(`scam library: ${problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('; ')}`);
  return createScamCheckService({ library: loaded.library, officialDomains: domains.domains, ...options });
}
