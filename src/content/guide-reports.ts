// The "Thông tin này chưa đúng?" button of every guide. Pressing it runs a set
// node that writes "<guide>#<place>" into profile.contentReport; the engine
// emits profile_changed for it, and content-reports.ts (server side) turns that
// event into an anonymous report. Reporting the same place twice in a row
// changes nothing, so a double tap counts once.
export const REPORT_FIELD = 'contentReport';
export const REPORTED_NODE = 'reported';

export function reportNodeId(at: string): string {
  return `report_${at}`;
}

export function reportValue(guideId: string, at: string): string {
  return `${guideId}#${at}`;
}

export interface ReportPlace {
  guide: string;
  /** "intro", "documents" or "step_<n>". */
  at: string;
}

export function parseReportValue(value: unknown): ReportPlace | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(guide-[a-z0-9-]+)#(intro|documents|step_\d{1,2})$/.exec(value);
  return match ? { guide: match[1]!, at: match[2]! } : undefined;
}

/** "Bước 3", "Phần đầu", "Giấy tờ cần có": where the report points, in words. */
export function placeLabel(at: string): string {
  if (at === 'intro') return 'Phần đầu (nơi làm, lệ phí, thời gian)';
  if (at === 'documents') return 'Giấy tờ cần có';
  return `Bước ${at.slice('step_'.length)}`;
}
