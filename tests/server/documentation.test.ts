// The documentation that editors and operators rely on stays in step with the code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { broadcastEnvSchema } from '../../src/broadcast/index.js';
import { channelModules } from '../../src/channels/index.js';
import { coreEnvSchema } from '../../src/config/index.js';
import { CatalogSchema } from '../../src/engine/catalog.js';
import { FlowSchema } from '../../src/engine/flow-schema.js';
import { serviceEnvSchemas } from '../../src/runtime/services.js';
import { ROOT } from '../helpers/engine.js';

describe('documentation', () => {
  it('.env.example documents every environment variable the code reads', () => {
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const schemas = [coreEnvSchema, broadcastEnvSchema, ...serviceEnvSchemas, ...channelModules.map((m) => m.envSchema)];
    const variables = schemas.flatMap((schema) => Object.keys(schema.shape));
    const missing = variables.filter((name) => !new RegExp(`^${name}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });

  it('the committed JSON Schemas match the zod schemas (run npm run schema:export)', () => {
    for (const [file, schema] of [
      ['flow.schema.json', FlowSchema],
      ['messages.schema.json', CatalogSchema],
    ] as const) {
      const committed = JSON.parse(readFileSync(path.join(ROOT, 'schema', file), 'utf8'));
      expect(committed, file).toEqual(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
    }
  });
});
