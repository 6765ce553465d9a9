// Wording the 2025 reorganisation and the 2024 identity law made wrong:
// - district authorities ("UBND huyện", "công an quận", "cấp huyện"): since
//   1 July 2025 there is no district level; procedures go to the commune or ward
//   (xã, phường) or the province;
// - "căn cước công dân": since Luật Căn cước 2023 (in force 1 July 2024) the card
//   is "thẻ căn cước"; the old name is fine only about old cards ("thẻ căn cước
//   công dân cũ vẫn dùng được").
// Quoted text is skipped: a scammer's sample message or a name on screen.
import type { ContentProblem, LoadedFlow } from '../../engine/flow-registry.js';
import { textsOfFlow, type PlacedText } from './flow-texts.js';
import { warning, type Finding } from './severity.js';

const AUTHORITY = String.raw`ubnd|ủy ban nhân dân|uỷ ban nhân dân|công an|chủ tịch|tòa án nhân dân|toà án nhân dân|viện kiểm sát nhân dân|bảo hiểm xã hội|chi cục thuế|phòng\s+[\p{L}-]+(?:\s+[\p{L}-]+){0,4}?`;
const DISTRICT = new RegExp(String.raw`(?<![\p{L}])(?:cấp\s+(?:huyện|quận)|quận\s*\/\s*huyện|quận,\s*huyện|huyện,\s*quận|(?:${AUTHORITY})\s+(?:quận|huyện|thị\s+xã))(?![\p{L}])`, 'u');
const OLD_ID_NAME = /(?<![\p{L}])(?:căn cước công dân|cccd)(?![\p{L}])/u;
/** "thẻ căn cước công dân cũ", "đã cấp", "còn hạn": talking about old cards is right. */
const ABOUT_OLD_CARDS = /(cũ|đã cấp|trước đây|trước ngày|còn hạn|còn giá trị|vẫn dùng|vẫn có giá trị|hết hạn)/u;
const QUOTED = /“[^”]*”|"[^"]*"|«[^»]*»/gu;

export interface WordingIssue {
  phrase: string;
  message: string;
}

export function findOutdatedWording(text: string): WordingIssue[] {
  const issues: WordingIssue[] = [];
  for (const clause of clausesOf(text)) {
    const district = DISTRICT.exec(clause);
    if (district) issues.push({ phrase: district[0], message: `"${district[0]}": since 1 July 2025 there is no district level; name the commune or ward (xã, phường) or the province` });
    const idName = OLD_ID_NAME.exec(clause);
    if (idName && !ABOUT_OLD_CARDS.test(clause)) issues.push({ phrase: idName[0], message: `"${idName[0]}": since Luật Căn cước 2023 the card is "thẻ căn cước"; keep the old name only about old cards ("thẻ căn cước công dân cũ")` });
  }
  return issues;
}

function clausesOf(text: string): string[] {
  return text.normalize('NFC').replace(QUOTED, ' … ').toLowerCase().split(/[.!?;\n•]+/u).map((clause) => clause.trim()).filter(Boolean);
}

export function checkWording(file: string, texts: PlacedText[]): Finding[] {
  return texts.flatMap((t) => findOutdatedWording(t.text).map((issue) => warning({ file, path: t.path, message: issue.message })));
}

export function checkFlowWording(flows: LoadedFlow[]): ContentProblem[] {
  return flows.flatMap((flow) => checkWording(flow.file, textsOfFlow(flow)));
}
