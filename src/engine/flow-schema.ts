// The flow format. This schema is the documentation: every field carries a
// description, and `npm run schema:export` turns it into a JSON Schema for editors.
import { z } from 'zod';

export const FLOW_ID = /^[a-z0-9][a-z0-9-]*$/;
const NODE_ID = /^[A-Za-z0-9_-]+$/;

export const COMMANDS = ['menu', 'help', 'back', 'stop', 'progress', 'delete', 'resume', 'restart', 'review', 'reminders-on', 'reminders-off', 'invite'] as const;
export type Command = (typeof COMMANDS)[number];

/** Services outside the pure engine that a flow can hand a resident's text to. */
export const SERVICES = ['qa', 'scam-check', 'certificate'] as const;
export type ServiceName = (typeof SERVICES)[number];

const FlowId = z.string().regex(FLOW_ID, 'flow ids use lowercase letters, digits and "-"');
const NodeId = z.string().regex(NODE_ID, 'node ids use letters, digits, "_" and "-"');

export const Bubbles = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe('One message bubble, or a list of bubbles sent one after another. May use {{profile.name}}, {{ban}} (bạn/bác), {{quiz.score}}, {{quiz.total}}.');

const FieldPath = z
  .string()
  .regex(/^(profile|vars)\.[A-Za-z][A-Za-z0-9_]*$|^progress\.completed$/, 'a field is "profile.<name>", "vars.<name>" or "progress.completed"')
  .describe('Where a value lives: profile.<name> (kept for the user), vars.<name> (this run of the flow), progress.completed.');

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

export const ButtonSchema = z
  .strictObject({
    label: z.string().min(1).max(60).describe('Text on the button, as the resident sees it.'),
    next: NodeId.optional().describe('Go to this node of the same flow.'),
    flow: FlowId.optional().describe('Leave this flow and start another one.'),
    command: z.enum(COMMANDS).optional().describe('Run a global command, such as "menu".'),
    aliases: z.array(z.string().min(1)).optional().describe('Other words that select this button ("tiep", "ok").'),
  })
  .describe('A choice shown as a button, or as a numbered line where the channel has no buttons.');

const ChoiceSchema = z
  .strictObject({
    label: z.string().min(1).max(60).describe('Text on the button.'),
    value: Scalar.optional().describe('Value saved into `save` when chosen (default: the label).'),
    save: z.literal(false).optional().describe('false: choosing this saves nothing (a "Bỏ qua" beside a free-text question).'),
    next: NodeId.optional().describe("Node to go to when chosen (default: the ask node's next)."),
    aliases: z.array(z.string().min(1)).optional().describe('Other words that select this choice.'),
  })
  .describe('One answer the resident can pick.');

const LinkSchema = z.strictObject({
  url: z.string().url().describe('An https link on the official allowlist.'),
  label: z.string().min(1).describe('What the link is, in words.'),
});

const SendNode = z
  .strictObject({
    type: z.literal('send'),
    text: Bubbles.optional(),
    image: z.string().optional().describe('An image under content/ (e.g. images/qr.png).'),
    link: LinkSchema.optional(),
    buttons: z.array(ButtonSchema).max(10).optional().describe('When present, the flow waits here for a choice.'),
    next: NodeId.optional().describe('Node to continue with when there are no buttons. Without it the flow ends.'),
  })
  .describe('Sends bubbles, an image or a link; waits when it has buttons.');

const InputRules = z
  .strictObject({
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).max(500).optional(),
    pattern: z.string().optional().describe('A regular expression the folded answer (no diacritics, lowercase) must match.'),
  })
  .describe('Checks for a free-text answer.');

const AskNode = z
  .strictObject({
    type: z.literal('ask'),
    text: Bubbles,
    choices: z.array(ChoiceSchema).max(10).optional().describe('Fixed answers; without them the answer is free text.'),
    input: z
      .union([InputRules, z.literal('ward').describe('The resident chooses a ward from content/wards.yaml.')])
      .optional()
      .describe(
        'Checks for a free-text answer, or "ward": the answer is matched to content/wards.yaml (without diacritics, with a typo, or by the number of a ward shown as a button) and the ward\'s official name is saved; a small directory is shown as buttons; "bỏ qua", "không" choose the save: false choice.',
      ),
    save: FieldPath.optional().describe('Where to keep the answer.'),
    next: NodeId.optional().describe('Node after a valid answer. Without it the flow ends.'),
    invalid: Bubbles.optional().describe('Said when the answer does not fit; the question is asked again.'),
    unclear: Bubbles.optional().describe('input: ward only. Said when the name fits several wards; those few follow as buttons (default: the question again).'),
    maxRetries: z.number().int().min(0).max(5).default(2).describe('How many times to ask again before giving up.'),
    onMaxRetries: NodeId.optional().describe('Where to go after too many unfit answers (default: next).'),
    handoff: z
      .enum(SERVICES)
      .optional()
      .describe('Hands the free-text answer to a service ("scam-check" analyses a suspicious message, "qa" answers a question); its reply comes before the next node.'),
    survey: z
      .strictObject({ kind: z.enum(['rating', 'choice', 'text']) })
      .optional()
      .describe('Set by a `survey` step (written as type: survey): the answer is filed as a survey answer, not kept in the profile.'),
  })
  .describe('Asks a question and waits for a choice or a free-text answer.');

const QuizOption = z.strictObject({
  label: z.string().min(1).max(60),
  correct: z.boolean().default(false),
  explanation: z.string().min(1).describe('Why this answer is right or wrong; shown after it is chosen.'),
  aliases: z.array(z.string().min(1)).optional(),
});

const QuizNode = z
  .strictObject({
    type: z.literal('quiz'),
    question: Bubbles,
    options: z.array(QuizOption).min(2).max(6).describe('Exactly one option has correct: true.'),
    next: NodeId.optional().describe('Node after the answer and its explanation. Without it the flow ends.'),
  })
  .describe('A quiz question; the answer is scored and recorded in the lesson progress.');

const AssessQuestion = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .describe('Stable id; a button names it.'),
  question: z.string().min(1),
  options: z
    .array(z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/), label: z.string().min(1).max(60), correct: z.boolean().default(false), explanation: z.string().min(1) }))
    .min(2)
    .max(6),
});

const AssessNode = z
  .strictObject({
    type: z.literal('assess'),
    heading: z.string().optional().describe('Before each question; {n} and {total} are filled.'),
    questions: z.array(AssessQuestion).min(1).describe('The bank the test draws from (compiled from content/assessment/).'),
    draw: z.number().int().min(1).max(20).describe('Questions asked in one attempt.'),
    passMark: z.number().int().min(1).describe('Right answers needed to pass.'),
    passed: NodeId.describe('Node after a passed attempt.'),
    failed: NodeId.describe('Node after a failed attempt.'),
  })
  .describe('An area test: draws questions from a bank, options shuffled per resident; a button names the question and option ids.');

const ServiceNode = z
  .strictObject({
    type: z.literal('service'),
    service: z.enum(SERVICES).describe('The service whose reply comes here (e.g. "certificate").'),
    text: z.string().optional().describe('Text handed to the service (templates work).'),
    next: NodeId.optional(),
  })
  .describe('Hands over to a service outside the engine; its reply comes before what the flow says next.');

const Condition: z.ZodType<ConditionShape> = z.lazy(() =>
  z.union([
    z.strictObject({
      field: z.string().describe('profile.<name>, vars.<name>, quiz.score, quiz.total, or progress.<flow id> (its status: "started" or "completed")'),
      equals: Scalar.optional(),
      in: z.array(Scalar).optional(),
      exists: z.boolean().optional(),
      atLeast: z.number().optional(),
    }),
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
  ]),
);

export type ConditionShape =
  { field: string; equals?: string | number | boolean; in?: (string | number | boolean)[]; exists?: boolean; atLeast?: number } | { all: ConditionShape[] } | { any: ConditionShape[] };

const BranchNode = z
  .strictObject({
    type: z.literal('branch'),
    cases: z.array(z.strictObject({ when: Condition, next: NodeId })).min(1),
    default: NodeId.describe('Node when no case matches.'),
  })
  .describe('Chooses the next node from answers, quiz score or profile.');

const SetNode = z
  .strictObject({
    type: z.literal('set'),
    set: z.record(FieldPath, Scalar).describe('Fields to set, e.g. profile.consent: true.'),
    next: NodeId.optional(),
  })
  .describe('Sets profile, flow or progress fields.');

const CallNode = z
  .strictObject({
    type: z.literal('call'),
    flow: FlowId.describe('The flow to run; when it ends, this flow continues at next.'),
    next: NodeId.optional(),
  })
  .describe('Runs another flow and comes back.');

const EndNode = z
  .strictObject({
    type: z.literal('end'),
    text: Bubbles.optional(),
    buttons: z.array(ButtonSchema).max(10).optional().describe('Offered after the flow ends; each must go to a flow or a command.'),
    complete: z.boolean().default(false).describe('Marks the lesson or guide as completed.'),
  })
  .describe('Ends the flow (and returns to a calling flow, if any).');

const SurveyNode = z
  .strictObject({
    type: z.literal('survey'),
    question: Bubbles.describe('The question; for a rating, say what 1 and 5 mean ("1 = rất khó, 5 = rất dễ").'),
    answer: z.enum(['rating', 'choice', 'text']).describe('rating: buttons 1 to 5; choice: one of `choices`; text: a few words of free text (redacted before it is stored).'),
    choices: z.array(z.string().min(1).max(60)).min(2).max(8).optional().describe('answer: choice only. The answers offered.'),
    optional: z.boolean().default(true).describe('Offer a "Bỏ qua" button (default true).'),
    skipLabel: z.string().min(1).max(60).default('Bỏ qua').describe('The label of the skip button.'),
    invalid: Bubbles.optional().describe('Said when a free-text answer does not fit; the question is asked again.'),
    next: NodeId.optional().describe('Node after the answer. Without it the flow ends.'),
  })
  .describe('A survey question: its answers are stored per question (anonymous counts and averages for operators), never in the profile.');

type SurveyInput = z.output<typeof SurveyNode>;

/** A survey step runs as an ask step marked `survey`: one way to wait for an answer. */
function surveyAsAsk(node: SurveyInput): z.output<typeof AskNode> {
  const skip = node.optional ? [{ label: node.skipLabel, save: false as const, aliases: ['bo qua', 'khong', 'thoi'] }] : [];
  const offered = node.answer === 'rating' ? [1, 2, 3, 4, 5].map((n) => ({ label: String(n), value: n })) : node.answer === 'choice' ? (node.choices ?? []).map((label) => ({ label })) : [];
  return {
    type: 'ask',
    text: node.question,
    choices: [...offered, ...skip],
    ...(node.answer === 'text' ? { input: { minLength: 2, maxLength: 500 } } : {}),
    ...(node.invalid ? { invalid: node.invalid } : {}),
    ...(node.next ? { next: node.next } : {}),
    maxRetries: 2,
    survey: { kind: node.answer },
  };
}

export const NodeSchema = z
  .discriminatedUnion('type', [SendNode, AskNode, QuizNode, BranchNode, SetNode, CallNode, EndNode, AssessNode, ServiceNode, SurveyNode])
  .superRefine((node, ctx) => {
    if (node.type === 'survey' && node.answer === 'choice' && !node.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'answer: choice needs choices' });
  })
  .transform((node) => (node.type === 'survey' ? surveyAsAsk(node) : node));

export const FlowMetaSchema = z
  .looseObject({
    minutes: z.number().int().min(1).max(120).optional().describe('Estimated minutes.'),
    groups: z.array(z.string()).optional().describe('Target groups (elderly, worker, farmer, student, disability).'),
    skill: z.string().optional().describe('Skill area.'),
    summary: z.string().optional().describe('One sentence on what the flow teaches or does.'),
    source: z.string().optional().describe('Official page or document the content is based on.'),
    reviewed: z.string().optional().describe('Date the content was last checked (YYYY-MM-DD).'),
    areas: z.array(z.string()).optional().describe('A lesson: the areas of the skills framework (content/framework.yaml) it covers.'),
    offerAfter: z.array(FlowId).optional().describe('A survey flow: offered as a button when one of these lessons or guides ends (until the resident answers it).'),
  })
  .describe('Facts about the flow used by menus, recommendations and checks.');

export const FlowSchema = z
  .strictObject({
    id: FlowId.describe('Unique id; the file should be named <id>.yaml.'),
    version: z.number().int().min(1).describe('Raise it when you change the flow, so residents in the middle of it resume safely.'),
    title: z.string().min(1).describe('Name shown to residents.'),
    kind: z
      .enum(['lesson', 'guide', 'system', 'assessment'])
      .describe('lesson and guide record progress; an assessment (an area test) records its best score and is completed when passed; system flows (menu, onboarding) record nothing.'),
    triggers: z.array(z.string().min(2)).optional().describe('Words that start this flow when typed (matched without diacritics).'),
    start: NodeId.describe('The first node.'),
    meta: FlowMetaSchema.optional(),
    nodes: z.record(NodeId, NodeSchema).describe('The steps of the flow, by id.'),
  })
  .describe('A conversation flow of the Học Vụ Số tutor.');

export type Flow = z.output<typeof FlowSchema>;
export type FlowNode = z.output<typeof NodeSchema>;
export type ButtonSpec = z.output<typeof ButtonSchema>;
export type NodeOf<T extends FlowNode['type']> = Extract<FlowNode, { type: T }>;
