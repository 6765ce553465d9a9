// `npm run schema:export`: writes JSON Schemas of the flow and message formats
// to schema/, for editors (YAML language server: `# yaml-language-server: $schema=...`).
import { mkdir, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { CatalogSchema } from '../engine/catalog.js';
import { FlowSchema } from '../engine/flow-schema.js';
import { CourseTextsSchema, CurriculumSchema, GuideSchema, LessonSchema } from '../content/course-schema.js';
import { OfficialDomainsSchema } from '../content/domains.js';
import { FaqFileSchema } from '../content/faq-schema.js';
import { ScamPatternSchema, ScamTextsSchema } from '../scam-check/library-schema.js';
import { PlaybookSchema, PlaybookTextsSchema } from '../content/playbook-schema.js';
import { AssessmentBankSchema, FrameworkSchema } from '../content/framework-schema.js';
import { WardsFileSchema } from '../engine/wards/directory.js';

await mkdir('schema', { recursive: true });
const schemas = {
  'flow.schema.json': FlowSchema,
  'messages.schema.json': CatalogSchema,
  // Author-facing course formats (content/lessons, content/guides, content/*.yaml).
  'lesson.schema.json': LessonSchema,
  'guide.schema.json': GuideSchema,
  'curriculum.schema.json': CurriculumSchema,
  'course-texts.schema.json': CourseTextsSchema,
  'official-domains.schema.json': OfficialDomainsSchema,
  // The Q&A knowledge base (content/faq/<topic>.yaml).
  'faq.schema.json': FaqFileSchema,
  // The scam library (content/scams/<id>.yaml and content/scams/_texts.yaml).
  'scam.schema.json': ScamPatternSchema,
  'scam-texts.schema.json': ScamTextsSchema,
  // Urgent playbooks (content/playbooks/<id>.yaml and content/playbooks/_texts.yaml).
  'playbook.schema.json': PlaybookSchema,
  'playbook-texts.schema.json': PlaybookTextsSchema,
  // The skills framework (content/framework.yaml) and its question banks (content/assessment/<area>.yaml).
  'framework.schema.json': FrameworkSchema,
  'assessment.schema.json': AssessmentBankSchema,
  // The ward directory (content/wards.yaml).
  'wards.schema.json': WardsFileSchema,
};
for (const [file, schema] of Object.entries(schemas)) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  await writeFile(`schema/${file}`, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote schema/${file}`);
}
