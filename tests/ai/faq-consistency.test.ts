// The knowledge base and the refusals agree: a question the knowledge base
// answers is not declined, neither by the Q&A's own refusals (content/qa.yaml)
// nor by the front door's out-of-scope topics (content/messages.yaml), so it
// reaches the answer written for it.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildKnowledge, type Knowledge } from '../../src/ai/knowledge.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { lexiconOf } from '../../src/engine/front-door/lexicon.js';
import { RECOGNIZERS } from '../../src/engine/front-door/order.js';
import { understand } from '../../src/engine/front-door/understand.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { ROOT } from '../helpers/engine.js';

let knowledge: Knowledge;
let content: ContentHolder;
beforeAll(async () => {
  const loaded = await ContentHolder.load(defaultContentPaths(ROOT), flowSources);
  if (Array.isArray(loaded)) throw new Error(JSON.stringify(loaded.slice(0, 3)));
  content = loaded;
  knowledge = await buildKnowledge(content);
});

const phrasings = () => knowledge.index.docs.flatMap((doc) => (doc.faq?.questions ?? []).map((q) => ({ id: doc.id, q })));

describe('knowledge base and refusals', () => {
  it('the Q&A declines almost no phrasing of the knowledge base (the odd one is a refusal saying the same)', () => {
    const refused = phrasings().flatMap(({ id, q }) => {
      const rule = knowledge.safety.match(q);
      return rule ? [`${id}: "${q}" → ${rule.id}`] : [];
    });
    expect(refused.length, refused.join('\n')).toBeLessThanOrEqual(2);
  });

  it('the front door declines no phrasing of the knowledge base as out of scope', () => {
    const lexicon = lexiconOf(content.catalog);
    const outOfScope = RECOGNIZERS.find((recognizer) => recognizer.name === 'out-of-scope')!;
    const declined = phrasings().flatMap(({ id, q }) => {
      const decision = outOfScope.recognize({ u: understand(q), lexicon } as never) as { topic?: string } | undefined;
      return decision ? [`${id}: "${q}" → ${decision.topic}`] : [];
    });
    expect(declined, declined.join('\n')).toEqual([]);
  });
});
