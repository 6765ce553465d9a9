// A resident chatting with the pure engine, for tests: keeps the state between turns.
import path from 'node:path';
import { loadContent } from '../../src/content/loader.js';
import type { Catalog } from '../../src/engine/catalog.js';
import { buildRegistry, type FlowCandidate, type FlowRegistry } from '../../src/engine/flow-registry.js';
import type { InboundMessage, OutboundMessage } from '../../src/engine/messages.js';
import { turn, type TurnResult } from '../../src/engine/router.js';
import type { UserState } from '../../src/engine/state.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURE_FLOWS = path.join(ROOT, 'tests/fixtures/flows');

export async function loadFixtureContent(flowsDir = FIXTURE_FLOWS): Promise<{ registry: FlowRegistry; catalog: Catalog }> {
  const content = await loadContent({ root: ROOT, flowsDir, contentDir: path.join(ROOT, 'content') });
  if (content.problems.length > 0) throw new Error(content.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
  return content;
}

export function registryOf(candidates: FlowCandidate[]): FlowRegistry {
  const { registry, problems } = buildRegistry(candidates);
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
  return registry;
}

export class EngineChat {
  state: UserState | null = null;
  last!: TurnResult;
  now = 1_700_000_000_000;
  /** What the runtime would tell the engine: the previous reply is still being sent. */
  replyStillSending = false;
  private counter = 0;

  constructor(
    public content: { registry: FlowRegistry; catalog: Catalog },
    private readonly userId = 'tester',
  ) {}

  send(input: string | Partial<InboundMessage>): TurnResult {
    const inbound: InboundMessage = {
      channel: 'test',
      userId: this.userId,
      messageId: `m${++this.counter}`,
      at: this.now,
      ...(typeof input === 'string' ? { text: input } : input),
    };
    this.last = turn(this.state, inbound, { registry: this.content.registry, catalog: this.content.catalog, now: (this.now += 1000), replyStillSending: this.replyStillSending });
    if (!this.last.duplicate) this.state = this.last.state;
    return this.last;
  }

  /** Presses the button with this label on the last reply. */
  press(label: string): TurnResult {
    const button = this.buttons().find((b) => b.label === label);
    if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(this.buttons().map((b) => b.label))}`);
    return this.send({ payload: button.payload });
  }

  texts(result: TurnResult = this.last): string[] {
    return allMessages(result).flatMap((m) => (m.text ? [m.text] : []));
  }

  buttons(result: TurnResult = this.last): { label: string; payload: string }[] {
    return allMessages(result).flatMap((m) => m.buttons ?? []);
  }

  get position(): string | undefined {
    const frame = this.state?.stack[this.state.stack.length - 1];
    return frame ? `${frame.flow}/${frame.node}` : undefined;
  }
}

function allMessages(result: TurnResult): OutboundMessage[] {
  return [...result.outbox, ...(result.service?.after ?? [])];
}
