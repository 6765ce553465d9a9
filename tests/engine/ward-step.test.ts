// The onboarding ward question (`input: ward`) through the pure engine with the
// real content and content/wards.yaml: exact names, no diacritics, typos, a
// number from the list shown, an unclear name (a short list, then a pick),
// "Bỏ qua", an intent that is never saved, and no directory at all.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/engine/flow-registry.js';
import { buildDirectory, EMPTY_DIRECTORY } from '../../src/engine/wards/directory.js';
import { readWardAnswer, WARDS_SHOWN_MAX } from '../../src/engine/wards/step.js';
import { EngineChat } from '../helpers/engine.js';
import { realContent, type RealContent } from '../front-door/helpers.js';

let content: RealContent;
beforeAll(async () => {
  content = await realContent();
});

const DIRECTORY_NAMES = ['Phường Hòa Bình', 'Phường Bến Nghé', 'Phường Sài Gòn', 'Phường Tân Định', 'Xã An Khánh', 'Phường Thanh Xuân'];

/** A resident at the ward question, with consent given and the elderly group chosen. */
function atWardQuestion(target: RealContent = content): EngineChat {
  const chat = new EngineChat(target);
  for (const text of ['xin chào', 'Đồng ý', 'Người cao tuổi']) chat.send(text);
  expect(chat.position).toBe('onboarding/ward');
  return chat;
}

describe('the ward question', () => {
  it('shows the directory as buttons, then "Bỏ qua"', () => {
    const chat = atWardQuestion();
    expect(chat.texts()).toContainEqual(expect.stringContaining('Bác ở phường/xã nào?'));
    expect(chat.buttons().map((b) => b.label)).toEqual([...DIRECTORY_NAMES, 'Bỏ qua']);
  });

  it.each([
    ['Phường Bến Nghé', 'Phường Bến Nghé'],
    ['phuong ben nghe', 'Phường Bến Nghé'],
    ['ben nghe', 'Phường Bến Nghé'],
    ['P. Hòa Bình', 'Phường Hòa Bình'],
    ['hoa bnih', 'Phường Hòa Bình'],
    ['phuong tan dihn', 'Phường Tân Định'],
    ['xa an khan', 'Xã An Khánh'],
    ['quận 1 cũ', 'Phường Sài Gòn'],
    ['2', 'Phường Bến Nghé'],
    ['số 5', 'Xã An Khánh'],
  ])('"%s" saves the directory name %s and thanks with it', (typed, saved) => {
    const chat = atWardQuestion();
    chat.send(typed);
    expect(chat.state!.profile.ward).toBe(saved);
    expect(chat.texts()[0]).toBe(`Cảm ơn bác, mình đã ghi: ${saved}.`);
    expect(chat.last.events).toContainEqual({ type: 'profile_changed', field: 'ward', value: saved });
    expect(chat.position).toBe('onboarding/alerts');
  });

  it('a pressed ward button saves that ward', () => {
    const chat = atWardQuestion();
    chat.press('Phường Thanh Xuân');
    expect(chat.state!.profile.ward).toBe('Phường Thanh Xuân');
    expect(chat.position).toBe('onboarding/alerts');
  });

  it('a name that only starts a ward is not saved: the candidate is offered, and a number picks it', () => {
    const chat = atWardQuestion();
    chat.send('thanh');
    expect(chat.texts()).toEqual(['Có vài phường/xã gần giống. Bác chọn đúng nơi của mình nhé:']);
    expect(chat.buttons().map((b) => b.label)).toEqual(['Phường Thanh Xuân', 'Bỏ qua']);
    expect(chat.state!.profile.ward).toBeUndefined();
    expect(chat.position).toBe('onboarding/ward');
    chat.send('1');
    expect(chat.state!.profile.ward).toBe('Phường Thanh Xuân');
    expect(chat.position).toBe('onboarding/alerts');
  });

  it('an unclear name shows a short numbered list of the wards it fits, then a press picks one', () => {
    const directory = buildDirectory([
      { id: 'ben-nghe', name: 'Phường Bến Nghé', aliases: [] },
      { id: 'ben-thanh', name: 'Phường Bến Thành', aliases: [] },
      { id: 'hoa-binh', name: 'Phường Hòa Bình', aliases: [] },
    ]);
    const chat = atWardQuestion(withDirectory(directory));
    chat.send('ben');
    expect(chat.buttons().map((b) => b.label)).toEqual(['Phường Bến Nghé', 'Phường Bến Thành', 'Bỏ qua']);
    chat.press('Phường Bến Thành');
    expect(chat.state!.profile.ward).toBe('Phường Bến Thành');
  });

  it('a name that matches nothing is asked again politely, then the question moves on after the retries', () => {
    const chat = atWardQuestion();
    chat.send('Phường Không Có Thật');
    expect(chat.texts()[0]).toBe('Mình chưa tìm thấy phường/xã này. Bác gõ lại tên giúp mình nhé (hoặc bấm "Bỏ qua").');
    expect(chat.texts()[1]).toContain('Bác ở phường/xã nào?');
    expect(chat.buttons().map((b) => b.label)).toEqual([...DIRECTORY_NAMES, 'Bỏ qua']);
    chat.send('xyz abc');
    expect(chat.position).toBe('onboarding/ward');
    chat.send('qwerty uiop');
    expect(chat.state!.profile.ward).toBeUndefined();
    expect(chat.position).toBe('onboarding/alerts');
  });

  it.each(['Bỏ qua', 'bo qua', 'không', 'thôi', 'skip', '7'])('"%s" means no ward: nothing is saved or thanked for', (typed) => {
    const chat = atWardQuestion();
    chat.send(typed);
    expect(chat.state!.profile.ward).toBeUndefined();
    expect(chat.texts().join(' ')).not.toContain('mình đã ghi');
    expect(chat.position).toBe('onboarding/alerts');
  });

  it('an intent typed at the question is acted on and never saved as the ward', () => {
    const chat = atWardQuestion();
    chat.send('không muốn nhận cảnh báo nữa');
    expect(chat.state!.profile.ward).toBeUndefined();
    expect(chat.state!.profile.subscribed).toBe(false);
    expect(chat.last.events).toContainEqual(expect.objectContaining({ type: 'front_door', decision: 'intent', detail: 'alerts-off' }));
    chat.send('Tiếp tục bài');
    expect(chat.position).toBe('onboarding/ward');
    chat.send('hoa binh');
    expect(chat.state!.profile.ward).toBe('Phường Hòa Bình');
  });

  it('a large directory is typed, not shown; a number then picks nothing', () => {
    const many = Array.from({ length: WARDS_SHOWN_MAX + 1 }, (_, i) => ({ id: `phuong-${i + 1}`, name: `Phường ${i + 1}`, aliases: [] }));
    const chat = atWardQuestion(withDirectory(buildDirectory([...many, { id: 'hoa-binh', name: 'Phường Hòa Bình', aliases: [] }])));
    expect(chat.buttons().map((b) => b.label)).toEqual(['Bỏ qua']);
    chat.send('phuong 3');
    expect(chat.state!.profile.ward).toBe('Phường 3');
  });

  it('without a directory the typed name is kept, and skip words still mean no ward', () => {
    const chat = atWardQuestion(withDirectory(EMPTY_DIRECTORY));
    expect(chat.buttons().map((b) => b.label)).toEqual(['Bỏ qua']);
    chat.send('Phường Mới Lập');
    expect(chat.state!.profile.ward).toBe('Phường Mới Lập');
    const node = content.registry.node('onboarding', 'ward')!;
    expect(node.type === 'ask' && readWardAnswer('skip', node, EMPTY_DIRECTORY)).toEqual({ kind: 'skip', choiceIndex: 0 });
  });
});

/** The real flows with another directory. */
function withDirectory(directory: typeof EMPTY_DIRECTORY): RealContent {
  const candidates = content.registry.all().map((flow) => ({ file: flow.file, data: stripLoaded(flow) }));
  const { registry, problems } = buildRegistry(candidates, directory);
  if (problems.length > 0) throw new Error(JSON.stringify(problems.slice(0, 3)));
  return { ...content, registry };
}

function stripLoaded(flow: { file: string; revision: string }): unknown {
  const { file: _file, revision: _revision, ...data } = flow;
  return data;
}
