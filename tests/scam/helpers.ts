// Loads the real scam library and allowlist once for the scam tests.
import path from 'node:path';
import { loadOfficialDomains, loadScamLibrary } from '../../src/scam-check/library.js';
import type { ScamLibrary } from '../../src/scam-check/library-schema.js';
import type { OfficialDomain } from '../../src/scam-check/urls.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export async function loadRealLibrary(): Promise<{ library: ScamLibrary; domains: OfficialDomain[] }> {
  const [loaded, domains] = await Promise.all([loadScamLibrary(ROOT), loadOfficialDomains(ROOT)]);
  if (!loaded.library || loaded.problems.length > 0) throw new Error(`scam library has problems: ${JSON.stringify(loaded.problems)}`);
  return { library: loaded.library, domains: domains.domains };
}
