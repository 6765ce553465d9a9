// Behaviour of the compiled curriculum as residents meet it: onboarding's first
// recommendation by group, "next lesson" by progress, the menus, and guide
// navigation (steps, repeat, documents, related lesson, official link).
import { describe, expect, it } from 'vitest';
import type { TurnResult } from '../../src/engine/router.js';
import { activeFrame, type UserState } from '../../src/engine/state.js';
import { bubblesOf, buttonLabels, consentingUser, contextOf, realContent, send } from './helpers.js';

const content = await realContent();
const ctx = contextOf(content);

/** Presses the button with this label (as a payload, like a channel with buttons). */
function press(result: TurnResult, label: string): TurnResult {
  const button = result.state.choices.find((choice) => choice.label === label);
  if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(result.state.choices.map((c) => c.label))}`);
  return send(result.state, { payload: button.payload }, ctx);
}

function onboard(group: string): TurnResult {
  let result = send(null, { text: 'xin chào' }, ctx);
  result = send(result.state, { text: 'đồng ý' }, ctx);
  result = press(result, group);
  result = press(result, 'Bỏ qua');
  return press(result, 'Không cần');
}

const at = (state: UserState) => `${activeFrame(state)?.flow}:${activeFrame(state)?.node}`;

describe('recommendations', () => {
  it('after onboarding, the elderly start with smartphone basics and scams', () => {
    const result = onboard('Người cao tuổi');
    const last = bubblesOf(result).at(-1)!;
    expect(last).toContain('"Làm quen điện thoại thông minh" (5 phút)');
    expect(last).toContain('"Nhận biết lừa đảo" (7 phút)');
    expect(last).toContain('bác');
    expect(buttonLabels(result)).toEqual(['Học bài đầu tiên', 'Xem tất cả bài học', 'Hỏi một câu']);
    expect(at(press(result, 'Học bài đầu tiên').state)).toBe('lesson-smartphone:intro');
  });

  it('students start with passwords and OTP', () => {
    const result = onboard('Học sinh, sinh viên');
    expect(at(press(result, 'Học bài đầu tiên').state)).toBe('lesson-passwords-otp:intro');
  });

  it('"Bài tiếp theo" skips what the resident has finished', () => {
    const state = consentingUser({ group: 'elderly' });
    state.progress['lesson-smartphone'] = { status: 'completed', attempts: 1, answers: {}, updatedAt: 0 };
    const result = send(state, { payload: 'f:recommend' }, ctx);
    expect(bubblesOf(result).join(' ')).toContain('Nhận biết lừa đảo');
    expect(at(press(result, 'Học bài này').state)).toBe('lesson-scams:intro');
  });

  it('says well done when the whole path is finished', () => {
    const state = consentingUser({ group: 'farmer' });
    for (const flow of content.registry.all().filter((f) => f.kind === 'lesson')) {
      state.progress[flow.id] = { status: 'completed', attempts: 1, answers: {}, updatedAt: 0 };
    }
    const result = send(state, { payload: 'f:recommend' }, ctx);
    expect(bubblesOf(result)[0]).toContain('học xong');
    expect(buttonLabels(result)).toContain('Hướng dẫn thủ tục');
  });
});

describe('menus', () => {
  it('the main menu has the five sections of the issue', () => {
    const result = send(consentingUser(), { text: 'menu' }, ctx);
    expect(buttonLabels(result).slice(0, 5)).toEqual(['Học kỹ năng số', 'Hướng dẫn thủ tục', 'Cảnh báo lừa đảo', 'Hỏi đáp', 'Tiến độ của tôi']);
    expect(at(press(result, 'Cảnh báo lừa đảo').state)).toMatch(/^scam-menu:/);
  });

  it('no message of the lesson and guide menus has more than 8 buttons', () => {
    for (const id of ['lessons', 'guides', 'menu']) {
      for (const node of Object.values(content.registry.get(id)!.nodes)) {
        if (node.type === 'send') expect(node.buttons?.length ?? 0).toBeLessThanOrEqual(8);
      }
    }
  });

  it('every lesson and guide is one area away from the menu', () => {
    const listed = new Set<string>();
    for (const id of ['lessons', 'guides']) {
      for (const node of Object.values(content.registry.get(id)!.nodes)) {
        if (node.type === 'send') node.buttons?.forEach((b) => b.flow && listed.add(b.flow));
      }
    }
    const items = content.registry.all().filter((f) => f.kind === 'lesson' || f.kind === 'guide').map((f) => f.id);
    expect(items.filter((id) => !listed.has(id))).toEqual([]);
  });

  it('every area test is one step away from the menu ("Kiểm tra, nhận chứng nhận")', () => {
    const menu = content.registry.get('menu')!.nodes.main!;
    expect(menu.type === 'send' && menu.buttons?.some((b) => b.flow === 'assessments')).toBe(true);
    const list = content.registry.get('assessments')!.nodes.main!;
    const listed = list.type === 'send' ? (list.buttons ?? []).map((b) => b.flow) : [];
    const tests = content.registry.all().filter((f) => f.kind === 'assessment').map((f) => f.id);
    expect(tests.length).toBeGreaterThanOrEqual(7);
    expect(tests.filter((id) => !listed.includes(id))).toEqual([]);
  });
});

describe('the sample lesson keeps its shape', () => {
  it('lesson-qr: intro → 3 steps → quiz → finish', () => {
    let result = send(consentingUser(), { payload: 'f:lesson-qr' }, ctx);
    for (const [label, node] of [['Tiếp', 'step_scan'], ['Tiếp', 'step_check'], ['Tiếp', 'step_pay'], ['Làm bài kiểm tra', 'q1']]) {
      result = press(result, label!);
      expect(at(result.state)).toBe(`lesson-qr:${node}`);
    }
    for (const node of ['q2', 'q3']) {
      result = send(result.state, { text: '1' }, ctx);
      expect(at(result.state)).toBe(`lesson-qr:${node}`);
    }
    result = send(result.state, { text: '1' }, ctx);
    // "1" is not always the right answer: a quiz with a wrong answer offers a retry first.
    expect(at(result.state)).toBe('lesson-qr:retry');
    result = press(result, 'Xong bài');
    expect(result.state.stack).toEqual([]);
    expect(result.state.progress['lesson-qr']?.status).toBe('completed');
  });
});

describe('a guide', () => {
  const open = () => send(consentingUser(), { payload: 'f:guide-id-card' }, ctx);

  it('opens with where, fee and duration, and numbers its steps', () => {
    const intro = open();
    expect(bubblesOf(intro).join('\n')).toMatch(/Làm ở đâu:[\s\S]*Lệ phí:[\s\S]*Thời gian:/);
    const step = press(press(intro, 'Bắt đầu'), 'Tiếp');
    expect(bubblesOf(step)[0]).toMatch(/^Bước 2\/6: /);
  });

  it('repeats a step, and the documents checklist returns to the step', () => {
    const step = press(press(open(), 'Bắt đầu'), 'Tiếp');
    const again = press(step, 'Xem lại bước này');
    expect(at(again.state)).toBe('guide-id-card:step_2');
    expect(bubblesOf(again)).toEqual(bubblesOf(step));
    const docs = press(again, 'Giấy tờ cần có');
    expect(bubblesOf(docs)[0]).toContain('• ');
    expect(at(press(docs, 'Quay lại').state)).toBe('guide-id-card:step_2');
  });

  it('jumps to the related lesson', () => {
    expect(at(press(open(), 'Học bài: Ứng dụng VNeID').state)).toBe('lesson-vneid:intro');
  });

  it('ends with the official link and records completion', () => {
    let result = press(open(), 'Bắt đầu');
    for (let i = 0; i < 5; i++) result = press(result, 'Tiếp');
    result = press(result, 'Xong');
    expect(result.outbox.some((m) => m.link?.url.startsWith('https://dichvucong.bocongan.gov.vn'))).toBe(true);
    expect(result.state.progress['guide-id-card']?.status).toBe('completed');
    expect(buttonLabels(result)).toContain('Hướng dẫn thủ tục');
  });
});

describe('facts residents can rely on', () => {
  const intro = (id: string) => bubblesOf(send(consentingUser(), { payload: `f:${id}` }, ctx));

  it('a checked fact is shown precisely; an unchecked one as "tham khảo" with the advice to ask the one-stop desk', () => {
    const facts = intro('guide-residence').join('\n');
    expect(facts).toContain('💰 Lệ phí: 20.000đ; nộp trực tuyến 10.000đ.');
    expect(facts).toContain('📍 Làm ở đâu: Tham khảo: Ứng dụng VNeID');
    expect(facts).toContain('bộ phận một cửa');
  });

  it('the judicial record goes to the police with the exact fee, not to the Sở Tư pháp', () => {
    const facts = intro('guide-judicial-record').join('\n');
    expect(facts).toContain('💰 Lệ phí: 200.000đ một lần; 100.000đ cho học sinh, sinh viên, người có công');
    expect(facts).toMatch(/Làm ở đâu: Tham khảo: Ứng dụng VNeID[^\n]*công an tỉnh/);
    expect(facts).not.toMatch(/Làm ở đâu:[^\n]*Sở Tư pháp/);
  });

  it('a step with an unchecked figure carries the advice; a step with a checked one does not', () => {
    let result = press(send(consentingUser(), { payload: 'f:guide-id-card' }, ctx), 'Bắt đầu');
    expect(bubblesOf(result).join(' ')).toContain('14, 25, 40 và 60 tuổi');
    expect(bubblesOf(result).join(' ')).not.toContain('bộ phận một cửa');
    for (let i = 0; i < 4; i++) result = press(result, 'Tiếp');
    expect(bubblesOf(result)[0]).toMatch(/^Bước 5\/6: .*tham khảo khoảng 50\.000đ/);
    expect(bubblesOf(result).at(-1)).toContain('bộ phận một cửa');
  });

  it('every step of every guide offers "Thông tin này chưa đúng?", which thanks the resident and goes back to the step', () => {
    for (const flow of content.registry.all().filter((f) => f.kind === 'guide')) {
      for (const [id, node] of Object.entries(flow.nodes)) {
        if (/^(intro|documents|step_\d+)$/.test(id) && node.type === 'send') expect(node.buttons?.map((b) => b.label), `${flow.id}:${id}`).toContain('Thông tin này chưa đúng?');
      }
    }
    const step = press(press(send(consentingUser(), { payload: 'f:guide-birth' }, ctx), 'Bắt đầu'), 'Tiếp');
    const reported = press(step, 'Thông tin này chưa đúng?');
    expect(bubblesOf(reported)[0]).toContain('Cảm ơn');
    expect(reported.events).toContainEqual({ type: 'profile_changed', field: 'contentReport', value: 'guide-birth#step_2' });
    expect(at(press(reported, 'Quay lại').state)).toBe('guide-birth:step_2');
  });

  it('a second tap on the same step is not a second report', () => {
    const step = press(press(send(consentingUser(), { payload: 'f:guide-birth' }, ctx), 'Bắt đầu'), 'Tiếp');
    const again = press(press(press(step, 'Thông tin này chưa đúng?'), 'Quay lại'), 'Thông tin này chưa đúng?');
    expect(again.events.filter((e) => e.type === 'profile_changed')).toEqual([]);
  });
});
