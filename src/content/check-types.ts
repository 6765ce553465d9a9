// The shape of a content check (run by `npm run content:check` and at load), in
// its own file so checks can name it without importing the registry that lists them.
import type { ContentProblem } from '../engine/flow-registry.js';
import type { ContentPaths, LoadedContent } from './loader.js';

export type ContentCheck = (paths: ContentPaths, content: LoadedContent) => Promise<ContentProblem[]> | ContentProblem[];
