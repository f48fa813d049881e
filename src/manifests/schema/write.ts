// Writes schemas/*.schema.json from the TypeScript schemas:
//   node --import tsx src/manifests/schema/write.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSchemaFiles } from './files.js';

const dir = join(import.meta.dirname, '../../../schemas');
for (const [name, text] of Object.entries(renderSchemaFiles())) writeFileSync(join(dir, name), text);
