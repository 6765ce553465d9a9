// Where the source checks of `npm run content:check` and the table of
// `npm run content:review` find facts. Each kind of content that states facts
// (guides here; FAQ entries, urgent playbooks) registers one provider below,
// building its FactItems with placeFact() from guide-facts.ts.
import { loadCourse } from './course-source.js';
import { guideFactItem, type FactItem } from './guide-facts.js';
import type { ContentPaths } from './loader.js';

export type FactProvider = (paths: ContentPaths) => Promise<FactItem[]>;

export const guideFactProvider: FactProvider = async (paths) => (await loadCourse(paths)).guides.map(guideFactItem);

export const factProviders: FactProvider[] = [guideFactProvider];

export async function allFactItems(paths: ContentPaths, providers: FactProvider[] = factProviders): Promise<FactItem[]> {
  return (await Promise.all(providers.map((provider) => provider(paths)))).flat();
}
