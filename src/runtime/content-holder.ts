// Holds the flows and texts in use, and swaps them on reload only when the new
// content is valid, so a broken edit never takes the tutor down.
import { loadContent, type ContentPaths, type FlowSource, type LoadedContent } from '../content/loader.js';
import type { Catalog } from '../engine/catalog.js';
import type { ContentProblem, FlowRegistry } from '../engine/flow-registry.js';

export class ContentHolder {
  private constructor(
    private content: LoadedContent,
    readonly paths: ContentPaths,
    private readonly sources: FlowSource[],
  ) {}

  /** Loads content; returns the problems instead of a holder when it is invalid. */
  static async load(paths: ContentPaths, sources: FlowSource[]): Promise<ContentHolder | ContentProblem[]> {
    const content = await loadContent(paths, sources);
    if (content.problems.length > 0) return content.problems;
    return new ContentHolder(content, paths, sources);
  }

  get registry(): FlowRegistry {
    return this.content.registry;
  }

  get catalog(): Catalog {
    return this.content.catalog;
  }

  /** Reloads from disk; keeps the current content and returns the problems if the new one is invalid. */
  async reload(): Promise<ContentProblem[]> {
    const next = await loadContent(this.paths, this.sources);
    if (next.problems.length > 0) return next.problems;
    this.content = next;
    return [];
  }
}
