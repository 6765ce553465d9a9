// The dashboard's numbers, from the counters (one read) and two bounded reads
// (the last unanswered questions, the console's recent broadcasts).
import type { FlowRegistry } from '../../engine/flow-registry.js';
import { foldText } from '../../engine/text.js';
import type { Store } from '../../store/types.js';
import { isoWeek } from '../../broadcast/weekly.js';
import type { Operator } from '../auth/session.js';
import { wardsInScope } from '../scope.js';
import type { WardDirectory } from '../../engine/wards/directory.js';
import { wardLabel } from '../../engine/wards/match.js';
import { UNANSWERED_RING } from './aggregate.js';

export const GROUP_LABELS: Record<string, string> = {
  elderly: 'Người cao tuổi',
  worker: 'Người lao động',
  farmer: 'Nông dân',
  student: 'Học sinh, sinh viên',
  disability: 'Người khuyết tật',
  other: 'Khác / bỏ qua',
  '': 'Chưa chọn',
};
export const CHANNEL_LABELS: Record<string, string> = {
  web: 'Trang web',
  telegram: 'Telegram',
  'zalo-personal': 'Zalo cá nhân',
  'zalo-bot': 'Zalo Bot',
  'zalo-oa': 'Zalo OA',
  botframework: 'Bot Framework',
};

export interface LessonRow {
  id: string;
  title: string;
  started: number;
  completed: number;
  averageScore: number | null;
  right: number;
  wrong: number;
}

export interface Dashboard {
  residents: number;
  byWard: { id: string; label: string; residents: number; lessonsCompleted: number }[];
  byGroup: { label: string; value: number }[];
  byChannel: { label: string; value: number }[];
  activeWeeks: { label: string; value: number }[];
  funnel: { label: string; value: number }[];
  lessons: LessonRow[];
  qa: { asked: number; answered: number; notFound: number; volunteer: number; topUnanswered: { text: string; count: number }[] };
  scamChecks: number;
  scamVerdicts: { label: string; value: number }[];
  /** Staff see their wards only: the other figures are for everyone, and say so. */
  scoped: boolean;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export async function readDashboard(store: Store, registry: FlowRegistry, directory: WardDirectory, operator: Operator, timeZone: string, now = Date.now()): Promise<Dashboard> {
  const counts = await store.operators.counts();
  const scope = wardsInScope(operator, directory);
  const prefixed = (prefix: string) =>
    Object.entries(counts)
      .filter(([name, value]) => name.startsWith(prefix) && value !== 0)
      .map(([name, value]) => [name.slice(prefix.length), value] as const);
  const wardIds = prefixed('ward:')
    .map(([id]) => id)
    .filter((id) => !scope || scope.has(id));
  for (const id of scope ?? []) if (!wardIds.includes(id)) wardIds.push(id);
  const wardLessons = (ward: string) => sum(prefixed(`wardlesson:${ward}:`).map(([, v]) => v));
  const byWard = wardIds.map((id) => ({ id, label: wardLabel(id, directory), residents: counts[`ward:${id}`] ?? 0, lessonsCompleted: wardLessons(id) })).sort((a, b) => b.residents - a.residents);
  const lessons: LessonRow[] = registry
    .all()
    .filter((flow) => flow.kind === 'lesson')
    .map((flow) => {
      const c = (name: string) => counts[`lesson:${flow.id}:${name}`] ?? 0;
      return {
        id: flow.id,
        title: flow.title,
        started: c('started'),
        completed: c('completed'),
        averageScore: c('scored') ? Math.round(c('scoreSum') / c('scored')) : null,
        right: c('right'),
        wrong: c('wrong'),
      };
    });
  const weeks = Array.from({ length: 8 }, (_, i) => isoWeek(now - (7 - i) * 7 * 86_400_000, timeZone));
  const notFound = counts['qa:not-found'] ?? 0;
  const volunteer = counts['qa:volunteer'] ?? 0;
  const asked = counts['qa:asked'] ?? 0;
  return {
    residents: scope ? sum(byWard.map((w) => w.residents)) : (counts.residents ?? 0),
    byWard,
    byGroup: prefixed('group:')
      .map(([g, value]) => ({ label: GROUP_LABELS[g] ?? g, value }))
      .sort((a, b) => b.value - a.value),
    byChannel: prefixed('channel:')
      .map(([c, value]) => ({ label: CHANNEL_LABELS[c] ?? c, value }))
      .sort((a, b) => b.value - a.value),
    activeWeeks: weeks.map((week) => ({ label: week, value: counts[`active:${week}`] ?? 0 })),
    funnel: [
      { label: 'Bắt đầu trò chuyện', value: counts.residents ?? 0 },
      { label: 'Làm quen xong', value: counts['funnel:o'] ?? 0 },
      { label: 'Mở bài học đầu tiên', value: counts['funnel:s'] ?? 0 },
      { label: 'Học xong bài đầu tiên', value: counts['funnel:d'] ?? 0 },
    ],
    lessons,
    qa: { asked, notFound, volunteer, answered: Math.max(0, asked - notFound - volunteer - (counts['qa:refused'] ?? 0) - (counts['qa:quota'] ?? 0)), topUnanswered: await topUnanswered(store) },
    scamChecks: counts['scam:checks'] ?? 0,
    scamVerdicts: [
      { label: 'Nguy hiểm', value: counts['scam:nguy-hiem'] ?? 0 },
      { label: 'Đáng ngờ', value: counts['scam:dang-ngo'] ?? 0 },
      { label: 'Chưa thấy dấu hiệu', value: counts['scam:chua-thay-dau-hieu'] ?? 0 },
    ],
    scoped: scope !== undefined,
  };
}

async function topUnanswered(store: Store, top = 10): Promise<{ text: string; count: number }[]> {
  const texts = await Promise.all(Array.from({ length: UNANSWERED_RING }, (_, i) => store.shared.get(`stats:unanswered:${i}`)));
  const groups = new Map<string, { text: string; count: number }>();
  for (const text of texts) {
    if (!text) continue;
    const key = foldText(text);
    const group = groups.get(key) ?? { text, count: 0 };
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count).slice(0, top);
}

function csvCell(value: unknown): string {
  const text = String(value ?? '');
  // A leading = + - @ would be run as a formula by spreadsheet programs.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: unknown[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function wardCsv(dashboard: Dashboard, counts: Record<string, number>, registry: FlowRegistry): string {
  const lessons = registry.all().filter((flow) => flow.kind === 'lesson');
  const header = ['ma_phuong', 'phuong_xa', 'nguoi_dan', 'luot_hoc_xong_bai', ...lessons.map((l) => `xong:${l.id}`)];
  return toCsv([header, ...dashboard.byWard.map((w) => [w.id, w.label, w.residents, w.lessonsCompleted, ...lessons.map((l) => counts[`wardlesson:${w.id}:${l.id}`] ?? 0)])]);
}

export function lessonCsv(dashboard: Dashboard): string {
  return toCsv([
    ['ma_bai', 'ten_bai', 'bat_dau', 'hoc_xong', 'diem_tb_phan_tram', 'cau_dung', 'cau_sai'],
    ...dashboard.lessons.map((l) => [l.id, l.title, l.started, l.completed, l.averageScore ?? '', l.right, l.wrong]),
  ]);
}
