import { KINDS, KIND_SCHEMAS, manifestSchema, schemaFileName } from './index.js';

/** File name → contents of every file in schemas/. */
export function renderSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = { 'manifest.schema.json': `${JSON.stringify(manifestSchema, null, 2)}\n` };
  for (const kind of KINDS) files[schemaFileName(kind)] = `${JSON.stringify(KIND_SCHEMAS[kind], null, 2)}\n`;
  return files;
}
