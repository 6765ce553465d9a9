// `npm run schema:export`: writes JSON Schemas of the flow and message formats
// to schema/, for editors (YAML language server: `# yaml-language-server: $schema=...`).
import { mkdir, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { CatalogSchema } from '../engine/catalog.js';
import { FlowSchema } from '../engine/flow-schema.js';

await mkdir('schema', { recursive: true });
const schemas = { 'flow.schema.json': FlowSchema, 'messages.schema.json': CatalogSchema };
for (const [file, schema] of Object.entries(schemas)) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  await writeFile(`schema/${file}`, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote schema/${file}`);
}
