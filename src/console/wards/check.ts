// content:check for content/wards.yaml (schema, duplicate names after folding).
// Shaped like a ContentCheck without importing its type (no import cycle).
import type { ContentProblem } from '../../engine/flow-registry.js';
import { loadWardDirectory } from './directory.js';

export async function wardContentCheck(paths: { contentDir: string }): Promise<ContentProblem[]> {
  return (await loadWardDirectory(paths.contentDir)).problems;
}
