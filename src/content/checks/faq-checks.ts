// content:check rules for the Q&A knowledge base that need the rest of the
// content: official links only (in answers and sources), no request for a
// secret (the lint lessons use), and related ids that open an existing flow.
// Schema errors and duplicates are reported by the FAQ source (faq-source.ts).
import type { ContentProblem, FlowRegistry } from '../../engine/flow-registry.js';
import type { ContentCheck } from '../check-types.js';
import { linkProblem, loadOfficialDomains } from '../domains.js';
import { loadFaq, type PlacedFaqEntry } from '../faq-source.js';
import { URL_IN_TEXT } from './link-checks.js';
import { warning } from './severity.js';
import { checkBubbleLength, checkSecretRequests } from './text-checks.js';
import { checkWording } from './wording-checks.js';

/** "bạn"/"bác" as a form of address (not "bác sĩ", "bạn bè"). */
const LITERAL_ADDRESS = /(?<![\p{L}{])(?:bạn|bác)(?![\p{L}])(?!\s+(?:sĩ|bè))/iu;
const QUOTED = /“[^”]*”|"[^"]*"|«[^»]*»/gu;

export function checkFaqEntry(entry: PlacedFaqEntry, domains: string[], registry: FlowRegistry): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const at = (suffix: string) => `${entry.path}.${suffix}`;
  const checkLink = (where: string, url: string) => {
    const problem = linkProblem(url, domains);
    if (problem) problems.push({ file: entry.file, path: where, message: problem });
  };
  if (/^https?:\/\//.test(entry.source)) checkLink(at('source'), entry.source);
  const bubbles = entry.answer.map((text, index) => ({ path: at(`answer.${index}`), text, role: 'bubble' as const }));
  for (const bubble of bubbles) {
    for (const found of bubble.text.match(URL_IN_TEXT) ?? []) checkLink(bubble.path, found.startsWith('http') ? found : `https://${found}`);
  }
  problems.push(...checkBubbleLength(entry.file, bubbles), ...checkSecretRequests(entry.file, bubbles), ...checkWording(entry.file, bubbles));
  for (const bubble of bubbles) {
    // Quoted text is a name on screen or a scammer's words, not the tutor speaking.
    const word = LITERAL_ADDRESS.exec(bubble.text.replace(QUOTED, ' '))?.[0];
    if (word) problems.push(warning({ file: entry.file, path: bubble.path, message: `"${word}" addresses the resident in one way; write {{ban}} or {{Ban}} so an elderly resident reads "bác" and others "bạn"` }));
  }
  (entry.related ?? []).forEach((id, index) => {
    if (!registry.get(id)) problems.push({ file: entry.file, path: at(`related.${index}`), message: `unknown flow "${id}" (use the id of an existing guide, lesson or scam pattern)` });
  });
  return problems;
}

export const faqContentCheck: ContentCheck = async (paths, content) => {
  // Schema and duplicate problems come through the FAQ source, and problems of
  // the allowlist file through the link check of the flows: not repeated here.
  const [{ entries }, { domains }] = await Promise.all([loadFaq(paths), loadOfficialDomains(paths)]);
  return entries.flatMap((entry) => checkFaqEntry(entry, domains, content.registry));
};
