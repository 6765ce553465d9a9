// `npm run eval:front`: the front door measured end to end, in-process, through
// the real engine, the real scam checker and the real Q&A service (no model),
// on an embedded store in a temporary folder. Two sets: content/eval/front-tuning.yaml
// (tuned on) and content/eval/front-frozen.yaml (written first, never tuned on).
// `--verbose` lists every miss; `--set tuning|frozen` runs one set.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import { parse } from 'yaml';
import { z } from 'zod';
import { personalDataWarning } from '../ai/index.js';
import { defaultContentPaths } from '../content/loader.js';
import { flowSources } from '../content/registry.js';
import { formatProblem } from '../engine/flow-registry.js';
import type { OutboundMessage } from '../engine/messages.js';
import type { TurnResult } from '../engine/router.js';
import { newUserState } from '../engine/state.js';
import { createLogger } from '../log/logger.js';
import { ContentHolder } from '../runtime/content-holder.js';
import { Conversation } from '../runtime/conversation.js';
import { buildServices } from '../runtime/services.js';
import { Metrics } from '../server/metrics.js';
import { createStore } from '../store/index.js';

const ItemSchema = z.strictObject({
  text: z.string().min(1),
  as: z.enum(['new', 'onboarded', 'lesson', 'ward']).default('onboarded'),
  expect: z.enum(['answer', 'decline', 'scam', 'genuine', 'urgent', 'intent']),
  topics: z.array(z.string()).optional(),
  playbook: z.string().optional(),
  intent: z.string().optional(),
});
const SetSchema = z.strictObject({ items: z.array(ItemSchema).min(1) });
export type EvalItem = z.output<typeof ItemSchema>;

/** The turns that bring a resident to the state an item is sent in. */
const SETUP: Record<EvalItem['as'], string[]> = {
  new: [],
  onboarded: ['xin chào', 'Đồng ý', 'Người cao tuổi', 'Bỏ qua', 'Không cần'],
  lesson: ['xin chào', 'Đồng ý', 'Người cao tuổi', 'Bỏ qua', 'Không cần', 'thanh toán qr', 'tiếp'],
  ward: ['xin chào', 'Đồng ý', 'Người cao tuổi'],
};

export interface Outcome {
  item: EvalItem;
  ok: boolean;
  got: string;
  /** For victims: the expected playbook was the one shown. */
  rightPlaybook?: boolean;
}

export interface SetReport {
  outcomes: Outcome[];
  figures: Record<'answered' | 'declined' | 'pastedChecked' | 'scamRecall' | 'scamPrecision' | 'genuineNotFlagged' | 'urgentFirst' | 'intents', { hits: number; total: number }>;
}

export interface FrontEval {
  run(items: EvalItem[]): Promise<SetReport>;
  close(): Promise<void>;
}

export async function loadFrontSet(file: string): Promise<EvalItem[]> {
  return SetSchema.parse(parse(await readFile(file, 'utf8'))).items;
}

/** Builds the tutor's conversation in-process the way src/tutor.ts does, with no model and no channels. */
export async function createFrontEval(root: string): Promise<FrontEval> {
  const content = await ContentHolder.load(defaultContentPaths(root), flowSources);
  if (Array.isArray(content)) throw new Error(`content has problems:\n${content.map(formatProblem).join('\n')}`);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hvs-eval-front-'));
  const store = createStore({ dataDir });
  const logger = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
  const metrics = new Metrics({ defaultMetrics: false });
  const services = await buildServices({ rawEnv: {}, store, content, logger, metrics, timeZone: 'Asia/Ho_Chi_Minh' });
  const last = new Map<string, TurnResult>();
  const conversation = new Conversation({
    store,
    content,
    services,
    logger,
    metrics,
    inboundGuard: (text, state) => personalDataWarning(text, state ?? newUserState(Date.now()), content),
    onCommitted: ({ userKey, result }) => void last.set(userKey, result),
  });
  let counter = 0;
  const send = async (userId: string, text: string) => {
    const reply = await conversation.handle({ channel: 'eval', userId, messageId: `m${++counter}`, at: Date.now(), text });
    return { messages: reply.messages, result: last.get(`eval:${userId}`)! };
  };
  const ward = async (userId: string) => (await store.users.load(`eval:${userId}`))?.state.profile.ward;
  return {
    async run(items) {
      const outcomes: Outcome[] = [];
      for (const item of items) {
        const userId = `u${++counter}`;
        for (const setupText of SETUP[item.as]) await send(userId, setupText);
        const { messages, result } = await send(userId, item.text);
        outcomes.push(judge(item, messages, result, await ward(userId), content.catalog.frontDoor.labels.volunteer));
      }
      return { outcomes, figures: figuresOf(outcomes) };
    },
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const FLAGGED = /NGUY HIỂM|ĐÁNG NGỜ/;
const NOT_FLAGGED = /CHƯA THẤY DẤU HIỆU/;

function judge(item: EvalItem, messages: OutboundMessage[], result: TurnResult, ward: unknown, volunteerLabel: string): Outcome {
  const door = result.events.find((e) => e.type === 'front_door') as { by: string; decision: string; detail?: string } | undefined;
  const route = door ? `${door.by}:${door.detail ?? door.decision}` : 'no front door';
  const payloads = messages.flatMap((m) => m.buttons ?? []).map((b) => b.payload);
  const text = messages.map((m) => m.text ?? '').join(' | ');
  const checked = result.service?.name === 'scam-check';
  switch (item.expect) {
    case 'answer': {
      const onTopic = result.service?.name === 'qa' && (item.topics ?? []).some((topic) => payloads.includes(`f:${topic}`));
      return { item, ok: onTopic, got: `${route} → ${payloads.join(' ') || text.slice(0, 80)}` };
    }
    case 'decline': {
      const volunteered = messages.some((m) => m.buttons?.some((b) => b.label === volunteerLabel));
      return { item, ok: door?.decision === 'decline' && !volunteered && !result.service, got: route };
    }
    case 'scam':
    case 'genuine': {
      const verdict = checked ? (FLAGGED.test(text) ? 'flagged' : NOT_FLAGGED.test(text) ? 'not flagged' : 'no verdict') : 'not checked';
      const ok = item.expect === 'scam' ? verdict === 'flagged' : verdict === 'not flagged';
      return { item, ok, got: `${route} → ${verdict}` };
    }
    case 'urgent': {
      const started = result.events.find((e) => e.type === 'flow_started' && e.flow.startsWith('urgent-')) as { flow: string } | undefined;
      const first = messages.find((m) => m.text)?.text ?? '';
      const ok = started !== undefined && first.includes('10 phút');
      return { item, ok, got: started ? started.flow : route, rightPlaybook: item.playbook ? started?.flow === `urgent-${item.playbook}` : undefined };
    }
    case 'intent': {
      const storedWard = item.as === 'ward' && ward !== undefined;
      // A step's own button for the same command ("Quay lại" on a lesson step) is the intent recognized too.
      const recognized =
        item.intent === 'skip' ? door?.decision === 'choice' : (door?.decision === 'intent' && door.detail === item.intent) || (door?.decision === 'choice' && door.detail === `c:${item.intent}`);
      return { item, ok: recognized && !storedWard, got: `${route}${storedWard ? ` (ward saved: ${String(ward)})` : ''}` };
    }
  }
}

function figuresOf(outcomes: Outcome[]): SetReport['figures'] {
  const count = (filter: (o: Outcome) => boolean, hit: (o: Outcome) => boolean) => {
    const chosen = outcomes.filter(filter);
    return { hits: chosen.filter(hit).length, total: chosen.length };
  };
  const is = (expect: EvalItem['expect']) => (o: Outcome) => o.item.expect === expect;
  const flagged = (o: Outcome) => o.got.endsWith('→ flagged');
  return {
    answered: count(is('answer'), (o) => o.ok),
    declined: count(is('decline'), (o) => o.ok),
    pastedChecked: count(
      (o) => o.item.expect === 'scam' || o.item.expect === 'genuine',
      (o) => !o.got.endsWith('→ not checked'),
    ),
    scamRecall: count(is('scam'), (o) => o.ok),
    scamPrecision: count(flagged, is('scam')),
    genuineNotFlagged: count(is('genuine'), (o) => o.ok),
    urgentFirst: count(is('urgent'), (o) => o.ok),
    intents: count(is('intent'), (o) => o.ok),
  };
}

const LABELS: Record<keyof SetReport['figures'], string> = {
  answered: 'in-scope questions answered on topic',
  declined: 'out-of-scope declined (not to volunteers)',
  pastedChecked: 'pasted messages given a verdict at once (routing)',
  scamRecall: 'pasted scams flagged (recall)',
  scamPrecision: 'flagged pasted messages that are scams (precision)',
  genuineNotFlagged: 'genuine pasted messages not flagged',
  urgentFirst: 'victims given the urgent steps first',
  intents: 'everyday intents recognized',
};

export function formatReport(title: string, report: SetReport, verbose: boolean): string {
  const lines = [`${title}: ${report.outcomes.length} items`];
  for (const [key, { hits, total }] of Object.entries(report.figures) as [keyof SetReport['figures'], { hits: number; total: number }][]) {
    const pct = total === 0 ? '  –  ' : `${((hits / total) * 100).toFixed(1)} %`;
    lines.push(`  ${pct.padStart(7)}  ${`${hits}/${total}`.padStart(7)}  ${LABELS[key]}`);
  }
  const victims = report.outcomes.filter((o) => o.rightPlaybook !== undefined);
  if (victims.length > 0) lines.push(`  (the expected playbook itself: ${victims.filter((o) => o.rightPlaybook).length}/${victims.length})`);
  const misses = report.outcomes.filter((o) => !o.ok);
  if (verbose || misses.length <= 15)
    for (const miss of misses) lines.push(`  ✗ [${miss.item.expect}${miss.item.as === 'onboarded' ? '' : ` as ${miss.item.as}`}] "${miss.item.text.slice(0, 90)}" → ${miss.got.slice(0, 140)}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const root = path.resolve(process.env.CONTENT_ROOT ?? '.');
  const verbose = process.argv.includes('--verbose');
  const only = process.argv.includes('--set') ? process.argv[process.argv.indexOf('--set') + 1] : undefined;
  const evaluation = await createFrontEval(root);
  try {
    console.log('Front door evaluation: real engine, scam checker and Q&A service, no model, embedded store.\n');
    for (const [name, title] of [
      ['tuning', 'Tuning set (content/eval/front-tuning.yaml, tuned on)'],
      ['frozen', 'Frozen set (content/eval/front-frozen.yaml, written first, never tuned on)'],
    ] as const) {
      if (only && only !== name) continue;
      const items = await loadFrontSet(path.join(root, 'content', 'eval', `front-${name}.yaml`));
      console.log(`${formatReport(title, await evaluation.run(items), verbose)}\n`);
    }
  } finally {
    await evaluation.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
