// Compiles the urgent playbooks (content/playbooks/) into flows: urgent-<id>
// (the steps for the next ten minutes, where to report, the lesson as a
// button) whose meta `urgent` holds the phrases the front door's victim
// recognizer matches, and `urgent` (the list, opened from the scam menu).
import path from 'node:path';
import { zodProblems, type ContentProblem, type FlowCandidate } from '../engine/flow-registry.js';
import type { FlowData } from './compile-common.js';
import { readYamlDir, readYamlFile, type ContentPaths, type FlowSource } from './loader.js';
import { PlaybookSchema, PlaybookTextsSchema, TEXTS_FILE, type Playbook, type PlaybookTexts } from './playbook-schema.js';

export const PLAYBOOKS_DIR = 'playbooks';
export const URGENT_LIST_FLOW = 'urgent';
export const urgentFlowId = (playbookId: string) => `urgent-${playbookId}`;

export interface LoadedPlaybooks {
  texts?: PlaybookTexts;
  playbooks: { file: string; data: Playbook }[];
  problems: ContentProblem[];
}

export async function loadPlaybooks(paths: ContentPaths): Promise<LoadedPlaybooks> {
  const problems: ContentProblem[] = [];
  const dir = path.join(paths.contentDir, PLAYBOOKS_DIR);
  const textsRelative = path.relative(paths.root, path.join(dir, TEXTS_FILE));
  const textsData = await readYamlFile(path.join(paths.root, textsRelative), textsRelative, problems);
  const parsedTexts = textsData === undefined ? undefined : PlaybookTextsSchema.safeParse(textsData);
  if (parsedTexts && !parsedTexts.success) problems.push(...zodProblems(textsRelative, parsedTexts.error));
  const playbooks: LoadedPlaybooks['playbooks'] = [];
  for (const candidate of await readYamlDir(paths.root, dir, problems)) {
    if (path.basename(candidate.file) === TEXTS_FILE) continue;
    const parsed = PlaybookSchema.safeParse(candidate.data);
    if (!parsed.success) {
      problems.push(...zodProblems(candidate.file, parsed.error));
      continue;
    }
    if (path.basename(candidate.file, path.extname(candidate.file)) !== parsed.data.id) {
      problems.push({ file: candidate.file, path: 'id', message: `the file should be named ${parsed.data.id}.yaml` });
    }
    playbooks.push({ file: candidate.file, data: parsed.data });
  }
  return { ...(parsedTexts?.success ? { texts: parsedTexts.data } : {}), playbooks, problems };
}

export const playbookFlowSource: FlowSource = async (paths) => {
  const loaded = await loadPlaybooks(paths);
  if (!loaded.texts) return { candidates: [], problems: loaded.problems };
  // Bubble length, links and wording are checked on the compiled flows like every other flow's.
  const problems = [...loaded.problems];
  const candidates: FlowCandidate[] = loaded.playbooks.map(({ file, data }) => ({ file, data: compilePlaybook(data, loaded.texts!) }));
  if (loaded.playbooks.length > 0) candidates.push({ file: path.relative(paths.root, path.join(paths.contentDir, PLAYBOOKS_DIR, TEXTS_FILE)), data: compileList(loaded.playbooks.map((p) => p.data), loaded.texts) });
  return { candidates, problems };
};

export function compilePlaybook(playbook: Playbook, texts: PlaybookTexts): FlowData {
  return {
    id: urgentFlowId(playbook.id),
    version: playbook.version,
    title: playbook.title,
    kind: 'system',
    start: 'steps',
    meta: {
      summary: playbook.now[0]!.text,
      urgent: { priority: playbook.priority, any: playbook.match.any, all: playbook.match.all, unless: playbook.match.unless },
    },
    nodes: {
      steps: {
        type: 'end',
        text: [numbered(texts.nowIntro, playbook.now), numbered(texts.reportIntro, playbook.report)],
        buttons: [
          { label: texts.labels.lesson, flow: playbook.lesson },
          { label: texts.labels.check, flow: 'scam-check' },
          { label: texts.labels.menu, command: 'menu' },
        ],
      },
    },
  };
}

function numbered(intro: string, facts: { text: string }[]): string {
  return [intro, ...facts.map((fact, i) => `${i + 1}. ${fact.text}`)].join('\n');
}

function compileList(playbooks: Playbook[], texts: PlaybookTexts): FlowData {
  const sorted = [...playbooks].sort((a, b) => a.priority - b.priority);
  return {
    id: URGENT_LIST_FLOW,
    version: 1,
    title: texts.listTitle,
    kind: 'system',
    triggers: ['toi vua bi lua', 'vua bi lua dao', 'bi lua roi lam sao'],
    start: 'list',
    nodes: {
      list: {
        type: 'send',
        text: texts.listIntro,
        buttons: [...sorted.map((p) => ({ label: p.title, flow: urgentFlowId(p.id) })), { label: texts.labels.menu, command: 'menu' }],
      },
    },
  };
}

