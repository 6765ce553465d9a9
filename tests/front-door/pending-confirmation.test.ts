import { beforeAll, describe, expect, it } from 'vitest';
import { pendingConfirmation } from '../../src/engine/front-door/recognizers/pending-confirmation.js';
import { inputFor, realContent, type RealContent } from './helpers.js';

let content: RealContent;
beforeAll(async () => {
  content = await realContent();
});

const deleteButtons = [
  { label: 'Xóa hết', payload: 'c:delete-yes' },
  { label: 'Không xóa', payload: 'c:delete-no' },
];
const atDelete = (text: string) => pendingConfirmation.recognize(inputFor(content, text, { pending: { kind: 'confirm-delete' }, choices: deleteButtons }));

describe('pending confirmation', () => {
  it.each(['có', 'co', 'Có ạ', 'ừ', 'u', 'đồng ý', 'dong y', 'ok', 'OK nhé', 'xóa đi', 'xoa di', 'Xóa hết', '1', 'vâng', 'chắc chắn'])('"%s" at "có chắc muốn xóa hết?" is yes', (text) => {
    expect(atDelete(text)).toEqual({ kind: 'confirm', answer: 'yes' });
  });

  it.each(['không', 'ko', 'k', 'thôi', 'Không xóa', '2', 'đừng xóa', 'huỷ'])('"%s" at "có chắc muốn xóa hết?" is no', (text) => {
    expect(atDelete(text)).toEqual({ kind: 'confirm', answer: 'no' });
  });

  it('passes anything else on (a question, a command)', () => {
    expect(atDelete('làm lại căn cước ở đâu')).toBeUndefined();
    expect(atDelete('menu')).toBeUndefined();
  });

  it('reads the resume prompt: "có" resumes, "học lại" restarts', () => {
    const resume = [
      { label: 'Học tiếp', payload: 'c:resume' },
      { label: 'Học lại từ đầu', payload: 'c:restart' },
    ];
    const at = (text: string) => pendingConfirmation.recognize(inputFor(content, text, { pending: { kind: 'resume', flow: 'lesson-qr' }, choices: resume }));
    expect(at('co')).toEqual({ kind: 'confirm', answer: 'yes' });
    expect(at('hoc tiep')).toEqual({ kind: 'confirm', answer: 'yes' });
    expect(at('học lại')).toEqual({ kind: 'confirm', answer: 'restart' });
    expect(at('2')).toEqual({ kind: 'confirm', answer: 'restart' });
    expect(at('không')).toEqual({ kind: 'confirm', answer: 'no' });
  });

  it('says nothing when no confirmation is pending', () => {
    expect(pendingConfirmation.recognize(inputFor(content, 'co'))).toBeUndefined();
  });
});
