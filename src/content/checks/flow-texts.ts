// Every piece of resident-facing text in a flow, with the path it lives at,
// so text checks can name the exact place to fix.
import type { LoadedFlow } from '../../engine/flow-registry.js';
import type { FlowNode } from '../../engine/flow-schema.js';

export interface PlacedText {
  path: string;
  text: string;
  /** Bubbles are whole messages; labels are short button texts. */
  role: 'bubble' | 'label';
}

export function textsOfFlow(flow: Pick<LoadedFlow, 'nodes'>): PlacedText[] {
  return Object.entries(flow.nodes).flatMap(([id, node]) => textsOfNode(node).map((t) => ({ ...t, path: `nodes.${id}.${t.path}` })));
}

function textsOfNode(node: FlowNode): PlacedText[] {
  const found: PlacedText[] = [];
  const bubbles = (path: string, value: string | string[] | undefined) => {
    if (value === undefined) return;
    if (typeof value === 'string') found.push({ path, text: value, role: 'bubble' });
    else value.forEach((text, i) => found.push({ path: `${path}.${i}`, text, role: 'bubble' }));
  };
  const labels = (path: string, items: { label: string }[] | undefined) =>
    items?.forEach((item, i) => found.push({ path: `${path}.${i}.label`, text: item.label, role: 'label' }));
  switch (node.type) {
    case 'send':
      bubbles('text', node.text);
      labels('buttons', node.buttons);
      if (node.link) found.push({ path: 'link.label', text: node.link.label, role: 'label' });
      break;
    case 'ask':
      bubbles('text', node.text);
      bubbles('invalid', node.invalid);
      labels('choices', node.choices);
      break;
    case 'quiz':
      bubbles('question', node.question);
      labels('options', node.options);
      node.options.forEach((option, i) => bubbles(`options.${i}.explanation`, option.explanation));
      break;
    case 'end':
      bubbles('text', node.text);
      labels('buttons', node.buttons);
      break;
    default:
      break;
  }
  return found;
}

/** Texts of the catalog (content/messages.yaml), keyed by their path. */
export function textsOfCatalog(catalog: Record<string, unknown>): PlacedText[] {
  const found: PlacedText[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') found.push({ path, text: value, role: 'bubble' });
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}.${i}`));
    else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
  };
  walk(catalog, '');
  return found;
}
