import { beforeAll, describe, expect, it } from 'vitest';
import { victim } from '../../src/engine/front-door/recognizers/victim.js';
import { inputFor, realContent, type RealContent } from './helpers.js';

let content: RealContent;
beforeAll(async () => {
  content = await realContent();
});

const playbookOf = (text: string) => {
  const decision = victim.recognize(inputFor(content, text));
  return decision?.kind === 'urgent' ? decision.flow : undefined;
};

describe('a victim or an emergency', () => {
  it.each([
    ['toi vua bi lua chuyen mat 20 trieu roi phai lam sao', 'urgent-money-sent'],
    ['tôi vừa bị lừa', 'urgent-money-sent'],
    // Money gone from the account without a transfer: someone is in the account.
    ['mất tiền trong tài khoản rồi', 'urgent-account-taken'],
    ['lỡ đọc OTP cho người lạ', 'urgent-secrets-given'],
    ['bac lo gui ma otp cho thang goi dien roi', 'urgent-secrets-given'],
    ['zalo cua toi bi hack roi', 'urgent-account-taken'],
    ['facebook của con tôi bị hack đang nhắn tin vay tiền', 'urgent-account-taken'],
    ['toi cai nham ung dung la roi', 'urgent-remote-app'],
    ['tôi lỡ cài teamviewer theo lời người gọi', 'urgent-remote-app'],
    ['nguoi la chup can cuoc cua toi', 'urgent-documents-photographed'],
  ])('"%s" → %s', (text, flow) => {
    expect(playbookOf(text)).toBe(flow);
  });

  it.each([
    'làm sao để không bị lừa',
    'cach phong tranh bi lua qua dien thoai',
    'nếu bị hack zalo thì làm gì',
    'làm sao để zalo không bị hack',
    'quen mk vneid',
    'chuyển khoản bằng mã qr thế nào',
    'Làm tài khoản VNeID có mất tiền không?',
    'cài thêm lớp khóa cho facebook đỡ bị hack',
    'Tôi lỡ chuyển nhầm tiền sang tài khoản người khác phải làm sao?',
    'chuyen qr bao loi nhung bi tru tien',
    'Chụp giấy tờ để nộp hồ sơ online thế nào cho rõ?',
  ])('"%s" is advice, not an emergency', (text) => {
    expect(playbookOf(text)).toBeUndefined();
  });

  it('every playbook flow starts with the next ten minutes and ends with the lesson as a button', () => {
    const flows = content.registry.all().filter((flow) => flow.id.startsWith('urgent-'));
    expect(flows.map((flow) => flow.id).sort()).toEqual(['urgent-account-taken', 'urgent-documents-photographed', 'urgent-money-sent', 'urgent-remote-app', 'urgent-secrets-given']);
    for (const flow of flows) {
      const node = flow.nodes[flow.start]!;
      expect(node.type).toBe('end');
      if (node.type !== 'end') continue;
      const [now, report] = [node.text].flat();
      expect(now).toMatch(/^⚠️ Làm ngay trong 10 phút tới:\n1\. /);
      expect(report).toMatch(/canhbao\.khonggianmang\.vn|113/);
      expect(node.buttons?.[0]?.flow).toMatch(/^lesson-/);
    }
  });
});
