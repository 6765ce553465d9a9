// Button payloads are small strings that say exactly what a press means, so a
// press can be checked against where the resident is now (stale buttons).
import { COMMANDS, FLOW_ID, type Command } from './flow-schema.js';

/** Commands only a button sends: the delete confirmation, and "Tiếp tục bài" after an answer given mid-step. */
export const INTERNAL_COMMANDS = ['delete-yes', 'delete-no', 'continue'] as const;
export type InternalCommand = (typeof INTERNAL_COMMANDS)[number];

export type Payload =
  | { kind: 'choice'; flow: string; node: string; index: number }
  | { kind: 'flow'; flow: string }
  | { kind: 'command'; command: Command | InternalCommand }
  /** An answer in an area test: the question id and the option id, never a position. */
  | { kind: 'answer'; question: string; option: string }
  /** A quick reply: the same as the resident typing this text. */
  | { kind: 'say'; text: string };

export const PAYLOAD_MAX_LENGTH = 200;
export const PAYLOAD_PATTERN = /^(n:[a-z0-9-]+:[A-Za-z0-9_-]+:\d{1,2}|f:[a-z0-9-]+|c:[a-z-]+|a:[a-z0-9-]{1,24}:[a-z0-9-]{1,12}|s:[^\u0000-\u001f]{1,60})$/u;

export const payloadFor = {
  choice: (flow: string, node: string, index: number) => `n:${flow}:${node}:${index}`,
  flow: (flow: string) => `f:${flow}`,
  command: (command: Command | InternalCommand) => `c:${command}`,
  say: (text: string) => `s:${text}`,
  answer: (question: string, option: string) => `a:${question}:${option}`,
};

const KNOWN_COMMANDS: ReadonlySet<string> = new Set([...COMMANDS, ...INTERNAL_COMMANDS]);
const PARSED_MAX = 5000;
/**
 * Parsed payloads by their text. Every turn parses the pressed payload and
 * each button on screen, and a course has a few thousand distinct payloads:
 * parsing each once saves the pattern test on every turn. Frozen, so no caller
 * can change what the next one reads.
 */
const parsed = new Map<string, Payload | undefined>();

export function parsePayload(raw: string): Payload | undefined {
  if (parsed.has(raw)) return parsed.get(raw);
  const payload = parseFresh(raw);
  if (raw.length <= PAYLOAD_MAX_LENGTH) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(raw, payload && Object.freeze(payload));
  }
  return payload;
}

function parseFresh(raw: string): Payload | undefined {
  if (raw.length > PAYLOAD_MAX_LENGTH || !PAYLOAD_PATTERN.test(raw)) return undefined;
  if (raw.startsWith('s:')) return { kind: 'say', text: raw.slice(2) };
  if (raw.startsWith('a:')) {
    const [, question, option] = raw.split(':') as [string, string, string];
    return { kind: 'answer', question, option };
  }
  const [kind, ...parts] = raw.split(':');
  if (kind === 'n') {
    const [flow, node, index] = parts as [string, string, string];
    return { kind: 'choice', flow, node, index: Number(index) };
  }
  if (kind === 'f' && FLOW_ID.test(parts[0]!)) return { kind: 'flow', flow: parts[0]! };
  const command = parts[0] as Command | InternalCommand;
  if (kind === 'c' && KNOWN_COMMANDS.has(command)) return { kind: 'command', command };
  return undefined;
}
