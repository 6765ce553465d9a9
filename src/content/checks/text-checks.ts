// Lints on resident-facing text: bubble length, and never asking for a secret.
import type { ContentProblem, LoadedFlow } from '../../engine/flow-registry.js';
import { textsOfFlow, type PlacedText } from './flow-texts.js';
import { findSecretRequest, SECRET_FIELD } from './secrets.js';

export const MAX_BUBBLE_CHARS = 350;

export function checkBubbleLength(file: string, texts: PlacedText[]): ContentProblem[] {
  return texts
    .filter((t) => t.role === 'bubble' && [...t.text].length > MAX_BUBBLE_CHARS)
    .map((t) => ({ file, path: t.path, message: `bubble is ${[...t.text].length} characters (at most ${MAX_BUBBLE_CHARS}); split it into two bubbles` }));
}

export function checkSecretRequests(file: string, texts: PlacedText[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const t of texts) {
    const phrase = findSecretRequest(t.text);
    if (phrase) problems.push({ file, path: t.path, message: `asks the resident for a secret ("${phrase}"); never ask for an OTP, password, ID or card number` });
  }
  return problems;
}

/** Ask nodes must not store what looks like a secret. */
export function checkSecretFields(flow: LoadedFlow): ContentProblem[] {
  return Object.entries(flow.nodes).flatMap(([id, node]) =>
    node.type === 'ask' && node.save && SECRET_FIELD.test(node.save)
      ? [{ file: flow.file, path: `nodes.${id}.save`, message: `"${node.save}" looks like a secret; the tutor never collects OTPs, passwords, ID or card numbers` }]
      : [],
  );
}

export function checkFlowTexts(flows: LoadedFlow[]): ContentProblem[] {
  return flows.flatMap((flow) => {
    const texts = textsOfFlow(flow);
    return [...checkBubbleLength(flow.file, texts), ...checkSecretRequests(flow.file, texts), ...checkSecretFields(flow)];
  });
}
