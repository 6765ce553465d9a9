// The console's view of the ward directory: the one in use, which the flow
// registry carries (src/content/loader.ts loads content/wards.yaml with the
// flows, and a reload swaps both at once). The matcher is src/engine/wards.
import type { FlowRegistry } from '../../engine/flow-registry.js';
import type { WardDirectory } from '../../engine/wards/directory.js';

export { loadWardDirectory } from '../../content/loader.js';

/** The directory of the content in use (the second argument, the directory read at start-up, is no longer needed). */
export function followWardDirectory(content: { registry: FlowRegistry }, _initial?: WardDirectory): () => WardDirectory {
  return () => content.registry.wards;
}
