// What the weekly alert sender (runtime) sends for one pattern: the tip with
// "Xem chi tiết" and "Làm bài kiểm tra nhanh". Rotation and delivery live in
// the runtime; it should also set profile.lastScamAlert to the pattern id, so
// "Xem cảnh báo tuần này" shows the same pattern.
import type { OutboundMessage } from '../engine/messages.js';
import { payloadFor } from '../engine/payloads.js';
import { defangLinks, detailFlowId, quizFlowId } from './flows.js';
import type { OfficialDomain } from './urls.js';
import type { ScamLibrary, ScamPattern } from './library-schema.js';

export function weeklyAlertFor(pattern: ScamPattern, library: ScamLibrary, officialDomains: OfficialDomain[]): OutboundMessage {
  const labels = library.texts.library.labels;
  return {
    text: defangLinks(pattern.tip, officialDomains),
    buttons: [
      { label: labels.details, payload: payloadFor.flow(detailFlowId(pattern.id)) },
      { label: labels.quiz, payload: payloadFor.flow(quizFlowId(pattern.id)) },
    ],
  };
}
