// The allowlist of official domains (content/official-domains.yaml). Content
// may only link there; a domain also covers its subdomains.
import path from 'node:path';
import { z } from 'zod';
import { zodProblems, type ContentProblem } from '../engine/flow-registry.js';
import { readYamlFile, type ContentPaths } from './loader.js';

export const DOMAINS_FILE = 'official-domains.yaml';

export const OfficialDomainsSchema = z.strictObject({
  domains: z
    .array(
      z.strictObject({
        domain: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a bare domain such as "dichvucong.gov.vn"'),
        owner: z.string().min(2).describe('Who runs it, in Vietnamese.'),
      }),
    )
    .min(1),
});

export async function loadOfficialDomains(paths: ContentPaths): Promise<{ domains: string[]; problems: ContentProblem[] }> {
  const problems: ContentProblem[] = [];
  const relative = path.relative(paths.root, path.join(paths.contentDir, DOMAINS_FILE));
  const data = await readYamlFile(path.join(paths.root, relative), relative, problems);
  if (data === undefined) return { domains: [], problems };
  const parsed = OfficialDomainsSchema.safeParse(data);
  if (!parsed.success) return { domains: [], problems: [...problems, ...zodProblems(relative, parsed.error)] };
  return { domains: parsed.data.domains.map((entry) => entry.domain), problems };
}

/** Why a link may not be used, or undefined when it is an https link to an allowlisted domain. */
export function linkProblem(url: string, domains: string[]): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a valid link`;
  }
  if (parsed.protocol !== 'https:') return `"${url}" must use https`;
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const allowed = domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
  return allowed ? undefined : `"${parsed.hostname}" is not on the official allowlist (content/${DOMAINS_FILE})`;
}
