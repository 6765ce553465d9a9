// Broken flow files: every problem is reported with file and path, nothing throws.
import { mkdtemp, writeFile, rm, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/loader.js';
import { formatProblem } from '../../src/engine/flow-registry.js';
import { FIXTURE_FLOWS, ROOT } from '../helpers/engine.js';
import { tsxArgs } from '../helpers/process.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function problemsWith(files: Record<string, string>): Promise<string[]> {
  dir = await mkdtemp(path.join(tmpdir(), 'hvs-flows-'));
  await cp(FIXTURE_FLOWS, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const content = await loadContent({ root: dir, flowsDir: dir, contentDir: path.join(ROOT, 'content') });
  return content.problems.map(formatProblem);
}

describe('loading flows', () => {
  it('accepts the fixture flows', async () => {
    expect(await problemsWith({})).toEqual([]);
  });

  it('names an unknown node with file and path', async () => {
    const problems = await problemsWith({
      'lesson-qr.yaml': 'id: lesson-qr\nversion: 1\ntitle: QR\nkind: lesson\nstart: step1\nnodes:\n  step1:\n    type: send\n    text: hi\n  step3:\n    type: send\n    text: x\n    next: step9\n',
    });
    expect(problems).toEqual(['lesson-qr.yaml: nodes.step3.next: unknown node "step9"']);
  });

  it('reports YAML syntax errors, schema errors, bad quizzes, unknown flows and duplicate ids together', async () => {
    const problems = await problemsWith({
      'broken.yaml': 'id: broken\nversion: 1\n  title: [oops\n',
      'typo.yaml': 'id: typo\nversion: one\ntitle: T\nkind: lesson\nstart: a\nnodes:\n  a:\n    type: sned\n',
      'quiz.yaml':
        'id: quiz\nversion: 1\ntitle: Q\nkind: lesson\nstart: q\nnodes:\n  q:\n    type: quiz\n    question: "?"\n    options:\n      - { label: A, correct: true, explanation: x }\n      - { label: B, correct: true, explanation: y }\n    next: e\n  e:\n    type: end\n    buttons:\n      - { label: Go, flow: nowhere }\n',
      'dupe.yaml': 'id: menu\nversion: 1\ntitle: M\nkind: system\nstart: a\nnodes:\n  a:\n    type: end\n',
    });
    expect(problems).toContainEqual(expect.stringMatching(/^broken\.yaml: line \d+: YAML syntax/));
    expect(problems).toContainEqual('typo.yaml: version: Invalid input: expected number, received string');
    expect(problems).toContainEqual(expect.stringMatching(/^typo\.yaml: nodes\.a\.type: /));
    expect(problems).toContainEqual('quiz.yaml: nodes.q.options: exactly one option must be correct (found 2)');
    expect(problems).toContainEqual('quiz.yaml: nodes.e.buttons.0.flow: unknown flow "nowhere"');
    expect(problems).toContainEqual('menu.yaml: id: flow id "menu" is already used by dupe.yaml');
  });

  it('rejects unknown fields (a typo in a field name)', async () => {
    const problems = await problemsWith({
      'extra.yaml': 'id: extra\nversion: 1\ntitle: E\nkind: system\nstart: a\nnodes:\n  a:\n    type: send\n    text: hi\n    nxt: b\n',
    });
    expect(problems).toEqual([expect.stringMatching(/^extra\.yaml: nodes\.a: Unrecognized key: "nxt"/)]);
  });

  it('npm run content:check prints the problems and exits non-zero', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hvs-check-'));
    await cp(path.join(ROOT, 'content'), path.join(dir, 'content'), { recursive: true });
    await cp(FIXTURE_FLOWS, path.join(dir, 'flows'), { recursive: true });
    await writeFile(path.join(dir, 'flows', 'bad.yaml'), 'id: bad\nversion: 1\ntitle: B\nkind: system\nstart: nope\nnodes:\n  a:\n    type: end\n');
    const run = promisify(execFile)(process.execPath, tsxArgs('src/cli/content-check.ts'), { cwd: dir });
    const failure = await run.then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('flows/bad.yaml: start: unknown node "nope"');
  });
});
