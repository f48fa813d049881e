import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseAllDocuments } from 'yaml';
import { renderSchemaFiles } from '../../src/manifests/schema/files.js';

test('schemas/*.schema.json are exactly what the TypeScript schemas generate', () => {
  const files = renderSchemaFiles();
  assert.deepEqual(readdirSync('schemas').sort(), Object.keys(files).sort());
  for (const [name, text] of Object.entries(files)) {
    assert.equal(readFileSync(join('schemas', name), 'utf8'), text, `schemas/${name} is stale: run node --import tsx src/manifests/schema/write.ts`);
  }
});

// Editors resolve the combined schema's relative $refs against its location; so does this base.
const BASE = 'file:///schemas/';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []));
}

/** What an editor does: follow the modeline, load the schema (and its $refs) and validate each document. */
test('every example names an existing schema in its yaml-language-server modeline and conforms to it', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  for (const name of readdirSync('schemas')) ajv.addSchema(JSON.parse(readFileSync(join('schemas', name), 'utf8')) as object, `${BASE}${name}`);
  for (const file of yamlFiles('manifests/examples')) {
    const text = readFileSync(file, 'utf8');
    const match = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
    assert.ok(match, `${file} has no $schema modeline`);
    const schemaPath = resolve(dirname(file), match[1] as string);
    assert.ok(existsSync(schemaPath), `${file} → ${schemaPath} does not exist`);
    const validate = ajv.getSchema(`${BASE}${schemaPath.split('/').at(-1)}`);
    assert.ok(validate, `${schemaPath} is a registered schema`);
    for (const doc of parseAllDocuments(text)) {
      assert.ok(validate(doc.toJS()), `${file}: ${JSON.stringify(validate.errors)}`);
    }
  }
});

test('the combined schema selects the kind\'s schema: a RamRole error is reported, an unknown kind is rejected', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  for (const name of readdirSync('schemas')) ajv.addSchema(JSON.parse(readFileSync(join('schemas', name), 'utf8')) as object, `${BASE}${name}`);
  const validate = ajv.getSchema(`${BASE}manifest.schema.json`);
  assert.ok(validate, 'manifest.schema.json is registered');
  const role = { apiVersion: 'eci-acr-reconciler/v1alpha1', kind: 'RamRole', metadata: { name: 'r' }, spec: { account: 'eci', trust: { services: ['eci.aliyuncs.com'] } } };
  assert.equal(validate(role), true);
  assert.equal(validate({ ...role, spec: { ...role.spec, maxSessionDuration: 10 } }), false);
  assert.equal(validate({ ...role, kind: 'Bucket' }), false);
});
