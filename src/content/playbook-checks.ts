// `npm run content:check` for the urgent playbooks: the related lesson exists,
// and every source that is a page is an official https link on the allowlist.
// (Bubble length, wording and links in the texts are checked on the compiled
// flows like every other flow's.)
import type { ContentProblem } from '../engine/flow-registry.js';
import { linkProblem, loadOfficialDomains } from './domains.js';
import { sourceUrl } from './facts.js';
import { loadPlaybooks } from './playbook-source.js';
import type { ContentCheck } from './check-types.js';

export const playbookContentCheck: ContentCheck = async (paths, content) => {
  const [{ playbooks }, { domains, problems: domainProblems }] = await Promise.all([loadPlaybooks(paths), loadOfficialDomains(paths)]);
  const problems: ContentProblem[] = [...domainProblems];
  for (const { file, data } of playbooks) {
    if (!content.registry.get(data.lesson)) problems.push({ file, path: 'lesson', message: `unknown lesson "${data.lesson}"` });
    for (const part of ['now', 'report'] as const) {
      data[part].forEach((fact, i) => {
        const url = sourceUrl(fact.source);
        const problem = url && linkProblem(url, domains);
        if (problem) problems.push({ file, path: `${part}.${i}.source`, message: problem });
      });
    }
  }
  return problems;
};
