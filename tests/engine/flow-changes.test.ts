// A flow file changes while a resident is in the middle of it.
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FlowCandidate } from '../../src/engine/flow-registry.js';
import { EngineChat, FIXTURE_FLOWS, loadFixtureContent, registryOf } from '../helpers/engine.js';

let base: Awaited<ReturnType<typeof loadFixtureContent>>;
const files = ['menu', 'onboarding', 'lesson-a', 'survey', 'mini', 'check-scam'];
const original = () => files.map((name) => ({ file: `${name}.yaml`, data: parse(readFileSync(path.join(FIXTURE_FLOWS, `${name}.yaml`), 'utf8')) }) as FlowCandidate & { data: any });

beforeAll(async () => {
  base = await loadFixtureContent();
});

function chatAtStep2(): EngineChat {
  const chat = new EngineChat(base);
  chat.send('hi');
  chat.send('1');
  chat.send('1');
  chat.send('bai mau');
  chat.send('tiep');
  expect(chat.position).toBe('lesson-a/s2');
  return chat;
}

function withLesson(edit: (lesson: any) => void) {
  const candidates = original();
  const lesson = candidates.find((c) => c.file === 'lesson-a.yaml')!.data;
  edit(lesson);
  return { registry: registryOf(candidates), catalog: base.catalog };
}

describe('resuming after a flow changes', () => {
  it('stays at the same node when it still exists, with the choices as they are now', () => {
    const chat = chatAtStep2();
    chat.content = withLesson((lesson) => {
      lesson.version = 2;
      lesson.nodes.s2.text = 'Bước 2 (mới)';
      lesson.nodes.s2.buttons = [{ label: 'Đi tiếp', next: 'q1' }];
    });
    chat.send('1');
    expect(chat.position).toBe('lesson-a/q1');
    expect(chat.state!.stack[0]!.revision).toMatch(/^2-/);
  });

  it('notices a change even when the author forgot to raise the version', () => {
    const chat = chatAtStep2();
    chat.content = withLesson((lesson) => {
      delete lesson.nodes.s2;
      lesson.nodes.s1.buttons[0].next = 'q1';
    });
    chat.send('tiep');
    expect(chat.texts()[0]).toBe('Bài này vừa được cập nhật, mình bắt đầu lại từ đầu bài nhé.');
    expect(chat.position).toBe('lesson-a/s1');
    expect(chat.last.events).toContainEqual({ type: 'flow_reset', flow: 'lesson-a', reason: 'changed' });
  });

  it('restarts from the start with a notice when the node is gone', () => {
    const chat = chatAtStep2();
    chat.content = withLesson((lesson) => {
      lesson.version = 3;
      lesson.nodes.s2b = lesson.nodes.s2;
      delete lesson.nodes.s2;
      lesson.nodes.s1.buttons[0].next = 's2b';
    });
    const result = chat.send('tiep');
    expect(result.outbox[0]!.text).toContain('vừa được cập nhật');
    expect(chat.position).toBe('lesson-a/s1');
  });

  it('takes the resident to the menu when the whole flow is removed', () => {
    const chat = chatAtStep2();
    const candidates = original().filter((c) => c.file !== 'lesson-a.yaml');
    for (const c of candidates)
      if (c.file === 'menu.yaml' || c.file === 'onboarding.yaml') {
        const data = c.data as any;
        for (const node of Object.values<any>(data.nodes)) if (node.buttons) node.buttons = node.buttons.filter((b: any) => b.flow !== 'lesson-a');
      }
    chat.content = { registry: registryOf(candidates), catalog: base.catalog };
    chat.send('tiep');
    expect(chat.texts()[0]).toContain('không còn nữa');
    expect(chat.state!.stack).toEqual([]);
    expect(chat.buttons().map((b) => b.label)).toEqual(['Về menu']);
  });

  it('still honours a global command typed at the moment of the change', () => {
    const chat = chatAtStep2();
    chat.content = withLesson((lesson) => {
      delete lesson.nodes.s2;
      lesson.nodes.s1.buttons[0].next = 'q1';
    });
    chat.send('menu');
    expect(chat.position).toBe('menu/main');
  });
});
