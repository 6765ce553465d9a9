// Every link in a flow — link buttons, links written in text, and the source
// of a lesson or guide — must be https on the official allowlist.
import type { ContentProblem, LoadedFlow } from '../../engine/flow-registry.js';
import { linkProblem } from '../domains.js';
import { textsOfFlow } from './flow-texts.js';

/** Links written in text, with or without "https://" ("dichvucong.gov.vn/thu-tuc"). */
export const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>)]+|\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org|info|io|xyz|top|app|me)(?:\/[^\s"'<>)]*)?/gi;

export function checkFlowLinks(flow: LoadedFlow, domains: string[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const check = (path: string, url: string) => {
    const problem = linkProblem(url, domains);
    if (problem) problems.push({ file: flow.file, path, message: problem });
  };
  for (const [id, node] of Object.entries(flow.nodes)) {
    if (node.type === 'send' && node.link) check(`nodes.${id}.link.url`, node.link.url);
  }
  if (typeof flow.meta?.source === 'string') check('meta.source', flow.meta.source);
  for (const text of textsOfFlow(flow)) {
    for (const found of text.text.match(URL_IN_TEXT) ?? []) check(text.path, found.startsWith('http') ? found : `https://${found}`);
  }
  return problems;
}

export function checkLinks(flows: LoadedFlow[], domains: string[]): ContentProblem[] {
  return flows.flatMap((flow) => checkFlowLinks(flow, domains));
}
